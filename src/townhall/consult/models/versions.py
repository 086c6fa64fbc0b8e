"""The published versions of a consultation: what residents were shown, kept after corrections."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from townhall.consult.models.base import Base, utc_now


class Version(Base):
    """Version 1 is what was published; each correction adds the next, with what changed and why.

    `content` is the JSON of what residents saw (services/versions.py: title, summary, proposal,
    contact, dates, alternatives, questions and options), so every earlier version can be shown.
    """

    __tablename__ = "consult_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    made_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    actor: Mapped[str] = mapped_column(String(254))
    reason: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text)
