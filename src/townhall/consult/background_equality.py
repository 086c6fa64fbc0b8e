"""While the web service runs: every minute, release due batches of equality answers into the
equality table and, on SQLite, cut the write-ahead log (each server process; releasing takes the
records out of the pool in one statement, so two processes never release one twice)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import date

from fastapi import FastAPI

from townhall.consult.background_receipts import attempt_in_thread, repeat_in_thread
from townhall.consult.services.equality_pool import release_and_scrub
from townhall.consult.settings import Settings

RELEASE_INTERVAL_SECONDS = 60.0


@asynccontextmanager
async def equality_tasks(app: FastAPI) -> AsyncIterator[None]:
    """Release what is due as the service starts, then every minute until it stops."""
    settings: Settings = app.state.settings

    def run() -> int:
        return release_and_scrub(app.state.engine, settings.equality_batch_minimum, date.today())

    await attempt_in_thread(run, "releasing equality answers")
    task = asyncio.create_task(
        repeat_in_thread(run, RELEASE_INTERVAL_SECONDS, "releasing equality answers")
    )
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
