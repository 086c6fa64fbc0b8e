"""While the web service runs: delete expired receipt addresses at start-up and then hourly
(always, mail server or not), and send due receipt e-mails every few seconds (when SMTP is set).

Every server process runs this; claims keep them from sending a receipt twice, and deleting is one
UPDATE that a second process finds nothing left for. The work happens in worker threads, so the
event loop (and residents' requests) never wait for the database's writer or the mail server.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from functools import partial

from fastapi import FastAPI

from townhall.consult.services.receipt_retention import purge_expired_addresses
from townhall.consult.services.receipt_sending import send_due_receipts
from townhall.consult.settings import Settings

SEND_INTERVAL_SECONDS = 3.0
PURGE_INTERVAL_SECONDS = 3600.0
logger = logging.getLogger(__name__)


@asynccontextmanager
async def receipt_tasks(app: FastAPI) -> AsyncIterator[None]:
    """The app's lifespan: expired addresses are deleted before it serves, then background tasks
    keep deleting them and (with a mail server) sending receipts until shutdown."""
    settings: Settings = app.state.settings
    purge = partial(purge_expired_addresses, app.state.writer, settings.receipt_address_days)
    await attempt_in_thread(purge, "deleting expired receipt addresses")
    tasks = [repeat_in_thread(purge, PURGE_INTERVAL_SECONDS, "deleting expired receipt addresses")]
    stop = threading.Event()
    server = settings.smtp_server()
    if server is not None and settings.mail_from is not None:
        send = partial(
            send_due_receipts,
            app.state.reader,
            app.state.writer,
            server,
            settings.mail_from,
            stop=stop,
            settings=settings,
        )
        tasks.append(repeat_in_thread(send, SEND_INTERVAL_SECONDS, "sending receipt e-mails"))
    running = [asyncio.create_task(task) for task in tasks]
    try:
        yield
    finally:
        stop.set()  # a send under way finishes its receipt, then the run ends
        for task in running:
            task.cancel()
        for task in running:
            with suppress(asyncio.CancelledError):
                await task


async def repeat_in_thread(run: Callable[[], object], interval_seconds: float, what: str) -> None:
    """Wait `interval_seconds`, then `run` in a thread, for ever."""
    while True:
        await asyncio.sleep(interval_seconds)
        await attempt_in_thread(run, what)


async def attempt_in_thread(run: Callable[[], object], what: str) -> None:
    """Run `run` in a thread; a failure is logged, never fatal (the next run tries again)."""
    try:
        await asyncio.to_thread(run)
    except Exception:
        logger.exception("%s failed; trying again later", what)
