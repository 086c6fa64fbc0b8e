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
    assert "Who keeps the saving" in html and "Assumptions" in html
    sheets = load_workbook(workbook).sheetnames
    assert {
        "Summary in words",
        "Summary",
        "Saving by authority",
        "Assumptions",
        "Claimant type",
        "Band",
        "Ward",
        "Income decile",
        "Transition grant",
        "Collection",
        "Parameters",
    } <= set(sheets)
    book = load_workbook(workbook)
    rows = list(book["Summary"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("Scheme", "Base or option", "Council", "Year", "Cost a year (£)")
    assert "cost_yearly" not in header and "Pay more (claims)" in header
    base, birmingham = (dict(zip(header, row, strict=True)) for row in rows[1:3])
    assert base["Scheme"] == "ctb-2012" and base["Base or option"] == "base"
    assert base["Saving a year (£)"] is None and base["Cost a year (£)"] > 0
    assert birmingham["Against the base"].startswith("saves £")
    cells = {cell.value: cell for cell in book["Summary"][1]}
    column = cells["Pay more (claims)"].column_letter
    assert book["Summary"][f"{column}3"].number_format == "#,##0"  # a count: 7,490, not 7,490.000
    assert "£" in book["Summary"]["E2"].number_format
    # The Assumptions sheet: the caseload, the run, every scheme with its file, collection rates.
    assumptions = {row[0]: row[1:] for row in book["Assumptions"].iter_rows(values_only=True)}
    assert assumptions["Caseload"][0] == f"file {SAMPLE}"
    assert "Date and time of the run" in assumptions
    assert assumptions["Base scheme"][0] == "ctb-2012"
    assert "bundled scheme ctb-2012" in assumptions["Base scheme"][1]
    assert "year 2012/13; council Birmingham City Council" in assumptions["Base scheme"][1]
    assert assumptions["Collection: rate newly charged"][0] == "75.0%"
    authority = list(book["Saving by authority"].iter_rows(values_only=True))
    assert authority[0] == (
        "Scheme",
        "Authority",
        "Band D a year (£)",
        "Share of the bill",
        "Saving a year (£)",
    )
    assert [row[1] for row in authority[1:4]] == [
        "Birmingham City Council",
        "the police authority",
        "the fire authority",
    ]


def test_compare_warns_of_another_council_and_year_and_says_losses_in_words(
    tmp_path: Path,
) -> None:
    report, workbook = tmp_path / "options.html", tmp_path / "options.xlsx"
    result = runner.invoke(
        app,
        [
            "tax",
            "compare",
            "ctb-2012",
            "oxford-2026",
            "--caseload",
            str(SAMPLE),
            "--gap",
            "1m",
            "--report",
            str(report),
            "--xlsx",
            str(workbook),
        ],
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    warning = (
        "oxford-2026 is Oxford City Council's scheme for 2026/27; the base, ctb-2012, is "
        "Birmingham City Council's for 2012/13 (a different council and year;"
    )
    assert f"Warning: {warning}" in output
    assert "−£" not in output and "% of the" not in output
    html = " ".join(report.read_text().split())
    assert warning in html.replace("&#39;", "'")
    assert ">Transition grant criteria</h2>" not in html  # 2013/14 only
    book = load_workbook(workbook)
    assert "Transition grant" not in book.sheetnames
    words = [row[0] for row in book["Summary in words"].iter_rows(min_row=2, values_only=True)]
    assert words[0].startswith(f"Warning: {warning}")
    assert any(
        w.startswith("Warning")
        for w in [r[0] for r in book["Assumptions"].iter_rows(values_only=True)]
    )


def test_compare_of_a_costlier_option_says_it_costs_more(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "tax",
            "compare",
            "birmingham-2013",
            "default-2013",
            "--caseload",
            str(SAMPLE),
            "--gap",
            "1m",
        ],
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert (
        "default-2013: costs £" in output
        and "more a year than the base, widens the £1.00m gap by" in output
    )
    assert "Warning" not in output  # same council, same year
    assert (
        "Birmingham City Council bears £" in output
        and "the rest falls on the police and fire authorities" in output
    )


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
