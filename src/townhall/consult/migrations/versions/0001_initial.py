"""Consultations, accounts, responses and equality records

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 10:15:45.921504
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "consult_consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("proposal", sa.Text(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_consultations")),
        sa.UniqueConstraint("slug", name=op.f("uq_consult_consultations_slug")),
    )
    op.create_table(
        "consult_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_users")),
        sa.UniqueConstraint("email", name=op.f("uq_consult_users_email")),
    )
    op.create_table(
        "consult_wards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_wards")),
        sa.UniqueConstraint("name", name=op.f("uq_consult_wards_name")),
    )
    op.create_table(
        "consult_alternatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reason_not_preferred", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consult_consultations.id"],
            name=op.f("fk_consult_alternatives_consultation_id_consult_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_alternatives")),
    )
    with op.batch_alter_table("consult_alternatives", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_alternatives_consultation_id"), ["consultation_id"], unique=False
        )

    op.create_table(
        "consult_audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["consult_users.id"],
            name=op.f("fk_consult_audit_log_user_id_consult_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_audit_log")),
    )
    with op.batch_alter_table("consult_audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consult_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "consult_consultation_wards",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consult_consultations.id"],
            name=op.f("fk_consult_consultation_wards_consultation_id_consult_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["consult_wards.id"],
            name=op.f("fk_consult_consultation_wards_ward_id_consult_wards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "consultation_id", "ward_id", name=op.f("pk_consult_consultation_wards")
        ),
    )
    op.create_table(
        "consult_councillor_wards",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["consult_users.id"],
            name=op.f("fk_consult_councillor_wards_user_id_consult_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["consult_wards.id"],
            name=op.f("fk_consult_councillor_wards_ward_id_consult_wards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "ward_id", name=op.f("pk_consult_councillor_wards")),
    )
    op.create_table(
        "consult_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consult_consultations.id"],
            name=op.f("fk_consult_documents_consultation_id_consult_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_documents")),
    )
    with op.batch_alter_table("consult_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_documents_consultation_id"), ["consultation_id"], unique=False
        )

    op.create_table(
        "consult_equality_records",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("age_band", sa.String(length=40), nullable=False),
        sa.Column("sex", sa.String(length=40), nullable=False),
        sa.Column("disability", sa.String(length=40), nullable=False),
        sa.Column("ethnic_group", sa.String(length=60), nullable=False),
        sa.Column("carer", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consult_consultations.id"],
            name=op.f("fk_consult_equality_records_consultation_id_consult_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_equality_records")),
    )
    with op.batch_alter_table("consult_equality_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_equality_records_consultation_id"),
            ["consultation_id"],
            unique=False,
        )

    op.create_table(
        "consult_journeys",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consult_consultations.id"],
            name=op.f("fk_consult_journeys_consultation_id_consult_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_consult_journeys")),
    )
    with op.batch_alter_table("consult_journeys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_journeys_consultation_id"), ["consultation_id"], unique=False
        )

    op.create_table(
        "consult_linked_schemes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("scheme_name", sa.String(length=100), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consult_consultations.id"],
            name=op.f("fk_consult_linked_schemes_consultation_id_consult_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_linked_schemes")),
    )
    with op.batch_alter_table("consult_linked_schemes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_linked_schemes_consultation_id"),
            ["consultation_id"],
            unique=False,
        )

    op.create_table(
        "consult_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("prompt", sa.String(length=500), nullable=False),
        sa.Column("hint", sa.Text(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("max_length", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consult_consultations.id"],
            name=op.f("fk_consult_questions_consultation_id_consult_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_questions")),
    )
    with op.batch_alter_table("consult_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_questions_consultation_id"), ["consultation_id"], unique=False
        )

    op.create_table(
        "consult_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("journey_token", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("respondent_type", sa.String(length=20), nullable=False),
        sa.Column("ward_id", sa.Integer(), nullable=True),
        sa.Column("receipt_email", sa.String(length=254), nullable=True),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consult_consultations.id"],
            name=op.f("fk_consult_responses_consultation_id_consult_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ward_id"],
            ["consult_wards.id"],
            name=op.f("fk_consult_responses_ward_id_consult_wards"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_responses")),
        sa.UniqueConstraint("journey_token", name=op.f("uq_consult_responses_journey_token")),
        sa.UniqueConstraint("reference", name=op.f("uq_consult_responses_reference")),
    )
    with op.batch_alter_table("consult_responses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_responses_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_consult_responses_ward_id"), ["ward_id"], unique=False)

    op.create_table(
        "consult_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consult_consultations.id"],
            name=op.f("fk_consult_status_changes_consultation_id_consult_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_status_changes")),
    )
    with op.batch_alter_table("consult_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_status_changes_consultation_id"),
            ["consultation_id"],
            unique=False,
        )

    op.create_table(
        "consult_choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["consult_questions.id"],
            name=op.f("fk_consult_choices_question_id_consult_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_choices")),
    )
    with op.batch_alter_table("consult_choices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_choices_question_id"), ["question_id"], unique=False
        )

    op.create_table(
        "consult_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("choice_id", sa.Integer(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["choice_id"],
            ["consult_choices.id"],
            name=op.f("fk_consult_answers_choice_id_consult_choices"),
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["consult_questions.id"],
            name=op.f("fk_consult_answers_question_id_consult_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["consult_responses.id"],
            name=op.f("fk_consult_answers_response_id_consult_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consult_answers")),
    )
    with op.batch_alter_table("consult_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_answers_question_id"), ["question_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consult_answers_response_id"), ["response_id"], unique=False
        )


def downgrade() -> None:
    """Undo this migration."""
    with op.batch_alter_table("consult_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_answers_response_id"))
        batch_op.drop_index(batch_op.f("ix_consult_answers_question_id"))

    op.drop_table("consult_answers")
    with op.batch_alter_table("consult_choices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_choices_question_id"))

    op.drop_table("consult_choices")
    with op.batch_alter_table("consult_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_status_changes_consultation_id"))

    op.drop_table("consult_status_changes")
    with op.batch_alter_table("consult_responses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_responses_ward_id"))
        batch_op.drop_index(batch_op.f("ix_consult_responses_consultation_id"))

    op.drop_table("consult_responses")
    with op.batch_alter_table("consult_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_questions_consultation_id"))

    op.drop_table("consult_questions")
    with op.batch_alter_table("consult_linked_schemes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_linked_schemes_consultation_id"))

    op.drop_table("consult_linked_schemes")
    with op.batch_alter_table("consult_journeys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_journeys_consultation_id"))

    op.drop_table("consult_journeys")
    with op.batch_alter_table("consult_equality_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_equality_records_consultation_id"))

    op.drop_table("consult_equality_records")
    with op.batch_alter_table("consult_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_documents_consultation_id"))

    op.drop_table("consult_documents")
    op.drop_table("consult_councillor_wards")
    op.drop_table("consult_consultation_wards")
    with op.batch_alter_table("consult_audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_audit_log_at"))

    op.drop_table("consult_audit_log")
    with op.batch_alter_table("consult_alternatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_alternatives_consultation_id"))

    op.drop_table("consult_alternatives")
    op.drop_table("consult_wards")
    op.drop_table("consult_users")
    op.drop_table("consult_consultations")
