"""`townhall tax compare` and `townhall tax scenarios` as an officer runs them, errors included."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from townhall.cli import app

SAMPLE = Path(__file__).parents[2] / "src/townhall/tax/samples/sample-caseload.csv"
runner = CliRunner()
WIDE = {"COLUMNS": "200"}


def test_compare_writes_a_report_and_a_workbook(tmp_path: Path) -> None:
    report, workbook = tmp_path / "options.html", tmp_path / "options.xlsx"
    result = runner.invoke(
        app,
        [
            "tax",
            "compare",
            "ctb-2012",
            "birmingham-2013",
            "transition-grant-2013",
            "--caseload",
            str(SAMPLE),
            "--gap",
            "£1,000",
            "--report",
            str(report),
            "--xlsx",
            str(workbook),
        ],
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    assert "saves" in result.output
    html = report.read_text()
    assert "Transition grant criteria" in html and "<svg" in html
    sheets = load_workbook(workbook).sheetnames
    assert {
        "Summary",
        "Claimant type",
        "Band",
        "Ward",
        "Income decile",
        "Transition grant",
        "Collection",
        "Parameters",
    } <= set(sheets)
    summary = load_workbook(workbook)["Summary"]
    assert isinstance(summary["B2"].value, float) and "£" in summary["B2"].number_format


def test_unknown_scheme_fails_cleanly_and_writes_nothing(tmp_path: Path) -> None:
    report = tmp_path / "options.html"
    result = runner.invoke(
        app, ["tax", "compare", "ctb-2012", "birmingham-2031", "--report", str(report)], env=WIDE
    )
    assert result.exit_code == 1
    assert "birmingham-2013" in result.output  # the known names are suggested
    assert not report.exists() and list(tmp_path.iterdir()) == []


def test_missing_ward_column_is_named_and_nothing_written(tmp_path: Path) -> None:
    caseload = tmp_path / "claims.csv"
    caseload.write_text("claim_id,band,pensioner,claimant_age,passported\na,A,no,40,yes\n")
    report = tmp_path / "out.html"
    result = runner.invoke(
        app,
        [
            "tax",
            "compare",
            "ctb-2012",
            "birmingham-2013",
            "--caseload",
            str(caseload),
            "--by",
            "ward",
            "--report",
            str(report),
        ],
        env=WIDE,
    )
    assert result.exit_code == 1 and "ward" in result.output
    assert not report.exists()


def test_bad_gap_and_unclosable_gap_are_clear(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["tax", "compare", "ctb-2012", "birmingham-2013", "--gap", "lots"], env=WIDE
    )
    assert result.exit_code == 1 and "10.9m" in result.output
    report = tmp_path / "s.html"
    result = runner.invoke(
        app,
        ["tax", "scenarios", "--gap", "2m", "--caseload", str(SAMPLE), "--report", str(report)],
        env=WIDE,
    )
    assert result.exit_code == 1 and "the most it saves" in result.output
    assert "Traceback" not in result.output and not report.exists()


def test_scenarios_solve_the_three_choices_and_save_schemes(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "tax",
            "scenarios",
            "--gap",
            "1000",
            "--caseload",
            str(SAMPLE),
            "--save",
            str(tmp_path),
            "--second-homes",
            "A:10,B:5",
            "--single-person-accounts",
            "100",
        ],
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    assert "(a) spread the cut equally" in result.output and "Band D up" in result.output
    assert "not lawful then" in result.output
    shown = runner.invoke(app, ["tax", "show", str(tmp_path / "spread-equally.toml")], env=WIDE)
    assert shown.exit_code == 0, shown.output
