"""What councillors know about a ward: its community groups, notes, and engagement log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from townhall.consult.models.base import Base, utc_now


class CommunityGroup(Base):
    """A community group in a ward: who they are, how to reach them, what they do."""

    __tablename__ = "consult_community_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(
        ForeignKey("consult_wards.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(String(300), default="")
    activities: Mapped[str] = mapped_column(Text, default="")
    last_contact_on: Mapped[date | None] = mapped_column(Date)
    updated_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class WardNote(Base):
    """A note on the ward's history or one of its issues."""

    __tablename__ = "consult_ward_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(
        ForeignKey("consult_wards.id", ondelete="CASCADE"), index=True
    )
    topic: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class Engagement(Base):
    """One contact with the ward's residents (a meeting, bulletin, post, surgery) and what was heard."""

    __tablename__ = "consult_engagements"

    id: Mapped[int] = mapped_column(primary_key=True)
    ward_id: Mapped[int] = mapped_column(
        ForeignKey("consult_wards.id", ondelete="CASCADE"), index=True
    )
    happened_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    heard: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
