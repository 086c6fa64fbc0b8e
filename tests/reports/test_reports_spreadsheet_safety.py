"""No formula reaches a spreadsheet from data: every CSV and Excel writer makes formula-like text
inert (a leading apostrophe in CSV, a quote-prefixed string cell in Excel), and numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from townhall.cli import app
from townhall.reports.cells import FORMULA_TRIGGERS, inert_text
from townhall.reports.csv_files import csv_text, write_csv
from townhall.reports.excel import workbook_bytes, write_workbook

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
# Each dangerous first character, in a cell a spreadsheet would otherwise run.
DANGEROUS = [f'{trigger}HYPERLINK("http://evil.example","click")' for trigger in FORMULA_TRIGGERS]


def read_csv_cells(source: str | Path) -> list[list[str]]:
    """A CSV's cells as a spreadsheet reads them (bytes decoded as-is: a carriage return kept)."""
    text = source if isinstance(source, str) else source.read_bytes().decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_no_formula_in(workbook_path_or_bytes: Path | bytes) -> list[object]:
    """Every cell of every sheet: none is a formula; return their values."""
    source = (
        io.BytesIO(workbook_path_or_bytes)
        if isinstance(workbook_path_or_bytes, bytes)
        else workbook_path_or_bytes
    )
    workbook = load_workbook(source)
    values = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                value = cell.value
                if isinstance(value, str):
                    # The writer stores a carriage return as Excel's escape _x000D_, which
                    # Excel decodes and openpyxl does not.
                    value = value.replace("_x000D_", "\r")
                    if value.startswith(FORMULA_TRIGGERS):
                        assert cell.quotePrefix, f"{cell.coordinate} lacks the quote prefix"
                values.append(value)
    return values


@pytest.mark.parametrize("text", DANGEROUS)
def test_csv_text_makes_each_dangerous_start_inert(text: str) -> None:
    (header, row) = read_csv_cells(csv_text(["answer", "amount"], [[text, -5]]))
    assert header == ["answer", "amount"]
    assert row == ["'" + text, "-5"]  # the text inert, the negative number still a number


@pytest.mark.parametrize("text", DANGEROUS)
def test_write_csv_makes_text_columns_inert_and_keeps_numbers(text: str, tmp_path: Path) -> None:
    frame = pl.DataFrame({"note": [text, "-5 is too much", "fine"], "amount": [-5.0, 1.5, 0.0]})
    path = write_csv(frame, tmp_path / "out.csv")
    rows = read_csv_cells(path)
    assert rows[1] == ["'" + text, "-5.0"]
    assert rows[2] == ["'-5 is too much", "1.5"]  # text that starts with - is text, made inert
    assert rows[3] == ["fine", "0.0"]
    assert pl.read_csv(path)["amount"].to_list() == [-5.0, 1.5, 0.0]


def test_a_dangerous_column_name_is_inert_too(tmp_path: Path) -> None:
    path = write_csv(pl.DataFrame({"=cmd": ["x"]}), tmp_path / "out.csv")
    assert read_csv_cells(path)[0] == ["'=cmd"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_workbooks_keep_dangerous_text_as_quoted_strings(text: str, tmp_path: Path) -> None:
    frame = pl.DataFrame({"note": [text, "-5 is too much"], "amount": [-5.0, 2.0]})
    for written in (
        write_workbook(tmp_path / "out.xlsx", {"Sheet": frame}, money=("amount",)),
        workbook_bytes({"Sheet": frame}, money=("amount",)),
    ):
        values = assert_no_formula_in(written)
        assert text in values and "-5 is too much" in values and -5 in values


def test_inert_text_leaves_ordinary_text_alone() -> None:
    assert inert_text("Aston ward") == "Aston ward"
    assert inert_text("") == ""
    assert inert_text("@home") == "'@home"


@pytest.fixture
def dangerous_answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.csv"
    texts = [*DANGEROUS, "-5 is too much", "An ordinary answer about the scheme."]
    pl.DataFrame({"id": [str(n) for n in range(len(texts))], "text": texts}).write_csv(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_consult_analysis_mask_writes_inert_text(
    dangerous_answers: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"masked{suffix}"
    result = runner.invoke(
        app, ["consult", "analysis", "mask", str(dangerous_answers), "--out", str(out)], env=WIDE
    )
    assert result.exit_code == 0, result.output
    if suffix == ".csv":
        cells = [row[1] for row in read_csv_cells(out)[1:]]
        assert cells[: len(DANGEROUS)] == ["'" + text for text in DANGEROUS]
        assert cells[len(DANGEROUS)] == "'-5 is too much"
    else:
        values = assert_no_formula_in(out)
        assert all(text in values for text in DANGEROUS)


def test_tax_run_output_keeps_a_caseload_column_inert(tmp_path: Path) -> None:
    claims, output = tmp_path / "claims.csv", tmp_path / "results.csv"
    claims.write_text(
        "claim_id,band,pensioner,claimant_age,note\n"
        + "".join(f'c{n},A,no,40,"{text}"\n' for n, text in enumerate(["=1+1", "@SUM(A1)"]))
    )
    result = runner.invoke(
        app,
        ["tax", "run", "default-2013", "--caseload", str(claims), "--output", str(output)],
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    rows = read_csv_cells(output)
    notes = [row[rows[0].index("note")] for row in rows[1:]]
    assert notes == ["'=1+1", "'@SUM(A1)"]


def test_outcomes_payment_lines_have_no_formula(tmp_path: Path) -> None:
    people, events = tmp_path / "people.csv", tmp_path / "events.csv"
    people.write_text("person_id,cohort,group,start_date\np0,=W1,treated,2013-01-01\n")
    events.write_text("person_id,kind,date,end_date\np0,job_start,2013-03-01,2013-06-09\n")
    lines_csv, lines_xlsx = tmp_path / "lines.csv", tmp_path / "lines.xlsx"
    result = runner.invoke(
        app,
        [
            "outcomes",
            "pay",
            "work-programme",
            "--data",
            str(people),
            "--events",
            str(events),
            "--csv",
            str(lines_csv),
            "--xlsx",
            str(lines_xlsx),
        ],
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    assert "=W1" in assert_no_formula_in(lines_xlsx)  # the cohort's name, a string cell
    for row in read_csv_cells(lines_csv)[1:]:
        assert not any(cell.startswith(FORMULA_TRIGGERS) for cell in row[:3])


def test_no_writer_bypasses_the_shared_ones() -> None:
    """Every CSV and Excel file is written through reports/csv_files.py or reports/excel.py."""
    source = Path(__file__).parents[2] / "src" / "townhall"
    bypasses = ("csv.writer(", "csv.DictWriter(", ".write_csv(", ".write_excel(", "Workbook(")
    allowed = {source / "reports" / "csv_files.py", source / "reports" / "excel.py"}
    found = [
        f"{path.relative_to(source)}: {needle}"
        for path in sorted(source.rglob("*.py"))
        if path not in allowed
        for needle in bypasses
        if needle in path.read_text(encoding="utf-8")
    ]
    assert found == []
