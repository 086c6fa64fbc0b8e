"""Two schemes set side by side lever by lever: every figure that differs, from → to, with both
sources, and how many are the same. Used by `townhall tax diff` and `townhall.tax.diff`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from townhall.tax.rules.parameter_rows import parameter_rows
from townhall.tax.rules.scheme import Scheme, Sourced

NOT_STATED = "not stated"


@dataclass(frozen=True)
class FigureChange:
    """One figure that differs between two schemes, in words, with where each comes from."""

    parameter: str
    before: str
    after: str
    before_source: str
    after_source: str


@dataclass(frozen=True)
class SchemeDiff:
    """What differs between scheme `a` and scheme `b`, and how many figures are the same."""

    a: str
    b: str
    changes: list[FigureChange]
    same: int

    def to_polars(self) -> pl.DataFrame:
        """One row a figure that differs: parameter, from, to, and both sources."""
        return pl.DataFrame(
            [
                {
                    "parameter": change.parameter,
                    "from": change.before,
                    "to": change.after,
                    "from_source": change.before_source,
                    "to_source": change.after_source,
                }
                for change in self.changes
            ],
            schema=dict.fromkeys(
                ("parameter", "from", "to", "from_source", "to_source"), pl.String
            ),
        )


def scheme_diff(a: Scheme, b: Scheme) -> SchemeDiff:
    """Every sourced figure of either scheme compared by value: those that differ (or that one
    scheme states and the other does not) as changes, the rest counted as the same."""
    rows_a = {row["parameter"]: row for row in parameter_rows(a)}
    rows_b = {row["parameter"]: row for row in parameter_rows(b)}
    order = list(rows_a) + [name for name in rows_b if name not in rows_a]
    changes, same = [], 0
    for name in order:
        value_a, value_b = _value(a, name), _value(b, name)
        if value_a == value_b:
            same += 1
            continue
        row_a, row_b = rows_a.get(name), rows_b.get(name)
        changes.append(
            FigureChange(
                parameter=name,
                before=row_a["value"] if row_a else NOT_STATED,
                after=row_b["value"] if row_b else NOT_STATED,
                before_source=row_a["source"] if row_a else "",
                after_source=row_b["source"] if row_b else "",
            )
        )
    return SchemeDiff(a=a.name, b=b.name, changes=changes, same=same)


def _value(scheme: Scheme, parameter: str) -> Any:
    """The value at a dotted parameter path, or None where the scheme does not state it."""
    found: object = scheme
    for part in parameter.split("."):
        found = getattr(found, part, None)
    return found.value if isinstance(found, Sourced) else None
