"""Receipt addresses are kept for a limited time, whatever the mail settings.

Any address still stored `TOWNHALL_RECEIPT_ADDRESS_DAYS` after its response was submitted (say the
mail server setting was removed, or nothing has tried to send since) is deleted in one UPDATE, and
the reason kept where a failed attempt's reason is. The web service's background task does this at
start-up and then hourly, and `townhall consult send-receipts` before it sends. Deletions are
logged and audited as a count, never with the addresses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from townhall.consult.audit import record
from townhall.consult.database import transaction
from townhall.consult.models import Response, utc_now

ACTOR = "receipt retention"
logger = logging.getLogger(__name__)


def address_cutoff(now: datetime, days: int) -> datetime:
    """Responses submitted before this moment may no longer keep a receipt address."""
    return now - timedelta(days=days)


def retention_reason(days: int) -> str:
    """Why an address was deleted unsent, as kept in the response's failure field."""
    return f"not sent within {days} day{'s' if days != 1 else ''}"


def delete_expired_addresses(session: Session, days: int, now: datetime) -> int:
    """Delete every receipt address kept past `days` (one UPDATE), audit the count; how many."""
    result = session.execute(
        update(Response)
        .where(
            Response.receipt_email.is_not(None),
            Response.submitted_at < address_cutoff(now, days),
        )
        .values(receipt_email=None, receipt_retry_at=None, receipt_failure=retention_reason(days))
        .execution_options(synchronize_session=False)
    )
    deleted = int(getattr(result, "rowcount", 0) or 0)
    if deleted:
        detail = f"{deleted} address{'es' if deleted != 1 else ''} {retention_reason(days)}"
        record(session, None, "delete receipt addresses", detail=detail, actor=ACTOR)
    return deleted


def purge_expired_addresses(
    writer: sessionmaker[Session], days: int, clock: Callable[[], datetime] = utc_now
) -> int:
    """Delete expired receipt addresses in a transaction of their own and log how many."""
    with transaction(writer) as session:
        deleted = delete_expired_addresses(session, days, clock())
    if deleted:
        logger.warning(
            "deleted %d receipt address%s %s",
            deleted,
            "es" if deleted != 1 else "",
            retention_reason(days),
        )
    return deleted
