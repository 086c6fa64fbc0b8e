"""Caseload import (CSV, Parquet, Excel) and validation: all problems at once, nothing loaded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from townhall.problems import InvalidInputError
from townhall.reports.excel import write_workbook
from townhall.tax.claims.caseload import Caseload
from townhall.tax.claims.caseload_schema import (
    COLUMNS,
    NON_DEPENDANT_COLUMNS,
    UC_ELEMENTS,
    markdown_table,
)
from townhall.tax.claims.extract import ExtractOptions, read_mapping
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import UC_ELEMENTS as SCHEME_UC_ELEMENTS
from townhall.tax.rules.scheme import load_bundled_scheme

_ROW = {"claim_id": "x", "band": "A", "pensioner": False, "claimant_age": 40}

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
        write_workbook(path, {"Claims": frame})
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


def test_missing_required_columns_are_named_and_unknown_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text("claim_id,band,pensioner,shoe_size\na,A,no,9\n")
    with pytest.raises(InvalidInputError) as caught:
        Caseload.read(path)
    assert {p.field for p in caught.value.problems} == {"claimant_age"}
    # A council's own columns are kept and carried through to every claim's results.
    path.write_text("claim_id,band,pensioner,claimant_age,Officer\na,A,no,40,JB\n")
    caseload = Caseload.read(path)
    assert caseload.extra_columns == ["Officer"]
    table = evaluate(load_bundled_scheme("default-2013"), caseload).table()
    assert table.get_column("Officer").to_list() == ["JB"]


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


def test_new_columns_are_checked_across_fields_all_at_once() -> None:
    # A UC amount with no UC flag, hours without earnings, child care without children and a
    # partner's benefit without a partner: every one is named, in one pass, and nothing loads.
    rows = [
        {**_ROW, "claim_id": "a", "uc_award_monthly": 300.0},
        {**_ROW, "claim_id": "b", "claimant_weekly_hours": 20.0},
        {**_ROW, "claim_id": "c", "weekly_child_care_charges": 50.0},
        {**_ROW, "claim_id": "d", "partner_disability_benefit": "pip_daily_living_standard"},
        {**_ROW, "claim_id": "e", "universal_credit": True},
        {**_ROW, "claim_id": "f", "uc_housing_element_monthly": 400.0},
    ]
    with pytest.raises(InvalidInputError) as caught:
        Caseload.from_records(rows, "claims.csv")
    found = {(problem.row, problem.field) for problem in caught.value.problems}
    assert found == {
        (2, "uc_award_monthly"),
        (3, "weekly_earnings"),
        (4, "weekly_child_care_charges"),
        (5, "partner_age"),
        (6, "uc_maximum_amount_monthly"),
        (7, "uc_housing_element_monthly"),
    }


def test_universal_credit_elements_are_optional_columns_of_the_schema() -> None:
    # One column for each element a scheme may name, 0 when absent, so older files load as they
    # did; the scheme's list of elements and the caseload's are the same.
    assert SCHEME_UC_ELEMENTS == UC_ELEMENTS
    caseload = Caseload.from_records([{**_ROW, "claim_id": "a"}])
    for element in UC_ELEMENTS:
        assert caseload.table.get_column(f"uc_{element}_monthly").to_list() == [0.0]


def test_nan_infinite_and_implausible_amounts_are_refused() -> None:
    rows = [
        {**_ROW, "claim_id": "a", "weekly_earnings": "nan"},
        {**_ROW, "claim_id": "b", "weekly_other_income": "inf"},
        {**_ROW, "claim_id": "c", "weekly_earnings": 1e9},
    ]
    with pytest.raises(InvalidInputError) as caught:
        Caseload.from_records(rows, "claims.csv")
    assert {(p.row, p.field) for p in caught.value.problems} == {
        (2, "weekly_earnings"),
        (3, "weekly_other_income"),
        (4, "weekly_earnings"),
    }


def test_column_names_match_whatever_their_case_and_a_misspelling_is_named() -> None:
    caseload = Caseload.from_records(
        [{"Claim_ID": "a", "BAND": "A", "Pensioner": False, "claimant_age": 40}]
    )
    assert caseload.table.get_column("claim_id").to_list() == ["a"]
    with pytest.raises(InvalidInputError) as caught:
        Caseload.from_records([{**_ROW, "weekly_earning": 10.0}])
    assert "did you mean weekly_earnings" in caught.value.problems[0].expected


def test_non_dependants_file_problems_are_listed_with_the_claims_problems() -> None:
    claims = [{**_ROW, "claim_id": "a", "band": "Z"}]
    others = [
        {"claim_id": "a", "gross_weekly_income": 100.0, "benefit": "jobseekers"},
        {"claim_id": "nobody", "gross_weekly_income": 50.0},
    ]
    frame = pl.DataFrame(claims)
    with pytest.raises(InvalidInputError) as caught:
        Caseload.from_frame(frame, "claims.csv", pl.DataFrame(others), "adults.csv")
    found = {(p.source, p.row, p.field) for p in caught.value.problems}
    assert ("claims.csv", 2, "band") in found
    assert ("adults.csv", 2, "benefit") in found


def test_unknown_claim_in_the_non_dependants_file_is_named() -> None:
    others = pl.DataFrame([{"claim_id": "nobody", "gross_weekly_income": 50.0}])
    with pytest.raises(InvalidInputError) as caught:
        Caseload.from_frame(pl.DataFrame([_ROW]), "claims.csv", others, "adults.csv")
    assert [(p.source, p.row, p.field, p.value) for p in caught.value.problems] == [
        ("adults.csv", 2, "claim_id", "nobody")
    ]


def test_legacy_non_dependant_columns_become_rows() -> None:
    caseload = Caseload.from_records(
        [{**_ROW, "non_dependants": 2, "non_dependant_gross_weekly_income": 150.0}]
    )
    table = caseload.non_dependant_table
    assert table.height == 2
    assert table.get_column("gross_weekly_income").to_list() == [150.0, 150.0]


def test_a_councils_extract_read_through_a_mapping_with_dates_of_birth(tmp_path: Path) -> None:
    # The extract's own names, mapped once; dates of birth give ages on 1 April of the scheme year.
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[columns]\n"Claim Ref" = "claim_id"\n"CT Band" = "band"\n'
        '"Pension Age" = "pensioner"\n"DOB" = "claimant_date_of_birth"\n'
    )
    extract = tmp_path / "extract.csv"
    extract.write_text("Claim Ref,CT Band,Pension Age,DOB\n1,A,N,02/04/1986\n2,B,N,1986-04-01\n")
    options = ExtractOptions(mapping=read_mapping(mapping), ages_at=date(2026, 4, 1))
    caseload = Caseload.read(extract, options=options)
    # Born 2 April 1986: 39 on 1 April 2026 (the birthday is the next day); born 1 April: 40.
    assert caseload.table.get_column("claimant_age").to_list() == [39, 40]
    extract.write_text("Claim Ref,CT Band,Pension Age,DOB\n1,A,N,31/02/1986\n")
    with pytest.raises(InvalidInputError) as caught:
        Caseload.read(extract, options=options)
    assert {p.field for p in caught.value.problems} >= {"claimant_date_of_birth"}


def test_a_mapping_naming_an_unknown_column_is_refused(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\n"Ref" = "claim_reference"\n"Band" = "band"\n')
    with pytest.raises(InvalidInputError) as caught:
        read_mapping(mapping)
    assert [(p.field, p.value) for p in caught.value.problems] == [
        ("columns.Ref", "claim_reference")
    ]


def test_a_workbook_sheet_and_header_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "extract.xlsx"
    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active["A1"] = "not the claims"
    sheet = workbook.create_sheet("Claims")
    sheet.append(["Council Tax Support extract, 1 April 2026"])
    sheet.append([])
    sheet.append(["claim_id", "band", "pensioner", "claimant_age"])
    sheet.append(["a", "C", "no", 40])
    workbook.save(path)
    caseload = Caseload.read(path, options=ExtractOptions(sheet="Claims", header_row=3))
    assert caseload.table.get_column("band").to_list() == ["C"]

    sheet.append(["b", "Q", "no", 41])  # spreadsheet row 5
    workbook.save(path)
    with pytest.raises(InvalidInputError) as raised:
        Caseload.read(path, options=ExtractOptions(sheet="Claims", header_row=3))
    assert [(problem.field, problem.row) for problem in raised.value.problems] == [("band", 5)]


def test_the_model_can_run_on_the_councils_actual_liability() -> None:
    # A parish precept the model does not know: the council's bill is £900.00, not £845.95.
    row = {**_ROW, "partner_age": 38, "passported": True, "actual_liability_yearly": 900.0}
    scheme = load_bundled_scheme("default-2013")
    modelled = evaluate(scheme, Caseload.from_records([row]))
    actual = Caseload.from_records([row])
    actual.use_actual_liability = True
    assert float(modelled.award_yearly[0]) == 845.95
    assert float(evaluate(scheme, actual).award_yearly[0]) == 900.0


def test_family_premium_protected_loads_and_defaults_to_false(tmp_path: Path) -> None:
    # A file in the older schema (no `family_premium_protected` column) still loads, every claim
    # taken as a new one; a file that has the column reads yes/no like any flag. Under the 2026/27
    # prescribed scheme (SI 2015/2041 reg. 3) only the protected pensioner family gets the premium.
    path = tmp_path / "claims.csv"
    head = "claim_id,band,pensioner,claimant_age,children,youngest_child_age"
    path.write_text(f"{head}\na,C,yes,72,1,10\n")
    assert Caseload.read(path).table.get_column("family_premium_protected").to_list() == [False]
    path.write_text(f"{head},family_premium_protected\na,C,yes,72,1,10,yes\nb,C,yes,72,1,10,\n")
    caseload = Caseload.read(path)
    assert caseload.table.get_column("family_premium_protected").to_list() == [True, False]
    applicable = evaluate(load_bundled_scheme("oxford-2026"), caseload).stages.applicable_weekly
    # £256.00 + £87.88, and £20.22 (Sch. 2 para 3(a)) for the protected claim only.
    assert [round(float(x), 2) for x in applicable] == [364.10, 343.88]
