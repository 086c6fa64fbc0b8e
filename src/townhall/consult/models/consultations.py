"""A consultation and what it is made of: alternatives, questions, documents, wards, schemes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from townhall.consult.models.accounts import User
from townhall.consult.models.base import Base, utc_now
from townhall.consult.models.versions import Version
from townhall.consult.models.wards import Ward

consultation_wards = Table(
    "consult_consultation_wards",
    Base.metadata,
    Column(
        "consultation_id",
        ForeignKey("consult_consultations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("ward_id", ForeignKey("consult_wards.id", ondelete="CASCADE"), primary_key=True),
)


consultation_owners = Table(
    "consult_consultation_owners",
    Base.metadata,
    Column(
        "consultation_id",
        ForeignKey("consult_consultations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("user_id", ForeignKey("consult_users.id", ondelete="CASCADE"), primary_key=True),
)


question_conditions = Table(
    "consult_question_conditions",
    Base.metadata,
    Column(
        "question_id",
        ForeignKey("consult_questions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("choice_id", ForeignKey("consult_choices.id", ondelete="CASCADE"), primary_key=True),
)


# Which section a question is in (a table of its own, so adding sections needed no change to the
# questions table: SQLite cannot add a foreign key to an existing table without rebuilding it).
question_sections = Table(
    "consult_question_sections",
    Base.metadata,
    Column(
        "question_id",
        ForeignKey("consult_questions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "section_id",
        ForeignKey("consult_sections.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
)


class Consultation(Base):
    """A proposal put to residents while it is still formative, with its alternatives."""

    __tablename__ = "consult_consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    proposal: Mapped[str] = mapped_column(Text)
    # Who runs it and how to ask questions or respond another way; needed to publish. The server
    # default fills rows from before it existed without a table rebuild on SQLite.
    contact: Mapped[str] = mapped_column(Text, default="", server_default="")
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    alternatives: Mapped[list[Alternative]] = relationship(
        order_by="Alternative.position", cascade="all, delete-orphan"
    )
    questions: Mapped[list[Question]] = relationship(
        order_by="Question.position", cascade="all, delete-orphan", lazy="selectin"
    )
    sections: Mapped[list[Section]] = relationship(
        order_by="Section.position", cascade="all, delete-orphan", lazy="selectin"
    )
    documents: Mapped[list[Document]] = relationship(
        order_by="Document.id", cascade="all, delete-orphan"
    )
    schemes: Mapped[list[LinkedScheme]] = relationship(
        order_by="LinkedScheme.position", cascade="all, delete-orphan"
    )
    status_changes: Mapped[list[StatusChange]] = relationship(
        order_by="StatusChange.id", cascade="all, delete-orphan"
    )
    wards: Mapped[list[Ward]] = relationship(
        secondary=consultation_wards, order_by="Ward.name", lazy="selectin"
    )
    versions: Mapped[list[Version]] = relationship(
        order_by="Version.number", cascade="all, delete-orphan"
    )
    # "We asked, you said, we did": what the council decided, the one thing a closed consultation
    # can still change.
    outcome: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The officers who may change it (with admins); none, for one from before owners: any officer.
    owners: Mapped[list[User]] = relationship(
        secondary=consultation_owners, order_by="User.email", lazy="selectin"
    )
    # An optional sign-off before publishing: who signed the draft off, cleared by any change.
    sign_off_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    signed_off_by: Mapped[str | None] = mapped_column(String(254))
    signed_off_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Alternative(Base):
    """An option the council considered instead of its proposal, and why it was not preferred."""

    __tablename__ = "consult_alternatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    reason_not_preferred: Mapped[str] = mapped_column(Text)


class Section(Base):
    """A group of questions residents see under one title, with an optional introduction."""

    __tablename__ = "consult_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="", server_default="")


class Question(Base):
    """One question; its kind decides how it is asked, checked and counted."""

    __tablename__ = "consult_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(String(500))
    hint: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    max_length: Mapped[int] = mapped_column(Integer, default=2000)
    # What the whole question speaks to for the report (rules/links.py): "", "proposal" or
    # "alternative-<id>"; set by officers, never guessed.
    speaks_to: Mapped[str] = mapped_column(String(40), default="", server_default="")
    choices: Mapped[list[Choice]] = relationship(
        order_by="Choice.position", cascade="all, delete-orphan", lazy="selectin"
    )
    # The section it is asked in (none: before the first section).
    section: Mapped[Section | None] = relationship(
        secondary="consult_question_sections", lazy="selectin"
    )
    # Routing: asked only when the answer to one earlier choice question includes one of these
    # options (all of the same question; none: always asked). Fixed once published.
    shown_if: Mapped[list[Choice]] = relationship(
        secondary=question_conditions, order_by="Choice.position", lazy="selectin"
    )


class Choice(Base):
    """One option of a closed question (single, multiple, scale or ranking)."""

    __tablename__ = "consult_choices"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("consult_questions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(300))
    # What this option speaks to, when it differs from its question's link (rules/links.py).
    speaks_to: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # "Other (please specify)": choosing it asks for the resident's own words.
    is_other: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Document(Base):
    """A consultation document residents can download (the proposal in full, an impact report)."""

    __tablename__ = "consult_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class LinkedScheme(Base):
    """A Council Tax Support scheme the "what would I pay" page runs for this consultation."""

    __tablename__ = "consult_linked_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    scheme_name: Mapped[str] = mapped_column(String(100))
    label: Mapped[str] = mapped_column(String(200))


class StatusChange(Base):
    """Publishing, closing or reopening, with the reason (required to reopen)."""

    __tablename__ = "consult_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consult_consultations.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(254))
