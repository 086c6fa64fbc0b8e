"""`townhall consult`: migrate, create accounts from stdin, demo, add wards, export; migrations
match the models on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, select
from typer.testing import CliRunner

from townhall.cli import app
from townhall.consult.migrate import upgrade
from townhall.consult.models import Base, Consultation, User

runner = CliRunner()


def test_migrations_create_exactly_the_models_tables(database_url: str) -> None:
    engine = create_engine(database_url)
    upgrade(engine)
    upgrade(engine)  # running again changes nothing
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": "consult_alembic_version"}
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_demo_create_admin_and_export(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOWNHALL_DATABASE_URL", database_url)
    assert runner.invoke(app, ["consult", "migrate"]).exit_code == 0
    demo = runner.invoke(app, ["consult", "demo", "--with-demo-users"])
    assert demo.exit_code == 0, demo.output
    assert "birmingham-council-tax-support-2013" in demo.output and "password:" in demo.output
    again = runner.invoke(app, ["consult", "demo"])  # replaces the demonstration, keeps one
    assert again.exit_code == 0 and "password:" not in again.output
    weak = runner.invoke(
        app, ["consult", "create-admin", "--email", "a@example.org"], input="short\n"
    )
    assert weak.exit_code == 1 and "12 characters or more" in weak.output
    made = runner.invoke(
        app,
        ["consult", "create-admin", "--email", "a@example.org"],
        input="a long enough password\n",
    )
    assert made.exit_code == 0, made.output
    bad_ward = runner.invoke(
        app,
        [
            "consult",
            "create-user",
            "--email",
            "c@example.org",
            "--role",
            "councillor",
            "--ward",
            "Atlantis",
        ],
        input="a long enough password\n",
    )
    assert bad_ward.exit_code == 1 and "Atlantis" in bad_ward.output
    assert runner.invoke(app, ["consult", "add-ward", "Nechells"]).exit_code == 0
    output = tmp_path / "responses.csv"
    exported = runner.invoke(
        app, ["consult", "export", "birmingham-council-tax-support-2013", "--output", str(output)]
    )
    assert exported.exit_code == 0, exported.output
    assert next(csv.reader(output.open()))[:2] == ["reference", "submitted_at"]
    unknown = runner.invoke(app, ["consult", "export", "nope", "--output", str(output)])
    assert unknown.exit_code == 1 and "no consultation called 'nope'" in unknown.output
    engine = create_engine(database_url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Consultation)) == 1
        number = str(connection.scalar(select(Consultation.id)))  # 2: the demo was loaded twice
    by_number = runner.invoke(app, ["consult", "export", number, "--output", str(output)])
    assert by_number.exit_code == 0, by_number.output
    with engine.connect() as connection:
        roles = sorted(connection.execute(select(User.role)).scalars())
        assert roles == ["admin", "councillor", "officer"]
    engine.dispose()


@pytest.mark.parametrize("command", [["serve"], ["migrate"], ["send-receipts"]])
def test_a_wrong_setting_is_named_plainly_without_a_traceback(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOWNHALL_SMTP_URL", "ftp://mail.example.org")
    monkeypatch.setenv("TOWNHALL_MAIL_FROM", "consultation@example.gov.uk")
    result = runner.invoke(app, ["consult", *command])
    assert result.exit_code == 1
    assert "TOWNHALL_SMTP_URL" in result.output and "smtp://" in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an uncaught error
    assert not (tmp_path / "townhall.db").exists()  # nothing made before the settings were read
