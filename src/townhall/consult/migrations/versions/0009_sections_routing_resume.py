"""Sections, routing and save-and-come-back-later

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 10:00:00

Questions may sit in a section (consult_sections: a title and an optional introduction; which
question is in which, consult_question_sections, a table of its own so that no foreign key is
added to an existing table, which SQLite cannot do without a rebuild), and
may be asked only when an earlier choice question's answer includes one of chosen options
(consult_question_conditions). A resident may ask for a link to carry on later
(consult_resume_links: only the digest of its token, with its expiry; it goes with its
journey). Plain ALTER TABLE on both databases, never a batch "copy and move" (see 0006).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration: existing questions are in no section and always asked."""
    op.create_table(
        "consult_sections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "consultation_id",
            sa.Integer(),
            sa.ForeignKey("consult_consultations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("intro", sa.Text(), server_default="", nullable=False),
    )
    op.create_index("ix_consult_sections_consultation_id", "consult_sections", ["consultation_id"])
    op.create_table(
        "consult_question_sections",
        sa.Column(
            "question_id",
            sa.Integer(),
            sa.ForeignKey("consult_questions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "section_id",
            sa.Integer(),
            sa.ForeignKey("consult_sections.id", ondelete="CASCADE"),
            nullable=False,
        ),
    )
    op.create_index(
        "ix_consult_question_sections_section_id", "consult_question_sections", ["section_id"]
    )
    op.create_table(
        "consult_question_conditions",
        sa.Column(
            "question_id",
            sa.Integer(),
            sa.ForeignKey("consult_questions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "choice_id",
            sa.Integer(),
            sa.ForeignKey("consult_choices.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_table(
        "consult_resume_links",
        sa.Column("token_digest", sa.String(64), primary_key=True),
        sa.Column(
            "journey_token",
            sa.String(64),
            sa.ForeignKey("consult_journeys.token", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "consultation_id",
            sa.Integer(),
            sa.ForeignKey("consult_consultations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_consult_resume_links_journey_token", "consult_resume_links", ["journey_token"]
    )
    op.create_index(
        "ix_consult_resume_links_consultation_id", "consult_resume_links", ["consultation_id"]
    )


def downgrade() -> None:
    """Undo this migration."""
    op.drop_index("ix_consult_resume_links_consultation_id", table_name="consult_resume_links")
    op.drop_index("ix_consult_resume_links_journey_token", table_name="consult_resume_links")
    op.drop_table("consult_resume_links")
    op.drop_table("consult_question_conditions")
    op.drop_index("ix_consult_question_sections_section_id", table_name="consult_question_sections")
    op.drop_table("consult_question_sections")
    op.drop_index("ix_consult_sections_consultation_id", table_name="consult_sections")
    op.drop_table("consult_sections")
