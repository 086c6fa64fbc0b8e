"""Residents' journeys in progress, submitted responses and their answers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from townhall.consult.models.base import Base, utc_now


class Journey(Base):
    """A resident's answers so far, kept server-side under a random token held in their session."""

    __tablename__ = "consult_journeys"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    data: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class ResumeLink(Base):
    """A link a resident asked for to carry on with a journey later: only the SHA-256 digest of
    its random token is kept; it works once, until `expires_at`, and goes with its journey."""

    __tablename__ = "consult_resume_links"

    token_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    journey_token: Mapped[str] = mapped_column(
        ForeignKey("consult_journeys.token", ondelete="CASCADE"), index=True
    )
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Response(Base):
    """A submitted response; `journey_token` is unique so submitting twice stores it once.

    `receipt_email` is kept only until the receipt is sent or given up on. A sender claims a
    receipt by counting an attempt and setting `receipt_retry_at` ahead; after a failure, that is
    when it is tried again, and `receipt_failure` says why (never with the address).
    `receipt_claimed_by` names the sender holding the claim (its lease runs to
    `receipt_retry_at`); `receipt_message_id` is fixed at the first claim and reused by every
    retry, so a mail server or client can tell a repeat from a new message.
    """

    __tablename__ = "consult_responses"
    __table_args__ = (
        Index(
            "ix_consult_responses_receipt_pending",
            "receipt_retry_at",
            sqlite_where=text("receipt_email IS NOT NULL"),
            postgresql_where=text("receipt_email IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    journey_token: Mapped[str] = mapped_column(String(64), unique=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    respondent_type: Mapped[str] = mapped_column(String(20))
    # The organisation's name, when someone responds for one (none otherwise).
    organisation_name: Mapped[str | None] = mapped_column(String(200))
    ward_id: Mapped[int | None] = mapped_column(ForeignKey("consult_wards.id"), index=True)
    receipt_email: Mapped[str | None] = mapped_column(String(254))
    receipt_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    receipt_retry_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    receipt_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    receipt_failure: Mapped[str | None] = mapped_column(String(200))
    receipt_message_id: Mapped[str | None] = mapped_column(String(200))
    receipt_claimed_by: Mapped[str | None] = mapped_column(String(100))
    # How it came: "online", or "paper" or "phone" typed in by the officer in `entered_by`, with
    # the day the council received it (services/entered_responses.py).
    channel: Mapped[str] = mapped_column(String(10), default="online", server_default="online")
    entered_by: Mapped[str | None] = mapped_column(String(254))
    received_on: Mapped[date | None] = mapped_column(Date)
    answers: Mapped[list[Answer]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Answer.id"
    )


class Answer(Base):
    """One part of an answer: a chosen option (with its rank for ranking questions) or text."""

    __tablename__ = "consult_answers"
    # Results count each option from this index alone (migration 0011).
    __table_args__ = (
        Index("ix_consult_answers_counting", "question_id", "choice_id", "rank", "response_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("consult_responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("consult_questions.id", ondelete="CASCADE"), index=True
    )
    choice_id: Mapped[int | None] = mapped_column(ForeignKey("consult_choices.id"))
    rank: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
