"""Reports are written whole or not at all, open offline, and keep numbers as numbers in Excel."""

from __future__ import annotations

from pathlib import Path

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
    # retyping it in Excel keeps it text.
    texts = ['=HYPERLINK("http://evil","x")', "+SUM(A1)", "-2+3", "@cmd", "\tcell", "\rcell"]
    path = write_workbook(tmp_path / "w.xlsx", {"Notes": pl.DataFrame({"note": [*texts, "fine"]})})
    cells = [row[0] for row in load_workbook(path)["Notes"].iter_rows(min_row=2)]
    assert [cell.data_type for cell in cells] == ["s"] * 7
    assert [cell.value for cell in cells[:5]] == texts[:5]
    assert [cell.quotePrefix for cell in cells] == [True] * 6 + [False]


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
