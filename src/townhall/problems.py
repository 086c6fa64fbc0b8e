"""Problems found in a user's input, collected in one pass and reported together.

Every domain raises `InvalidInputError` with all the problems it found (never only the first), so
the CLI and the web layer can show them as one table: where, which field, what value, what was
expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError
from pydantic_core import ErrorDetails


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, the value found and what was expected."""

    source: str
    field: str
    value: str
    expected: str
    row: int | None = None

    def __str__(self) -> str:
        where = self.source if self.row is None else f"{self.source}, row {self.row}"
        return f"{where}: {self.field} = {self.value!r}: expected {self.expected}"


class InvalidInputError(Exception):
    """A user's input had one or more problems; nothing was loaded."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems[:20])
        more = f"\n  ... and {count - 20} more" if count > 20 else ""
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found:\n{lines}{more}")


def shorten(value: object, limit: int = 60) -> str:
    """The value as text, cut to `limit` characters so one bad cell cannot flood a report."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problems_from_validation(error: ValidationError, source: str) -> list[Problem]:
    """Every error pydantic found, as Problems with the field path and what was expected."""
    problems = []
    for detail in error.errors():
        location = ".".join(str(part) for part in detail["loc"]) or "(whole)"
        shown = "(missing)" if detail["type"] == "missing" else shorten(detail.get("input"))
        problems.append(
            Problem(source=source, field=location, value=shown, expected=_expected(detail))
        )
    return problems


def _expected(detail: ErrorDetails) -> str:
    """Say what was expected in words a person can act on."""
    kind = detail["type"]
    if kind == "missing":
        return "this value (it is required)"
    if kind == "extra_forbidden":
        return "no such field: check its spelling"
    if kind == "literal_error":
        return str(detail["msg"]).replace("Input should be ", "one of ")
    return str(detail["msg"]).replace("Input should be", "a value").replace("Value error, ", "")
