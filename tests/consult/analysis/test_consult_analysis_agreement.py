"""Agreement between two people's readings of the same answers (double coding), worked by hand."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from townhall.cli.consult_analysis import app
from townhall.consult.analysis.agreement import agreement
from townhall.consult.analysis.records import Correction
from townhall.reports.excel import write_workbook

KEYS = ["hardship", "pensioners"]


def reading(answer_id: str, themes: str, stance: str | None) -> Correction:
    return Correction(answer_id, "", frozenset(filter(None, themes.split(";"))), stance)  # type: ignore[arg-type]


def test_agreement_worked_by_hand() -> None:
    """Four answers read by both, one by the first only. Hardship: the first gives 1, 2, 3, the
    second 1, 2, 4: both 2, F1 = 2*2/(3+3) = 0.667; kappa: observed 2/4 agree, chance
    (3/4*3/4 + 1/4*1/4) = 0.625, so (0.5 - 0.625)/(1 - 0.625) = -1/3. Pensioners: both on 4 only:
    F1 1, kappa 1. Stance: 3 of 4 the same."""
    first = [
        reading("1", "hardship", "opposes"),
        reading("2", "hardship", "opposes"),
        reading("3", "hardship", "supports"),
        reading("4", "pensioners", "mixed"),
        reading("5", "", "unclear"),
    ]
    second = [
        reading("4", "hardship;pensioners", "mixed"),
        reading("3", "", "opposes"),
        reading("2", "hardship", "opposes"),
        reading("1", "hardship", "opposes"),
    ]
    found = agreement(first, second, KEYS)
    assert (found.answers, found.only_first, found.only_second) == (4, 1, 0)
    hardship, pensioners = found.themes
    assert (hardship.support, hardship.predicted, hardship.f1) == (3, 3, pytest.approx(2 / 3))
    assert found.kappas[0] == pytest.approx(-1 / 3)
    assert (pensioners.f1, found.kappas[1]) == (1.0, 1.0)
    assert found.macro_f1 == pytest.approx((2 / 3 + 1) / 2)
    assert (found.stance_answers, found.stance_agreement) == (4, 0.75)
    assert found.stance_confusion[("supports", "opposes")] == 1


def test_a_theme_neither_reader_used_has_no_kappa() -> None:
    found = agreement([reading("1", "hardship", None)], [reading("1", "hardship", None)], KEYS)
    assert math.isnan(found.kappas[1]) and found.stance_answers == 0


def test_the_command_compares_two_coding_sheets_and_names_bad_rows(tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_text("id,text,themes,stance\n1,Too dear,hardship,opposes\n2,Fine,,supports\n")
    second = tmp_path / "second.xlsx"  # another officer's sheet: no text, headings capitalised
    sheet = {"ID": ["2", "1"], "Themes": ["", "hardship"], "Stance": ["supports", "mixed"]}
    write_workbook(second, {"coding": pl.DataFrame(sheet)})
    result = CliRunner().invoke(app, ["agreement", str(first), str(second)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "2 answers" in result.output and "Macro-F1: 1.000" in result.output
    assert "the same on 0.500 of 2 answers" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("id,themes,stance\n1,parking,opposes\n2,,unsure\n")
    result = CliRunner().invoke(app, ["agreement", str(first), str(bad)], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "parking" in result.output and "unsure" in result.output


DATA = Path(__file__).parents[2] / "data" / "consult"


@pytest.mark.parametrize(
    ("labelled_set", "reading", "themes", "stance"),
    [
        ("cts-answers-independent-7.csv", "set-7-a.csv", 0.892, 0.950),
        ("cts-answers-independent-7.csv", "set-7-b.csv", 0.903, 0.946),
        ("cts-answers-independent-16.csv", "set-16-a.csv", 0.909, 0.988),
        ("cts-answers-independent-16.csv", "set-16-b.csv", 0.910, 0.983),
    ],
)
def test_second_readings_of_two_sets_agree_as_documented(
    labelled_set: str, reading: str, themes: float, stance: float
) -> None:
    """Each set read again, blind, by two more readers (LABELLING.md, docs/consult-analysis.md)."""
    result = CliRunner().invoke(
        app,
        ["agreement", str(DATA / labelled_set), str(DATA / "second-readings" / reading)],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 0, result.output
    assert f"Macro-F1: {themes:.3f}" in result.output
    assert f"the same on {stance:.3f} of 240 answers" in result.output
