"""Rate-limit events (a submission, a failed sign-in) counted by every server process together."""

from __future__ import annotations

from sqlalchemy import Float, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from townhall.consult.models.base import Base


class RateEvent(Base):
    """One counted event: which limit, whose (a keyed hash, never an address or e-mail), when."""

    __tablename__ = "consult_rate_events"
    __table_args__ = (Index("ix_consult_rate_events_scope_key_at", "scope", "key_hash", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))
    key_hash: Mapped[str] = mapped_column(String(32))
    at: Mapped[float] = mapped_column(Float)  # seconds since the epoch, the same in every process
