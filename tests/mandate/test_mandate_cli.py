"""`townhall mandate` as a resident or officer uses it."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from townhall.cli import app

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
TINY = Path(__file__).parent / "data" / "tiny.toml"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["mandate", *args], env=WIDE)
    return result.exit_code, result.output


def test_places_and_show() -> None:
    code, output = run("places")
    assert code == 0 and "birmingham" in output and "25 November 2026" in output
    code, output = run("show", "birmingham")
    assert code == 0
    assert "West Midlands Police and Crime Commissioner" in output
    assert "Planning appeals (decides)" in output


def test_who_decides_planning_appeals_in_birmingham() -> None:
    code, output = run("who", "birmingham", "planning-appeals")
    assert code == 0
    assert "The Planning Inspectorate" in output and "appointed nationally" in output
    assert "Secretary of State responsible for local government" in output


def test_unknown_service_and_place_list_the_valid_ones_and_fail() -> None:
    code, output = run("who", "birmingham", "bins")
    assert code == 1 and "waste-collection" in output and "Nothing was loaded" in output
    code, output = run("measures", "atlantis")
    assert code == 1 and "one of birmingham" in output
    code, output = run("who", "atlantis", "bins")
    assert code == 1 and "2 problems found" in output and "atlantis" in output and "bins" in output


def test_measures_show_the_spending_coverage() -> None:
    code, output = run("measures", "birmingham")
    assert code == 0
    assert "30.9% is under directly elected local control" in output
    assert "coverage 38%" in output and "missing: excluded" in output


def test_own_register_file_validate_and_use(tmp_path: Path) -> None:
    code, output = run("validate", str(TINY))
    assert code == 0 and "valid register for Tinyshire" in output
    code, output = run("who", "tinyshire", "hospital-care", "--register", str(TINY))
    assert code == 0 and "NHS Tinyshire ICB" in output and "commissions" in output
    code, output = run("who", "birmingham", "hospital-care", "--register", str(TINY))
    assert code == 1 and "describes the place 'tinyshire'" in output
    broken = tmp_path / "broken.toml"
    shutil.copy(TINY, broken)
    broken.write_text(
        broken.read_text()
        .replace('body = "trust"', 'body = "trusst"')
        .replace('kind = "mayor"', 'kind = "mayoress"')
    )
    code, output = run("validate", str(broken))
    assert code == 1
    assert "2 problems found" in output
    assert "roles.9.body" in output and "bodies.1.kind" in output


def test_report_writes_html_and_excel(tmp_path: Path) -> None:
    html, xlsx = tmp_path / "map.html", tmp_path / "map.xlsx"
    code, output = run("report", "birmingham", "--report", str(html), "--xlsx", str(xlsx))
    assert code == 0, output
    assert html.stat().st_size > 10_000 and xlsx.exists()
    code, output = run("report", "birmingham")
    assert code == 1 and "--report" in output
