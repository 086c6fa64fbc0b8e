"""Receipt e-mails: attempts, when to try again, when sent, why the last attempt failed

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 12:28:37
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("receipt_email IS NOT NULL")


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("consult_responses") as batch_op:
        batch_op.add_column(
            sa.Column("receipt_attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("receipt_retry_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("receipt_sent_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("receipt_failure", sa.String(length=200)))
        batch_op.create_index(
            "ix_consult_responses_receipt_pending",
            ["receipt_retry_at"],
            sqlite_where=PENDING,
            postgresql_where=PENDING,
        )


def downgrade() -> None:
    """Undo this migration with plain ALTER TABLE DROP COLUMN (SQLite 3.35+): a batch rebuild
    of the table would cascade, with foreign keys on, and delete every answer."""
    op.drop_index("ix_consult_responses_receipt_pending", table_name="consult_responses")
    for column in ("receipt_failure", "receipt_sent_at", "receipt_retry_at", "receipt_attempts"):
        op.drop_column("consult_responses", column)
