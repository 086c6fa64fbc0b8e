"""Participation: opinion statements and votes, residents' ideas, supports and comments

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 10:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _consultation_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["consultation_id"],
        ["consult_consultations.id"],
        name=op.f(f"fk_{table}_consultation_id_consult_consultations"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "consult_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=280), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("moderation", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("author_token", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("moderated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("moderated_by", sa.String(length=254), nullable=False),
        _consultation_fk("consult_statements"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_statements")),
    )
    with op.batch_alter_table("consult_statements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_statements_consultation_id"), ["consultation_id"], unique=False
        )

    op.create_table(
        "consult_statement_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("participant", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("voted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["consult_statements.id"],
            name=op.f("fk_consult_statement_votes_statement_id_consult_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_statement_votes")),
        sa.UniqueConstraint(
            "statement_id", "participant", name=op.f("uq_consult_statement_votes_statement_id")
        ),
    )
    with op.batch_alter_table("consult_statement_votes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_statement_votes_participant"), ["participant"], unique=False
        )

    op.create_table(
        "consult_ideas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=True),
        sa.Column("author_token", sa.String(length=64), nullable=False),
        sa.Column("moderation", sa.String(length=20), nullable=False),
        sa.Column("moderation_reason", sa.String(length=1000), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("status_reason", sa.String(length=2000), nullable=False),
        sa.Column("status_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _consultation_fk("consult_ideas"),
        sa.ForeignKeyConstraint(
            ["ward_id"], ["consult_wards.id"], name=op.f("fk_consult_ideas_ward_id_consult_wards")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_ideas")),
    )
    with op.batch_alter_table("consult_ideas", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_ideas_consultation_id"), ["consultation_id"], unique=False
        )

    op.create_table(
        "consult_idea_supports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("participant", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["consult_ideas.id"],
            name=op.f("fk_consult_idea_supports_idea_id_consult_ideas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_idea_supports")),
        sa.UniqueConstraint(
            "idea_id", "participant", name=op.f("uq_consult_idea_supports_idea_id")
        ),
    )

    op.create_table(
        "consult_idea_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("author_token", sa.String(length=64), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("moderation", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["consult_ideas.id"],
            name=op.f("fk_consult_idea_comments_idea_id_consult_ideas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_idea_comments")),
    )
    with op.batch_alter_table("consult_idea_comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_idea_comments_idea_id"), ["idea_id"], unique=False
        )


def downgrade() -> None:
    """Undo this migration."""
    with op.batch_alter_table("consult_idea_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_idea_comments_idea_id"))
    op.drop_table("consult_idea_comments")
    op.drop_table("consult_idea_supports")
    with op.batch_alter_table("consult_ideas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_ideas_consultation_id"))
    op.drop_table("consult_ideas")
    with op.batch_alter_table("consult_statement_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_statement_votes_participant"))
    op.drop_table("consult_statement_votes")
    with op.batch_alter_table("consult_statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_statements_consultation_id"))
    op.drop_table("consult_statements")
