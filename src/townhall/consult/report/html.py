"""The report as one self-contained HTML file (townhall.reports.html: offline, written atomically)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from townhall.consult.report.blocks import Block, Bullets, Heading, Paragraph, Table
from townhall.reports.html import HtmlReport


def html_report(title: str, subtitle: str, blocks: list[Block]) -> HtmlReport:
    """An HtmlReport with every block in order."""
    report = HtmlReport(title=title, subtitle=subtitle)
    for block in blocks:
        if isinstance(block, Heading):
            report.add_heading(block.text, block.level)
        elif isinstance(block, Paragraph):
            report.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            report.add_list(block.items)
        elif isinstance(block, Table):
            report.add_table(_frame(block), block.caption, percent=block.percents)
        else:
            report.add_chart(block.spec, block.description)
    return report


def _frame(table: Table) -> pl.DataFrame:
    """The table as a DataFrame; a column mixing numbers and text is shown as text."""
    columns = {}
    for index, name in enumerate(table.columns):
        values = [row[index] for row in table.rows]
        if not all(isinstance(v, int | float) for v in values):
            values = [str(v) for v in values]
        columns[name] = values
    return pl.DataFrame(columns, strict=False)


def write_html(path: Path, title: str, subtitle: str, blocks: list[Block]) -> Path:
    """Write the HTML report atomically (a failure leaves no partial file)."""
    return html_report(title, subtitle, blocks).write(path)
