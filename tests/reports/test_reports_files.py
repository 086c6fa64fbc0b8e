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
