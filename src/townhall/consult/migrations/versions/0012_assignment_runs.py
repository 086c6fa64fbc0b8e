"""Assigning answers runs after the request: consult_theme_sets records the run under way

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 05:00:00

Assigning a question's answers to its themes trains on the theme set's library and can take a
minute, so it runs after the officer's request is answered, and the question's theme-set row says
what it is doing (its stage, and when it last said so, which tells a stopped run from a slow one)
and, if it stored nothing, why. Four nullable columns; existing rows have no run under way.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("assigning_since", sa.DateTime(timezone=True)),
    ("assignment_stage", sa.String(200)),
    ("assignment_heard_at", sa.DateTime(timezone=True)),
    ("assignment_error", sa.String(1000)),
)


def upgrade() -> None:
    """Apply this migration."""
    for name, kind in COLUMNS:
        op.add_column("consult_theme_sets", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    """Undo this migration."""
    with op.batch_alter_table("consult_theme_sets") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
