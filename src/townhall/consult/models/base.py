"""The declarative base shared by every consultation table, and the clock the tables use."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Fixed constraint names so Alembic migrations name the same things on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of the consultation service's tables."""

    metadata = MetaData(naming_convention=NAMING)


def utc_now() -> datetime:
    """The current time in UTC (stored without zone on SQLite, with it on PostgreSQL)."""
    return datetime.now(UTC)


def in_utc(moment: datetime) -> datetime:
    """A stored time with its zone: SQLite gives times back without one, and every one is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
