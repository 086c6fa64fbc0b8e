"""Corrections: read from a table with every problem listed, saved back, remapped after curation."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from townhall.consult.analysis.inputs import answer_table, read_table
from townhall.consult.analysis.records import (
    Correction,
    corrections_frame,
    corrections_from_frame,
    remap_corrections,
    split_themes,
)
from townhall.problems import InvalidInputError
from townhall.reports.excel import write_workbook


def test_split_themes() -> None:
    assert split_themes(" a; b;;c ") == {"a", "b", "c"}
    assert split_themes(None) == frozenset()


def test_corrections_round_trip() -> None:
    corrections = [
        Correction("7", "Bailiffs!", frozenset({"collection", "hardship"}), "opposes"),
        Correction("8", "Fine.", frozenset(), None),
    ]
    frame = corrections_frame(corrections)
    assert frame.row(0) == ("7", "Bailiffs!", "collection;hardship", "opposes")
    assert corrections_from_frame(frame, "saved", ["collection", "hardship"]) == corrections


def test_corrections_problems_in_one_pass() -> None:
    frame = pl.DataFrame({"id": ["1", "2"], "themes": ["x", "a"], "stance": ["maybe", ""]})
    with pytest.raises(InvalidInputError) as caught:
        corrections_from_frame(frame, "c.csv", ["a"], texts={"1": "one"})
    assert [(p.row, p.field, p.value) for p in caught.value.problems] == [
        (2, "themes", "x"),
        (2, "stance", "maybe"),
        (3, "id", "2"),
    ]
    with pytest.raises(InvalidInputError, match="themes or stance"):
        corrections_from_frame(pl.DataFrame({"id": ["1"]}), "c.csv", ["a"], texts={"1": "x"})


def test_remap_after_merge_and_delete() -> None:
    corrections = [Correction("1", "t", frozenset({"courts", "bills", "waste"}), "opposes")]
    (remapped,) = remap_corrections(
        corrections, {"courts": "money", "bills": "money", "waste": None}
    )
    assert remapped.themes == {"money"}
    assert remapped.stance == "opposes"


def test_excel_input(tmp_path: Path) -> None:
    path = tmp_path / "answers.xlsx"
    write_workbook(
        path, {"answers": pl.DataFrame({"ref": ["a1", "a2"], "answer": ["Cut the waste", None]})}
    )
    table = answer_table(read_table(path), str(path), "answer", "ref")
    assert table.ids == ["a1", "a2"]
    assert table.texts == ["Cut the waste", ""]
