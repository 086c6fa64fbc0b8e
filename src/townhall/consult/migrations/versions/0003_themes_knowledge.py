"""Theme curation (theme sets, corrections, assignments, stances) and ward knowledge

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 10:45:17
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "consult_community_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=300), nullable=False),
        sa.Column("activities", sa.Text(), nullable=False),
        sa.Column("last_contact_on", sa.Date(), nullable=True),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["consult_wards.id"],
            name=op.f("fk_consult_community_groups_ward_id_consult_wards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_community_groups")),
    )
    with op.batch_alter_table("consult_community_groups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_community_groups_ward_id"), ["ward_id"], unique=False
        )

    op.create_table(
        "consult_engagements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("heard", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["consult_wards.id"],
            name=op.f("fk_consult_engagements_ward_id_consult_wards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_engagements")),
    )
    with op.batch_alter_table("consult_engagements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_engagements_ward_id"), ["ward_id"], unique=False
        )

    op.create_table(
        "consult_ward_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=254), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["consult_wards.id"],
            name=op.f("fk_consult_ward_notes_ward_id_consult_wards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_ward_notes")),
    )
    with op.batch_alter_table("consult_ward_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_ward_notes_ward_id"), ["ward_id"], unique=False
        )

    op.create_table(
        "consult_theme_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["consult_questions.id"],
            name=op.f("fk_consult_theme_sets_question_id_consult_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_theme_sets")),
        sa.UniqueConstraint("question_id", name=op.f("uq_consult_theme_sets_question_id")),
    )
    op.create_table(
        "consult_answer_stances",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(length=20), nullable=False),
        sa.Column("corrected", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["consult_answers.id"],
            name=op.f("fk_consult_answer_stances_answer_id_consult_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("answer_id", name=op.f("pk_consult_answer_stances")),
    )
    op.create_table(
        "consult_theme_assignments",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("theme_key", sa.String(length=40), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["consult_answers.id"],
            name=op.f("fk_consult_theme_assignments_answer_id_consult_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "answer_id", "theme_key", name=op.f("pk_consult_theme_assignments")
        ),
    )
    op.create_table(
        "consult_theme_corrections",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("themes", sa.String(length=4000), nullable=True),
        sa.Column("stance", sa.String(length=20), nullable=True),
        sa.Column("corrected_by", sa.String(length=254), nullable=False),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["consult_answers.id"],
            name=op.f("fk_consult_theme_corrections_answer_id_consult_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("answer_id", name=op.f("pk_consult_theme_corrections")),
    )


def downgrade() -> None:
    """Undo this migration."""
    op.drop_table("consult_theme_corrections")
    op.drop_table("consult_theme_assignments")
    op.drop_table("consult_answer_stances")
    op.drop_table("consult_theme_sets")
    with op.batch_alter_table("consult_ward_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_ward_notes_ward_id"))

    op.drop_table("consult_ward_notes")
    with op.batch_alter_table("consult_engagements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_engagements_ward_id"))

    op.drop_table("consult_engagements")
    with op.batch_alter_table("consult_community_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_community_groups_ward_id"))

    op.drop_table("consult_community_groups")
