"""Reports are written whole or not at all, open offline, and keep numbers as numbers in Excel."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import altair as alt
import polars as pl
import pytest
from openpyxl import load_workbook

from townhall.reports.excel import sheet_name, write_workbook
from townhall.reports.files import atomic_path
from townhall.reports.formats import percent, pounds
from townhall.reports.html import HtmlReport


def test_pounds_and_percent_formats() -> None:
    assert pounds(178.0) == "£178.00"
    assert pounds(-1234.5) == "−£1,234.50"
    # A fraction is multiplied by 100 exactly once.
    assert percent(0.24) == "24.0%"
    assert percent(0.085, places=1) == "8.5%"


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_html_report_is_self_contained_and_escaped(tmp_path: Path) -> None:
    table = pl.DataFrame({"option": ["<b>24%</b>"], "cost_yearly": [1234.5], "share": [0.24]})
    chart = alt.Chart(alt.Data(values=[{"x": 1, "y": 2}])).mark_bar().encode(x="x:Q", y="y:Q")
    report = HtmlReport(title="Options", subtitle="Birmingham 2013")
    report.add_heading("Summary")
    report.add_paragraph("Working-age claimants pay <at least> 24%.")
    report.add_table(table, caption="Costs", money=("cost_yearly",), percent=("share",))
    report.add_chart(chart, description="One bar of height 2.")
    html = report.write(tmp_path / "r.html").read_text()
    assert "&lt;b&gt;24%&lt;/b&gt;" in html
    assert "&lt;at least&gt;" in html
    assert "£1,234.50" in html and "24.0%" in html
    assert "<svg" in html and 'aria-label="One bar of height 2."' in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "<script" not in html


def test_workbook_keeps_numbers_with_formats(tmp_path: Path) -> None:
    table = pl.DataFrame({"option": ["a"], "cost_yearly": [10.5], "share": [0.25]})
    path = write_workbook(
        tmp_path / "w.xlsx", {"Costs/option?": table}, money=("cost_yearly",), percent=("share",)
    )
    sheet = load_workbook(path)[sheet_name("Costs/option?")]
    assert sheet["B2"].value == 10.5 and "£" in sheet["B2"].number_format
    assert sheet["C2"].value == 0.25 and "%" in sheet["C2"].number_format


def test_workbook_writes_formula_like_text_as_text(tmp_path: Path) -> None:
    # Data never becomes a formula: a claimant's note, a ward name or a scheme title that begins
    # with =, +, -, @, a tab or a carriage return is a string cell, quote-prefixed so that
    # retyping it in Excel keeps it text. The prefix is set per column: a column holding any such
    # text has it on every cell; a column with none has it on none.
    texts = ['=HYPERLINK("http://evil","x")', "+SUM(A1)", "-2+3", "@cmd", "\tcell", "\rcell"]
    table = pl.DataFrame({"note": [*texts, "fine"], "ward": ["Aston"] * 7, "n": [-5] * 7})
    path = write_workbook(tmp_path / "w.xlsx", {"Notes": table})
    rows = list(load_workbook(path)["Notes"].iter_rows(min_row=2))
    notes, wards, numbers = ([row[column] for row in rows] for column in range(3))
    assert [cell.data_type for cell in notes + wards] == ["s"] * 14
    assert [cell.value for cell in notes[:5]] == texts[:5]
    assert [cell.value for cell in numbers] == [-5] * 7
    assert all(cell.quotePrefix for cell in notes)
    assert not any(cell.quotePrefix for cell in wards + numbers)


def test_workbook_counts_are_whole_numbers(tmp_path: Path) -> None:
    table = pl.DataFrame({"Pay more (claims)": [7490.0, None]})
    path = write_workbook(tmp_path / "w.xlsx", {"S": table}, counts=("Pay more (claims)",))
    sheet = load_workbook(path)["S"]
    assert sheet["A2"].value == 7490 and sheet["A2"].number_format == "#,##0"
    assert sheet["A3"].value is None


def test_html_report_warnings_and_counts(tmp_path: Path) -> None:
    report = HtmlReport(title="Options")
    report.add_warning("oxford-2026 is Oxford City Council's scheme for 2026/27.")
    report.add_table(pl.DataFrame({"claims": [7490.4]}), "Claims", counts=("claims",))
    html = report.render()
    assert '<div class="warning" role="note"><strong>Warning: </strong>oxford-2026' in html
    assert ">7,490<" in html and "7,490.4" not in html


def test_a_failed_workbook_leaves_the_old_one_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_workbook(tmp_path / "w.xlsx", {"S": pl.DataFrame({"a": [1]})})
    before = path.read_bytes()

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("townhall.reports.excel._write_sheet", broken)
    with pytest.raises(OSError, match="disk full"):
        write_workbook(path, {"S": pl.DataFrame({"a": [2]})})
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["w.xlsx"]


def test_workbook_layout_and_cell_types(tmp_path: Path) -> None:
    # Every kind of column a report or export holds, read back as a spreadsheet sees it.
    table = pl.DataFrame(
        {
            "ward": ["Aston", None],
            "cost_yearly": [-1234.5, float("inf")],
            "share": [0.25, float("nan")],
            "claims": [7490, 3],
            "decided": [date(2013, 1, 31), None],
            "sent": [datetime(2026, 7, 1, 9, 30, tzinfo=ZoneInfo("Europe/London"))] * 2,
            "passported": [True, False],
            "amount": [Decimal("1.50"), None],
            "note": ["x" * 40_000, "two\nlines"],
        }
    )
    path = write_workbook(
        tmp_path / "w.xlsx",
        {"Sheet": table},
        money=("cost_yearly",),
        percent=("share",),
        counts=("claims",),
    )
    sheet = load_workbook(path)["Sheet"]
    assert [cell.value for cell in sheet[1]] == table.columns
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:I3"
    assert sheet["A2"].value == "Aston" and sheet["A3"].value is None  # empty, not ""
    assert sheet["B2"].value == -1234.5 and "£" in sheet["B2"].number_format
    assert sheet["B3"].value == "infinite"
    assert sheet["C2"].value == 0.25 and "%" in sheet["C2"].number_format
    assert sheet["C3"].value is None
    assert sheet["D2"].value == 7490 and sheet["D2"].number_format == "#,##0"
    assert sheet["E2"].value == datetime(2013, 1, 31) and sheet["E2"].number_format == "d mmmm yyyy"
    assert sheet["F2"].value == datetime(2026, 7, 1, 9, 30)  # the wall clock in London
    assert sheet["G2"].value is True and sheet["G3"].value is False
    assert sheet["H2"].value == "1.50" and sheet["H2"].data_type == "s"
    assert len(sheet["I2"].value) == 32_767  # Excel's limit for a cell
    assert sheet["I3"].value == "two\nlines" and sheet["I3"].alignment.wrap_text
    # Widths in characters: the heading (counted as at least 8) or the widest cell, plus 2, at
    # most 80.
    widths = [int(sheet.column_dimensions[name].width) for name in "ABI"]
    assert widths == [8 + 2, len("cost_yearly") + 2, 80]
