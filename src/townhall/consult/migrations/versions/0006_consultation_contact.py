"""Consultation contact: who runs it and how residents can ask questions or respond another way

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 13:13:30

Plain ALTER TABLE on both databases, never a batch "copy and move": on SQLite that drops and
rebuilds consult_consultations with foreign keys on, and the ON DELETE CASCADE of every table that
refers to it would empty them (questions, responses, answers). Dropping a column needs SQLite 3.35
or later, which refuses rather than loses data.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration: consultations from before it have no contact yet ("")."""
    op.add_column(
        "consult_consultations",
        sa.Column("contact", sa.Text(), server_default="", nullable=False),
    )


def downgrade() -> None:
    """Undo this migration."""
    op.drop_column("consult_consultations", "contact")
