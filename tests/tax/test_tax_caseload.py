"""Caseload import (CSV, Parquet, Excel) and validation: all problems at once, nothing loaded."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from townhall.problems import InvalidInputError
from townhall.tax.claims.caseload import Caseload
from townhall.tax.claims.caseload_schema import COLUMNS, NON_DEPENDANT_COLUMNS, markdown_table

SAMPLE = Path(__file__).parents[2] / "src/townhall/tax/samples/sample-caseload.csv"
DOCS = Path(__file__).parents[2] / "docs/caseload.md"


def test_the_sample_file_loads() -> None:
    caseload = Caseload.read(SAMPLE)
    assert len(caseload) == 12
    assert caseload.flag("pensioner").sum() == 3


@pytest.mark.parametrize("suffix", [".parquet", ".xlsx"])
def test_parquet_and_excel_give_the_same_claims_as_csv(tmp_path: Path, suffix: str) -> None:
    frame = Caseload.read(SAMPLE).table
    path = tmp_path / f"claims{suffix}"
    if suffix == ".parquet":
        frame.write_parquet(path)
    else:
        frame.write_excel(path)
    assert Caseload.read(path).table.equals(frame)


def test_every_bad_value_is_reported_with_row_column_and_expectation(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "claim_id,band,pensioner,claimant_age,weekly_earnings,children,youngest_child_age\n"
        "a,A,false,40,0,0,\n"
        "b,Z,false,40,0,0,\n"  # row 3: band Z
        "c,B,maybe,40,-5,0,\n"  # row 4: pensioner 'maybe', negative earnings
        "d,C,false,forty,0,2,\n"  # row 5: age 'forty', children without youngest age
        "a,A,false,40.5,0,0,\n"  # row 6: fractional age
    )
    with pytest.raises(InvalidInputError) as caught:
        Caseload.read(path)
    found = {(p.row, p.field): p for p in caught.value.problems}
    assert found[(3, "band")].value == "Z" and "A, B, C" in found[(3, "band")].expected
    assert found[(4, "pensioner")].value == "maybe"
    assert found[(4, "weekly_earnings")].value == "-5"
    assert found[(5, "claimant_age")].value == "forty"
    assert found[(6, "claimant_age")].value == "40.5"
    assert all(p.source == str(path) for p in caught.value.problems)


def test_row_rules_are_checked_once_types_are_right(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "claim_id,band,pensioner,claimant_age,children,youngest_child_age\n"
        "a,A,no,40,2,\n"
        "a,A,no,40,0,\n"
    )
    with pytest.raises(InvalidInputError) as caught:
        Caseload.read(path)
    fields = sorted((p.row, p.field) for p in caught.value.problems)
    assert fields == [(2, "claim_id"), (2, "youngest_child_age"), (3, "claim_id")]


def test_missing_required_and_unknown_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text("claim_id,band,pensioner,shoe_size\na,A,no,9\n")
    with pytest.raises(InvalidInputError) as caught:
        Caseload.read(path)
    fields = {p.field for p in caught.value.problems}
    assert {"claimant_age", "shoe_size"} <= fields


def test_a_missing_or_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="existing caseload file"):
        Caseload.read(tmp_path / "nowhere.csv")
    odd = tmp_path / "claims.txt"
    odd.write_text("x")
    with pytest.raises(InvalidInputError, match=r"\.csv, \.parquet or \.xlsx"):
        Caseload.read(odd)


def test_yes_no_and_pound_signs_are_understood() -> None:
    frame = pl.DataFrame(
        {
            "claim_id": ["a"],
            "band": ["a"],
            "pensioner": ["Yes"],
            "claimant_age": ["70"],
            "capital": ["£12,000"],
        }
    )
    caseload = Caseload.from_frame(frame)
    assert caseload.table.row(0, named=True)["band"] == "A"
    assert caseload.amount("capital")[0] == 12000.0


def test_docs_show_the_schema_exactly() -> None:
    # docs/caseload.md carries the table generated from the schema, so the two cannot drift.
    assert markdown_table() in DOCS.read_text()
    assert markdown_table(NON_DEPENDANT_COLUMNS) in DOCS.read_text()
    assert all(f"`{column.name}`" in markdown_table() for column in COLUMNS)


def test_csv_read_in_small_chunks_loses_no_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import townhall.tax.claims.caseload as caseload_module

    whole = Caseload.read(SAMPLE).table
    monkeypatch.setattr(caseload_module, "CSV_CHUNK_BYTES", 50)  # a chunk ends mid-line every time
    progress: list[tuple[int, int]] = []
    raw = caseload_module.read_table(SAMPLE, lambda done, total: progress.append((done, total)))
    assert Caseload.from_frame(raw).table.equals(whole)
    assert len(progress) > 3 and progress[-1][0] == progress[-1][1] == SAMPLE.stat().st_size
