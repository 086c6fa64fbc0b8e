"""Privacy: staff sessions on the server, a pending pool for equality answers, receipt claims

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 06:40:00

- consult_staff_sessions: one row a signed-in browser (the SHA-256 digest of its cookie's id).
  Sessions from before this migration lived only in signed cookies; they must sign in again.
- consult_equality_pending: equality answers waiting for a shuffled batch (WITHOUT ROWID on
  SQLite; UNLOGGED on PostgreSQL, so none of its rows is written to the WAL).
- consult_equality_records rebuilt: every existing record re-written in a random order in this
  one transaction (and WITHOUT ROWID on SQLite), so the order, rowid and PostgreSQL xmin of the
  records written beside their responses before this migration no longer follow the responses.
  It cannot reach back into old WAL files or backups (docs/security.md).
- Journeys in progress lose any equality answers they held (residents are asked again on the
  check page): from now on those answers never share a row with the rest of a response.
- consult_responses: receipt_message_id (fixed at the first claim, reused by retries) and
  receipt_claimed_by (the sender holding the claim). Plain ALTER TABLE, never a batch rebuild:
  on SQLite a rebuild would cascade and delete every answer.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANSWERS = ("age_band", "sex", "disability", "ethnic_group", "carer")
RECORDS = "consult_equality_records"


def _answer_columns() -> list[sa.Column[str]]:
    return [
        sa.Column("age_band", sa.String(length=40), nullable=False),
        sa.Column("sex", sa.String(length=40), nullable=False),
        sa.Column("disability", sa.String(length=40), nullable=False),
        sa.Column("ethnic_group", sa.String(length=60), nullable=False),
        sa.Column("carer", sa.String(length=40), nullable=False),
    ]


def _consultation_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["consultation_id"],
        ["consult_consultations.id"],
        name=op.f(f"fk_{table}_consultation_id_consult_consultations"),
        ondelete="CASCADE",
    )


def _create_records(with_rowid: bool) -> None:
    op.create_table(
        RECORDS,
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        *_answer_columns(),
        _consultation_key(RECORDS),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{RECORDS}")),
        sqlite_with_rowid=with_rowid,
    )
    op.create_index(op.f(f"ix_{RECORDS}_consultation_id"), RECORDS, ["consultation_id"])


def _rebuild_records(with_rowid: bool) -> None:
    """Re-create the equality table and write its records back in a random order."""
    table = _records_table()
    rows = [dict(row._mapping) for row in op.get_bind().execute(sa.select(table))]
    secrets.SystemRandom().shuffle(rows)
    op.drop_index(op.f(f"ix_{RECORDS}_consultation_id"), table_name=RECORDS)
    op.drop_table(RECORDS)
    _create_records(with_rowid)
    if rows:
        op.bulk_insert(table, rows)


def _records_table() -> sa.TableClause:
    return sa.table(
        RECORDS, *(sa.column(name) for name in ("id", "consultation_id", "given_on", *ANSWERS))
    )


def _forget_journey_equality() -> None:
    """Take equality answers out of journeys in progress (they now wait in the session)."""
    bind = op.get_bind()
    journeys = sa.table("consult_journeys", sa.column("token"), sa.column("data"))
    for token, data in bind.execute(sa.select(journeys.c.token, journeys.c.data)).all():
        stored = json.loads(data)
        if "equality" in stored or "consent" in stored:
            stored.pop("equality", None)
            stored.pop("consent", None)
            bind.execute(
                journeys.update().where(journeys.c.token == token).values(data=json.dumps(stored))
            )


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "consult_staff_sessions",
        sa.Column("id_digest", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["consult_users.id"],
            name=op.f("fk_consult_staff_sessions_user_id_consult_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id_digest", name=op.f("pk_consult_staff_sessions")),
    )
    op.create_index(
        op.f("ix_consult_staff_sessions_user_id"), "consult_staff_sessions", ["user_id"]
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "consult_equality_pending",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        *_answer_columns(),
        _consultation_key("consult_equality_pending"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_equality_pending")),
        sqlite_with_rowid=False,
        prefixes=["UNLOGGED"] if postgresql else [],
    )
    op.create_index(
        op.f("ix_consult_equality_pending_consultation_id"),
        "consult_equality_pending",
        ["consultation_id"],
    )
    _rebuild_records(with_rowid=False)
    _forget_journey_equality()
    op.add_column("consult_responses", sa.Column("receipt_message_id", sa.String(length=200)))
    op.add_column("consult_responses", sa.Column("receipt_claimed_by", sa.String(length=100)))


def downgrade() -> None:
    """Undo this migration (records still pending are released into the equality table first,
    so none is lost; signed-in staff must sign in again)."""
    op.drop_column("consult_responses", "receipt_claimed_by")
    op.drop_column("consult_responses", "receipt_message_id")
    pending = sa.table(
        "consult_equality_pending",
        *(sa.column(name) for name in ("id", "consultation_id", *ANSWERS)),
    )
    op.get_bind().execute(
        _records_table()
        .insert()
        .from_select(
            ["id", "consultation_id", "given_on", *ANSWERS],
            sa.select(
                pending.c.id,
                pending.c.consultation_id,
                sa.literal(date.today(), sa.Date()),
                *(pending.c[name] for name in ANSWERS),
            ),
        )
    )
    _rebuild_records(with_rowid=True)
    op.drop_index(
        op.f("ix_consult_equality_pending_consultation_id"), table_name="consult_equality_pending"
    )
    op.drop_table("consult_equality_pending")
    op.drop_index(op.f("ix_consult_staff_sessions_user_id"), table_name="consult_staff_sessions")
    op.drop_table("consult_staff_sessions")
