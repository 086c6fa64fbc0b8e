"""`outcomes value` on the bundled Peterborough-style contract, the period report and the public
export carrying its aggregates, and the consultation service's page showing the published figures."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from starlette.middleware.sessions import SessionMiddleware
from typer.testing import CliRunner

from townhall.cli import app
from townhall.consult.pages import make_templates
from townhall.consult.routes.outcomes_published import PUBLISHED, router

runner = CliRunner()
WIDE = {"COLUMNS": "250"}


@pytest.fixture(autouse=True)
def wide(console_width: Callable[[int], None]) -> None:
    """Rich reads COLUMNS once; under pytest-xdist the consoles may exist already, so set them."""
    console_width(250)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    made = runner.invoke(
        app, ["outcomes", "sample", "peterborough-sib", "--members", "1000", "--out", str(folder)]
    )
    assert made.exit_code == 0, made.output
    return folder


def test_value_prints_every_measure_with_its_working_and_writes_safe_files(
    sample: Path, tmp_path: Path
) -> None:
    result = runner.invoke(
        app,
        [
            "outcomes",
            "value",
            "peterborough-sib",
            "--data",
            str(sample / "people.csv"),
            "--events",
            str(sample / "events.csv"),
            "--csv",
            str(tmp_path / "value.csv"),
            "--xlsx",
            str(tmp_path / "value.xlsx"),
        ],
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    for measure in (
        "saving per outcome",
        "estimated public saving",
        "share of the saving paid out",
        "deadweight",
        "provider's margin",
        "investors' money multiple",
        "investors' internal rate of return",
        "matched, caliper 0.1",
        "historical rate 1.5500",
        "matched on age, previous_convictions",
    ):
        assert measure in result.output
    assert "source:" in result.output
    header = (tmp_path / "value.csv").read_text().splitlines()[0]
    assert header.startswith("period,members,payments")
    assert (tmp_path / "value.xlsx").stat().st_size > 0


def test_report_and_export_carry_the_value_and_the_public_page_shows_it(
    sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = f"sqlite:///{tmp_path / 'ledger.db'}"
    data = ["--data", str(sample / "people.csv"), "--events", str(sample / "events.csv")]
    paid = runner.invoke(
        app,
        [
            "outcomes",
            "pay",
            "peterborough-sib",
            *data,
            "--record",
            "--database",
            database,
            "--report",
            str(tmp_path / "period.html"),
        ],
        env=WIDE,
    )
    assert paid.exit_code == 0, paid.output
    assert "Value for money" in (tmp_path / "period.html").read_text()
    exported = runner.invoke(
        app, ["outcomes", "export", "--out", str(tmp_path / "public.json"), "--database", database]
    )
    assert exported.exit_code == 0, exported.output
    text = (tmp_path / "public.json").read_text()
    entry = json.loads(text)[0]
    assert entry["value"]["periods"][-1]["period"] == "total"
    assert entry["value"]["periods"][-1]["payments"] == entry["total"]
    assert "P000" not in text  # no person_id from the records

    page_app = FastAPI()
    page_app.state.templates = make_templates()
    page_app.state.csrf_serializer = URLSafeTimedSerializer("test-only-key", salt="townhall-csrf")
    page_app.include_router(router)
    page_app.add_middleware(SessionMiddleware, secret_key="test-only-key")
    client = TestClient(page_app)
    assert "does not publish" in client.get("/outcomes").text
    monkeypatch.setenv(PUBLISHED, str(tmp_path / "public.json"))
    page = client.get("/outcomes")
    assert page.status_code == 200
    assert f"peterborough-sib: £{entry['total']}" in page.text
    assert "Estimated public saving" in page.text and "internal rate of return" in page.text
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setenv(PUBLISHED, str(tmp_path / "broken.json"))
    broken = client.get("/outcomes")
    assert broken.status_code == 503 and "cannot be read" in broken.text


def test_show_lists_the_value_data_with_its_sources() -> None:
    shown = runner.invoke(app, ["outcomes", "show", "work-programme"], env=WIDE)
    assert shown.exit_code == 0, shown.output
    for clause in ("value.savings", "value.delivery", "value.limits"):
        assert clause in shown.output
    assert "the tax gain of a job held 13 weeks was NOT FOUND" in shown.output
