"""Self-contained HTML reports: one file with inline CSS and SVG charts, no scripts, no network."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from townhall import __version__
from townhall.reports.charts import chart_svg
from townhall.reports.files import atomic_path
from townhall.reports.formats import count, number, percent, pounds

_environment = Environment(
    loader=PackageLoader("townhall.reports", "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Cell:
    """One table cell: the text shown and whether it is a number (numbers align right)."""

    text: str
    numeric: bool


@dataclass
class HtmlReport:
    """A report built section by section, then rendered to one HTML file that opens offline."""

    title: str
    subtitle: str = ""
    sections: list[dict[str, Any]] = field(default_factory=list)

    def add_heading(self, text: str, level: int = 2) -> None:
        """A heading; level 2 starts a section and appears in the contents list."""
        self.sections.append({"kind": "heading", "text": text, "level": min(max(level, 2), 5)})

    def add_paragraph(self, text: str) -> None:
        """A paragraph of plain text (escaped)."""
        self.sections.append({"kind": "paragraph", "text": text})

    def add_warning(self, text: str) -> None:
        """A warning the reader must see before the figures (shown boxed, labelled "Warning")."""
        self.sections.append({"kind": "warning", "text": text})

    def add_list(self, items: Iterable[str]) -> None:
        """A bulleted list of plain-text items."""
        self.sections.append({"kind": "list", "items": list(items)})

    def add_definitions(self, terms: Mapping[str, str]) -> None:
        """A list of terms and what they mean (parameters, method notes)."""
        self.sections.append({"kind": "definitions", "terms": dict(terms)})

    def add_table(
        self,
        table: pl.DataFrame,
        caption: str,
        money: Iterable[str] = (),
        percent: Iterable[str] = (),
        counts: Iterable[str] = (),
    ) -> None:
        """A table from a DataFrame; `money` columns show as £, `percent` columns hold fractions,
        `counts` show as whole numbers."""
        self.sections.append(
            {
                "kind": "table",
                "caption": caption,
                "columns": [name.replace("_", " ") for name in table.columns],
                "rows": _cells(table, set(money), set(percent), set(counts)),
            }
        )

    def add_chart(self, chart: Any, description: str) -> None:
        """An Altair chart as inline SVG, with a text alternative saying what it shows."""
        self.sections.append(
            {"kind": "chart", "svg": Markup(chart_svg(chart)), "description": description}  # noqa: S704
        )

    def render(self) -> str:
        """The whole report as one HTML document."""
        contents = [s for s in self.sections if s["kind"] == "heading" and s["level"] == 2]
        return _environment.get_template("report.html").render(
            report=self,
            contents=contents,
            generated=datetime.now(UTC).strftime("%d %B %Y %H:%M UTC"),
            version=__version__,
        )

    def write(self, path: str | Path) -> Path:
        """Write the report atomically; a failure leaves no partial file."""
        html = self.render()
        with atomic_path(path) as temporary:
            temporary.write_text(html, encoding="utf-8")
        return Path(path)


def _cells(
    table: pl.DataFrame, money: set[str], percent_columns: set[str], counts: set[str]
) -> list[list[Cell]]:
    """Format every cell of the table for display."""
    rows: list[list[Cell]] = []
    for record in table.iter_rows(named=True):
        row = []
        for name, value in record.items():
            if name in money:
                row.append(Cell(pounds(value), True))
            elif name in percent_columns:
                row.append(Cell(percent(value), True))
            elif name in counts:
                row.append(Cell(count(value), True))
            else:
                numeric = isinstance(value, int | float) and not isinstance(value, bool)
                row.append(Cell(number(value), numeric))
        rows.append(row)
    return rows
