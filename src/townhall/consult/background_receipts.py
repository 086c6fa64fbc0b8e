"""While the web service runs, send due receipt e-mails every few seconds (when SMTP is set).

Every server process runs this; claims keep them from sending a receipt twice. Sending happens in a
worker thread, so the event loop (and residents' requests) never wait for the mail server.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from functools import partial

from fastapi import FastAPI

from townhall.consult.services.receipt_sending import SendCounts, send_due_receipts
from townhall.consult.settings import Settings

INTERVAL_SECONDS = 3.0
logger = logging.getLogger(__name__)


@asynccontextmanager
async def sending_receipts(app: FastAPI) -> AsyncIterator[None]:
    """The app's lifespan: a background task sends receipts from startup until shutdown."""
    settings: Settings = app.state.settings
    server = settings.smtp_server()
    if server is None or settings.mail_from is None:
        yield
        return
    stop = threading.Event()
    send = partial(
        send_due_receipts, app.state.reader, app.state.writer, server, settings.mail_from, stop=stop
    )
    task = asyncio.create_task(_keep_sending(send))
    try:
        yield
    finally:
        stop.set()  # a send under way finishes its receipt, then the run ends
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


async def _keep_sending(send: Callable[[], SendCounts]) -> None:
    """Run `send` in a thread every `INTERVAL_SECONDS`; a failed run is logged, never fatal."""
    while True:
        try:
            await asyncio.to_thread(send)
        except Exception:
            logger.exception("sending receipt e-mails failed; trying again shortly")
        await asyncio.sleep(INTERVAL_SECONDS)
