"""Alembic migrations of the consultation service's tables, shipped inside the package."""
