"""Curated themes for a free-text question, officers' corrections, and each answer's reading.

The theme set itself is kept as the analysis engine's TOML (one row per question), so what
officers curate in the service is the same document they could edit or load by hand.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from townhall.consult.models.base import Base, utc_now


class ThemeSetRecord(Base):
    """The theme set officers keep for one free-text question, when answers were assigned, and
    the assignment under way (it runs after the officer's request has been answered)."""

    __tablename__ = "consult_theme_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("consult_questions.id", ondelete="CASCADE"), unique=True
    )
    definition: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assigning_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """When the assignment under way was asked for (None: none is)."""
    assignment_stage: Mapped[str | None] = mapped_column(String(200))
    """What the assignment under way is doing, in words, for the page."""
    assignment_heard_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    """When the assignment under way last reported progress (long silence: it stopped)."""
    assignment_error: Mapped[str | None] = mapped_column(String(1000))
    """Why the last assignment stored nothing, for the page (None: it did not fail)."""


class ThemeCorrection(Base):
    """An officer's reading of one answer: all the themes that apply (';'-joined) and its stance.

    `themes` is None when the reading no longer fits the themes (one it named was split or the
    themes were found afresh): the stance still stands, the themes are read again.
    """

    __tablename__ = "consult_theme_corrections"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("consult_answers.id", ondelete="CASCADE"), primary_key=True
    )
    themes: Mapped[str | None] = mapped_column(String(4000))
    stance: Mapped[str | None] = mapped_column(String(20))
    corrected_by: Mapped[str] = mapped_column(String(254))
    corrected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class ThemeAssignment(Base):
    """One theme given to one answer by the last assignment run, with its confidence."""

    __tablename__ = "consult_theme_assignments"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("consult_answers.id", ondelete="CASCADE"), primary_key=True
    )
    theme_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    confidence: Mapped[float] = mapped_column(Float)


class AnswerStance(Base):
    """An answer's stance toward the proposal from the last run (or the officer's correction)."""

    __tablename__ = "consult_answer_stances"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("consult_answers.id", ondelete="CASCADE"), primary_key=True
    )
    stance: Mapped[str] = mapped_column(String(20))
    corrected: Mapped[bool] = mapped_column(default=False)
