"""The council's own public service: identity and legal pages, postcode look-up, decisions

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 10:00:00

consult_council_settings holds the council's name, contacts, colours, logo and its privacy notice,
accessibility statement and cookies page (empty text: the default written from the settings).
consult_postcodes maps postcodes to ONS ward codes (`townhall consult import-postcodes`), matched
to consult_wards.code. Options can be exclusive (consult_choices.is_exclusive); a response can
name its organisation; a consultation says when the decision is due, when it was made and what
changed because of responses. Plain ALTER TABLE on both databases, never a batch "copy and move"
(see 0006: on SQLite a rebuild with foreign keys on would empty the tables that cascade); the new
ward code's uniqueness is a unique index, which SQLite can add without a rebuild.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration: nothing set yet, so every page uses its defaults."""
    op.create_table(
        "consult_council_settings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("website", sa.String(300), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(60), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("data_protection_contact", sa.Text(), nullable=False),
        sa.Column("header_colour", sa.String(7), nullable=False),
        sa.Column("header_text_colour", sa.String(7), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_type", sa.String(20), nullable=False),
        sa.Column("privacy_notice", sa.Text(), nullable=False),
        sa.Column("accessibility_statement", sa.Text(), nullable=False),
        sa.Column("cookies_page", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "consult_postcodes",
        sa.Column("postcode", sa.String(8), primary_key=True),
        sa.Column("ward_code", sa.String(9), nullable=False),
    )
    op.create_index("ix_consult_postcodes_ward_code", "consult_postcodes", ["ward_code"])
    op.add_column("consult_wards", sa.Column("code", sa.String(9), nullable=True))
    op.create_index("uq_consult_wards_code", "consult_wards", ["code"], unique=True)
    op.add_column(
        "consult_choices",
        sa.Column("is_exclusive", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "consult_responses", sa.Column("organisation_name", sa.String(200), nullable=True)
    )
    op.add_column(
        "consult_consultations",
        sa.Column("outcome_changes", sa.Text(), server_default="", nullable=False),
    )
    op.add_column("consult_consultations", sa.Column("decided_on", sa.Date(), nullable=True))
    op.add_column("consult_consultations", sa.Column("decision_due", sa.Date(), nullable=True))


def downgrade() -> None:
    """Undo this migration."""
    for column in ("decision_due", "decided_on", "outcome_changes"):
        op.drop_column("consult_consultations", column)
    op.drop_column("consult_responses", "organisation_name")
    op.drop_column("consult_choices", "is_exclusive")
    op.drop_index("uq_consult_wards_code", table_name="consult_wards")
    op.drop_column("consult_wards", "code")
    op.drop_index("ix_consult_postcodes_ward_code", table_name="consult_postcodes")
    op.drop_table("consult_postcodes")
    op.drop_table("consult_council_settings")
