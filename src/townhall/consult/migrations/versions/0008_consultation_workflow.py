"""Consultation workflow: report links set by officers

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-06 06:50:00

Questions and options say what they speak to (the proposal or an alternative), so the report
never guesses from shared words. Plain ALTER TABLE on both databases, never a batch "copy and
move" (see 0006: on SQLite a rebuild with foreign keys on would empty the tables that cascade).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration: existing questions and options start unlinked ("")."""
    for table in ("consult_questions", "consult_choices"):
        op.add_column(
            table, sa.Column("speaks_to", sa.String(40), server_default="", nullable=False)
        )


def downgrade() -> None:
    """Undo this migration."""
    for table in ("consult_questions", "consult_choices"):
        op.drop_column(table, "speaks_to")
