"""Fixtures for the consultation service: an app on a migrated database (SQLite and PostgreSQL),
with or without the Birmingham demonstration and staff accounts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from consult_client import Service, make_service

from townhall.consult.demo import load_demo


@pytest.fixture
def service(database_url: str) -> Iterator[Service]:
    """The app on an empty, migrated database, on SQLite and on PostgreSQL."""
    made = make_service(database_url)
    yield made
    made.app.state.engine.dispose()


@pytest.fixture
def demo_service(service: Service) -> Service:
    """The app with the Birmingham demonstration loaded (open today) and staff accounts."""
    with service.session() as session, session.begin():
        load_demo(session, date.today())
    service.add_user("officer@example.org", "officer")
    service.add_user("admin@example.org", "admin")
    service.add_user("aston@example.org", "councillor", ("Aston",))
    return service
