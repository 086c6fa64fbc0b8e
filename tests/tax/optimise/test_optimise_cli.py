"""`townhall tax optimise` as an officer runs it: a scheme file out, a report, clear errors."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from townhall.cli import app
from townhall.tax.claims.caseload import Caseload
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import load_bundled_scheme, load_scheme

SAMPLE = Path(__file__).parents[3] / "src/townhall/tax/samples/sample-caseload.csv"
runner = CliRunner()


def test_optimise_writes_a_loadable_scheme_and_a_report(tmp_path: Path) -> None:
    out, report = tmp_path / "best.toml", tmp_path / "best.html"
    result = runner.invoke(
        app,
        [
            "tax",
            "optimise",
            "--saving",
            "500",
            "--caseload",
            str(SAMPLE),
            "--taper",
            "0.2,0.25",
            "--band-cap",
            "none,C",
            "--protect",
            "disability_premium,carer",
            "--objective",
            "largest-loss",
            "--out",
            str(out),
            "--report",
            str(report),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Best (smallest largest weekly loss)" in result.output
    assert "Trade-off" in report.read_text()
    shown = runner.invoke(app, ["tax", "run", str(out), "--caseload", str(SAMPLE)])
    assert shown.exit_code == 0, shown.output


def test_bad_options_are_all_reported_at_once() -> None:
    result = runner.invoke(
        app,
        [
            "tax",
            "optimise",
            "--saving",
            "500",
            "--caseload",
            str(SAMPLE),
            "--taper",
            "0.2,x",
            "--band-cap",
            "Q",
            "--protect",
            "pensioners",
            "--objective",
            "happiest",
            "--constraint",
            "aliens<=2",
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 1
    for fragment in ("--taper", "--band-cap", "--protect", "--objective", "--constraint"):
        assert fragment in result.output
    assert "Traceback" not in result.output


def test_an_impossible_question_names_what_binds() -> None:
    result = runner.invoke(app, ["tax", "optimise", "--saving", "1m", "--caseload", str(SAMPLE)])
    assert result.exit_code == 1
    assert "saving: no candidate saves" in result.output


def printed_saving(output: str) -> float:
    match = re.search(r"saves £([\d,]+) a year", output)
    assert match, output
    return float(match.group(1).replace(",", ""))


def test_the_printed_saving_is_what_the_written_scheme_saves(tmp_path: Path) -> None:
    # The officer's run: an income-banded template measured against itself.
    out = tmp_path / "best.toml"
    caseload = Caseload.read(SAMPLE)
    oxford = load_bundled_scheme("oxford-2026")
    target = round(0.05 * evaluate(oxford, caseload).total_award_yearly())
    result = runner.invoke(
        app,
        [
            "tax",
            "optimise",
            "--template",
            "oxford-2026",
            "--baseline",
            "oxford-2026",
            "--saving",
            str(target),
            "--caseload",
            str(SAMPLE),
            "--out",
            str(out),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    written = (
        evaluate(oxford, caseload).total_award_yearly()
        - evaluate(load_scheme(out), caseload).total_award_yearly()
    )
    assert printed_saving(result.output) == round(written)
    assert "Levers moved from oxford-2026:\n  minimum contribution 0.00% →" in result.output


def test_grid_honours_report_and_keeps_every_household_column(tmp_path: Path) -> None:
    out, report = tmp_path / "grid.toml", tmp_path / "grid.html"
    caseload = Caseload.read(SAMPLE)
    oxford = load_bundled_scheme("oxford-2026")
    target = round(0.05 * evaluate(oxford, caseload).total_award_yearly())
    result = runner.invoke(
        app,
        [
            "tax",
            "optimise",
            "--grid",
            "--template",
            "oxford-2026",
            "--baseline",
            "oxford-2026",
            "--objective",
            "lowest-deciles:3",
            "--saving",
            str(target),
            "--caseload",
            str(SAMPLE),
            "--out",
            str(out),
            "--report",
            str(report),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    html = report.read_text()
    for column in ("single", "couple", "family one child", "family two or more children"):
        assert column in html
    assert "Share of liability supported" in html
    written = load_scheme(out)
    bands = written.levers.income_grid.bands.value  # type: ignore[union-attr]
    assert all(len(band.discount) == 4 for band in bands)
    saved = (
        evaluate(oxford, caseload).total_award_yearly()
        - evaluate(written, caseload).total_award_yearly()
    )
    assert printed_saving(result.output) == round(saved)
    assert saved >= target - 0.5


def test_a_template_that_cannot_answer_is_refused_with_the_reason() -> None:
    result = runner.invoke(
        app,
        [
            "tax",
            "optimise",
            "--template",
            "oxford-2026",
            "--saving",
            "100",
            "--taper",
            "0.2,0.3",
            "--caseload",
            str(SAMPLE),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 1
    assert "income-banded" in result.output
    assert "Traceback" not in result.output
