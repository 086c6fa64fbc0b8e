"""Participation beyond the questionnaire: opinion statements and votes, residents' ideas.

Residents have no account: a random participant token kept in their session identifies their votes,
supports and submissions. Nothing a resident writes is shown until an officer approves it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from townhall.consult.models.base import Base, utc_now


class Statement(Base):
    """A short statement residents vote on; written by an officer or by a resident (moderated)."""

    __tablename__ = "consult_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(280))
    origin: Mapped[str] = mapped_column(String(20))
    moderation: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(1000), default="")
    author_token: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    moderated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    moderated_by: Mapped[str] = mapped_column(String(254), default="")


class StatementVote(Base):
    """One participant's vote on one statement (1 agree, -1 disagree, 0 pass); a new vote replaces it."""

    __tablename__ = "consult_statement_votes"
    __table_args__ = (UniqueConstraint("statement_id", "participant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("consult_statements.id", ondelete="CASCADE")
    )
    participant: Mapped[str] = mapped_column(String(64), index=True)
    value: Mapped[int] = mapped_column(Integer)
    voted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class Idea(Base):
    """A resident's idea for a service or a place, with its moderation and its public status."""

    __tablename__ = "consult_ideas"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(2000))
    ward_id: Mapped[int | None] = mapped_column(ForeignKey("consult_wards.id"))
    author_token: Mapped[str] = mapped_column(String(64))
    moderation: Mapped[str] = mapped_column(String(20))
    moderation_reason: Mapped[str] = mapped_column(String(1000), default="")
    status: Mapped[str] = mapped_column(String(30))
    status_reason: Mapped[str] = mapped_column(String(2000), default="")
    status_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    supports: Mapped[list[IdeaSupport]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    comments: Mapped[list[IdeaComment]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="IdeaComment.id"
    )


class IdeaSupport(Base):
    """One participant's support for an idea (at most one each)."""

    __tablename__ = "consult_idea_supports"
    __table_args__ = (UniqueConstraint("idea_id", "participant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("consult_ideas.id", ondelete="CASCADE"))
    participant: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class IdeaComment(Base):
    """A resident's comment on an idea, shown once an officer approves it."""

    __tablename__ = "consult_idea_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(
        ForeignKey("consult_ideas.id", ondelete="CASCADE"), index=True
    )
    author_token: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(String(1000))
    moderation: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
