"""The report as a list of plain blocks (headings, paragraphs, tables, charts) that both the HTML
and the Word writers render, so the two formats always say the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Value = str | int | float


@dataclass(frozen=True)
class Heading:
    """A heading: level 2 starts a section."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: list[str]


@dataclass(frozen=True)
class Table:
    """A table with a caption; numbers align right; `percents` columns hold fractions (0.25)."""

    caption: str
    columns: list[str]
    rows: list[list[Value]]
    percents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite chart and the text alternative saying what it shows."""

    spec: dict[str, Any]
    description: str


Block = Heading | Paragraph | Bullets | Table | Chart
