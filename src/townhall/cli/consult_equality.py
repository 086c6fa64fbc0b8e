"""`townhall consult release-equality`: release due batches of equality answers, for cron when no
web process runs (the web service does it every minute)."""

from __future__ import annotations

from datetime import date

from townhall.cli.consult_settings import DatabaseOption, consult_settings, existing_database
from townhall.cli.output import console, user_errors


@user_errors
def release_equality(database_url: DatabaseOption = None) -> None:
    """Move pending equality answers into the equality table in shuffled batches of at least
    TOWNHALL_EQUALITY_BATCH_MINIMUM (all of a closed consultation's), and on SQLite cut the
    write-ahead log."""
    from sqlalchemy import func, select

    from townhall.consult.database import session_factory
    from townhall.consult.models import PendingEqualityRecord
    from townhall.consult.services.equality_pool import release_and_scrub

    settings = consult_settings(database_url)
    minimum = settings.equality_batch_minimum
    with existing_database(settings, "use") as engine:
        released = release_and_scrub(engine, minimum, date.today())
        with session_factory(engine)() as session:
            waiting = session.scalar(select(func.count()).select_from(PendingEqualityRecord)) or 0
    console.print(
        f"Released {released} equality record{'s' if released != 1 else ''}; "
        f"{waiting} wait{'s' if waiting == 1 else ''} for a batch of {minimum} "
        "or for the consultation to close."
    )
