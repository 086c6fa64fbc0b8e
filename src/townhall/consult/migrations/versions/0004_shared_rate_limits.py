"""Rate-limit events shared by every server process

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 12:24:03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "consult_rate_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("key_hash", sa.String(length=32), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_rate_events")),
    )
    op.create_index(
        "ix_consult_rate_events_scope_key_at",
        "consult_rate_events",
        ["scope", "key_hash", "at"],
    )


def downgrade() -> None:
    """Undo this migration."""
    op.drop_index("ix_consult_rate_events_scope_key_at", table_name="consult_rate_events")
    op.drop_table("consult_rate_events")
