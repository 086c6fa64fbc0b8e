"""Equality monitoring answers, kept apart from responses so no id, order, time or transaction
links a record to the response it came with.

A resident's answers first wait in the pending pool (written in a transaction of its own, after
the response's), with a random key and no date; a background step moves them into the equality
table in shuffled batches of at least k, each batch in one transaction, dated the day it moved.
On SQLite both tables are WITHOUT ROWID, so no hidden insertion counter exists; on PostgreSQL the
pool is UNLOGGED (set by migration 0007), so its rows never reach the write-ahead log, replicas or
base backups. Councillors never read either table; officers see only aggregates with small counts
suppressed, and export them to a file of their own. See docs/security.md.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from townhall.consult.models.base import Base


class EqualityRecord(Base):
    """One respondent's optional equality answers, given with explicit consent.

    `given_on` is the day the record's batch was released from the pending pool (on or after
    the day of the response, never a finer time).
    """

    __tablename__ = "consult_equality_records"
    __table_args__ = ({"sqlite_with_rowid": False},)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    given_on: Mapped[date] = mapped_column(Date)
    age_band: Mapped[str] = mapped_column(String(40), default="")
    sex: Mapped[str] = mapped_column(String(40), default="")
    disability: Mapped[str] = mapped_column(String(40), default="")
    ethnic_group: Mapped[str] = mapped_column(String(60), default="")
    carer: Mapped[str] = mapped_column(String(40), default="")


class PendingEqualityRecord(Base):
    """Equality answers waiting to be released in a shuffled batch: a random key, no date."""

    __tablename__ = "consult_equality_pending"
    __table_args__ = ({"sqlite_with_rowid": False},)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    age_band: Mapped[str] = mapped_column(String(40), default="")
    sex: Mapped[str] = mapped_column(String(40), default="")
    disability: Mapped[str] = mapped_column(String(40), default="")
    ethnic_group: Mapped[str] = mapped_column(String(60), default="")
    carer: Mapped[str] = mapped_column(String(40), default="")


EQUALITY_FIELDS = ("age_band", "sex", "disability", "ethnic_group", "carer")
