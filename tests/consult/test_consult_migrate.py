"""`townhall consult migrate` is the one place the schema changes: `--dry-run` lists what it would
apply, an upgrade from the previous release's schema keeps every row, and the service and the other
commands refuse a database at another schema, naming the command to run."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, create_engine, select, text
from typer.testing import CliRunner

from townhall.cli import app
from townhall.consult.app import create_app
from townhall.consult.database import make_engine
from townhall.consult.migrate import (
    SchemaMismatchError,
    alembic_config,
    database_revision,
    package_revision,
    upgrade,
)
from townhall.consult.settings import Settings

runner = CliRunner()
PREVIOUS_RELEASE = "0008"  # the schema of the release before this one
NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
# Rows as the previous release stored them, table by table (only columns it had).
ROWS: dict[str, list[dict[str, object]]] = {
    "consult_wards": [{"id": 1, "name": "Aston"}, {"id": 2, "name": "Nechells"}],
    "consult_consultations": [
        {
            "id": 1,
            "slug": "budget-2027",
            "title": "Budget 2027: have your say",
            "summary": "How should we balance next year's budget?",
            "proposal": "We propose to raise council tax by 2.99%.",
            "opens_on": date(2026, 11, 1),
            "closes_on": date(2027, 1, 31),
            "status": "open",
            "created_at": NOW,
            "contact": "consult@example.gov.uk",
        }
    ],
    "consult_consultation_wards": [
        {"consultation_id": 1, "ward_id": 1},
        {"consultation_id": 1, "ward_id": 2},
    ],
    "consult_questions": [
        {
            "id": 1,
            "consultation_id": 1,
            "position": 1,
            "kind": "single",
            "prompt": "Do you agree with the proposal?",
            "hint": "",
            "required": True,
            "max_length": 0,
        },
        {
            "id": 2,
            "consultation_id": 1,
            "position": 2,
            "kind": "text",
            "prompt": "Why?",
            "hint": "",
            "required": False,
            "max_length": 2000,
        },
    ],
    "consult_choices": [
        {"id": 1, "question_id": 1, "position": 1, "label": "Agree"},
        {"id": 2, "question_id": 1, "position": 2, "label": "Disagree"},
    ],
    "consult_responses": [
        {
            "id": 1,
            "consultation_id": 1,
            "journey_token": "t" * 32,
            "reference": "KX4P7Q2M",
            "submitted_at": NOW,
            "respondent_type": "resident",
            "ward_id": 1,
        }
    ],
    "consult_answers": [
        {"id": 1, "response_id": 1, "question_id": 1, "choice_id": 2},
        {"id": 2, "response_id": 1, "question_id": 2, "text": "Bills are already too high."},
    ],
    "consult_equality_records": [
        {
            "id": "a" * 32,
            "consultation_id": 1,
            "given_on": date(2026, 11, 2),
            "age_band": "25 to 34",
            "sex": "Female",
            "disability": "No",
            "ethnic_group": "",
            "carer": "",
        }
    ],
    "consult_users": [
        {
            "id": 1,
            "email": "officer@example.gov.uk",
            "name": "An Officer",
            "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
            "role": "officer",
            "active": True,
            "created_at": NOW,
        }
    ],
    "consult_audit_log": [
        {
            "id": 1,
            "at": NOW,
            "user_id": 1,
            "actor": "officer@example.gov.uk",
            "action": "publish",
            "target": "consultation 1",
            "detail": "",
        }
    ],
}


def _at(database_url: str, revision: str) -> None:
    """A database at `revision` (as a release of that schema made it)."""
    command.upgrade(alembic_config(database_url), revision)


def _revision(database_url: str) -> str | None:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        found = database_revision(connection)
    engine.dispose()
    return found


def test_an_upgrade_from_the_previous_release_keeps_every_row(database_url: str) -> None:
    _at(database_url, PREVIOUS_RELEASE)
    engine = create_engine(database_url)
    tables = MetaData()
    tables.reflect(engine)
    with engine.begin() as connection:
        for name, rows in ROWS.items():
            for row in rows:
                connection.execute(tables.tables[name].insert().values(row))
    engine.dispose()

    planned = runner.invoke(
        app, ["consult", "migrate", "--dry-run", "--database-url", database_url]
    )
    assert planned.exit_code == 0, planned.output
    assert _revision(database_url) == PREVIOUS_RELEASE  # a dry run changes nothing
    migrated = runner.invoke(app, ["consult", "migrate", "--database-url", database_url])
    assert migrated.exit_code == 0, migrated.output
    assert f"up to date (schema {package_revision()})" in migrated.output
    assert _revision(database_url) == package_revision()

    engine = create_engine(database_url)
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        for name, rows in ROWS.items():
            table = tables.tables[name]
            found = [dict(row._mapping) for row in connection.execute(select(table))]
            assert len(found) == len(rows), name
            for given in rows:
                match = [row for row in found if all(_same(row[k], v) for k, v in given.items())]
                assert match, f"{name}: {given} was lost or changed"
    engine.dispose()

    service = TestClient(create_app(_settings(database_url)), base_url="https://testserver")
    page = service.get("/consultations/budget-2027")
    assert page.status_code == 200 and "Budget 2027: have your say" in page.text
    service.app.state.engine.dispose()  # type: ignore[attr-defined]


def _same(stored: object, given: object) -> bool:
    """Equal as stored: SQLite gives times back without their zone, PostgreSQL in UTC."""
    if isinstance(given, datetime) and isinstance(stored, datetime):
        return stored.replace(tzinfo=None) == given.astimezone(UTC).replace(tzinfo=None)
    return stored == given


def _settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key="test-secret-key-" + "x" * 32)


def test_only_migrate_changes_the_schema_and_everything_else_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("townhall.consult.server.run", pytest.fail)  # serve must never start
    monkeypatch.setenv("TOWNHALL_SECRET_KEY", "test-secret-key-" + "x" * 32)
    path = tmp_path / "townhall.db"
    url = f"sqlite:///{path}"

    def consult(*arguments: str) -> tuple[int, str]:
        result = runner.invoke(app, ["consult", *arguments, "--database-url", url])
        assert "Traceback" not in result.output
        return result.exit_code, " ".join(result.output.split())

    code, said = consult("serve")
    assert code == 1 and f"there is no database file {path}" in said
    assert "`townhall consult migrate`" in said and not path.exists()

    code, said = consult("migrate", "--dry-run")
    assert code == 0 and "has no Townhall tables yet; migrate would apply" in said
    assert "0001 Consultations, accounts, responses and equality records" in said
    assert "Nothing was changed (--dry-run)" in said and not path.exists()

    _at(url, "0007")
    for arguments in (["serve"], ["create-admin", "--email", "a@example.org"]):
        code, said = consult(*arguments)
        assert code == 1, arguments
        assert "the database is at schema revision 0007, older than this version" in said
        assert "townhall consult backup" in said and "`townhall consult migrate`" in said
    with pytest.raises(SchemaMismatchError, match="0007, older"):
        create_app(_settings(url))
    code, said = consult("migrate", "--dry-run")
    assert code == 0 and "is at schema 0007; migrate would apply" in said
    assert "0008 Consultation workflow: report links" in said
    assert _revision(url) == "0007"

    code, said = consult("migrate")
    assert code == 0 and "is at schema 0007; applying" in said
    assert _revision(url) == package_revision()
    code, said = consult("migrate")
    assert code == 0 and f"The database is up to date (schema {package_revision()})" in said

    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE consult_alembic_version SET version_num = 'f00d'"))
    engine.dispose()
    for arguments in (["serve"], ["migrate"], ["migrate", "--dry-run"]):
        code, said = consult(*arguments)
        assert code == 1, arguments
        assert "schema revision f00d, which this version of Townhall" in said
        assert "upgraded by a newer Townhall" in said
    assert _revision(url) == "f00d"
    with pytest.raises(SchemaMismatchError, match="newer Townhall"):
        upgrade(make_engine(url))


def test_a_database_with_no_tables_is_refused_by_the_app(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    with pytest.raises(
        SchemaMismatchError, match=r"no Townhall tables yet.*townhall consult migrate"
    ):
        create_app(_settings(url))
