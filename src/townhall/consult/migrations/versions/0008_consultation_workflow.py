"""Consultation workflow: report links, published versions and corrections, the outcome

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-06 06:50:00

Questions and options say what they speak to (the proposal or an alternative), so the report
never guesses from shared words. consult_versions keeps what residents were shown at publication
and after each correction (consultations published before this get their version 1 when first
corrected). consult_consultations.outcome holds "We asked, you said, we did". Responses say how
they came (online, or paper or phone typed in by an officer, who and when received). Owners per
consultation (consult_consultation_owners) and an optional sign-off before publishing. An option
can be "Other (please specify)" (consult_choices.is_other). Plain ALTER TABLE on both databases, never a batch "copy and
move" (see 0006: on SQLite a rebuild with foreign keys on would empty the tables that cascade).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration: existing questions and options start unlinked ("")."""
    for table in ("consult_questions", "consult_choices"):
        op.add_column(
            table, sa.Column("speaks_to", sa.String(40), server_default="", nullable=False)
        )
    op.add_column(
        "consult_choices",
        sa.Column("is_other", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "consult_consultations", sa.Column("outcome", sa.Text(), server_default="", nullable=False)
    )
    op.create_table(
        "consult_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "consultation_id",
            sa.Integer(),
            sa.ForeignKey("consult_consultations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
    )
    op.create_index("ix_consult_versions_consultation_id", "consult_versions", ["consultation_id"])
    op.add_column(
        "consult_responses",
        sa.Column("channel", sa.String(10), server_default="online", nullable=False),
    )
    op.add_column("consult_responses", sa.Column("entered_by", sa.String(254), nullable=True))
    op.add_column("consult_responses", sa.Column("received_on", sa.Date(), nullable=True))
    op.create_table(
        "consult_consultation_owners",
        sa.Column(
            "consultation_id",
            sa.Integer(),
            sa.ForeignKey("consult_consultations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("consult_users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.add_column(
        "consult_consultations",
        sa.Column("sign_off_required", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "consult_consultations", sa.Column("signed_off_by", sa.String(254), nullable=True)
    )
    op.add_column(
        "consult_consultations",
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    """Undo this migration."""
    for column in ("signed_off_at", "signed_off_by", "sign_off_required"):
        op.drop_column("consult_consultations", column)
    op.drop_table("consult_consultation_owners")
    for column in ("received_on", "entered_by", "channel"):
        op.drop_column("consult_responses", column)
    op.drop_index("ix_consult_versions_consultation_id", table_name="consult_versions")
    op.drop_table("consult_versions")
    op.drop_column("consult_consultations", "outcome")
    op.drop_column("consult_choices", "is_other")
    for table in ("consult_questions", "consult_choices"):
        op.drop_column(table, "speaks_to")
