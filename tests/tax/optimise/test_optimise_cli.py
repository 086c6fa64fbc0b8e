"""`townhall tax optimise` as an officer runs it: a scheme file out, a report, clear errors."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from townhall.cli import app

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
