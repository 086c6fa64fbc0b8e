"""Problems found in a user's input, collected in one pass and reported together.

Every domain raises `InvalidInputError` with all the problems it found (never only the first), so
the CLI and the web layer can show them as one table: where, which field, what value, what was
expected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

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


Item = TypeVar("Item")
Read = TypeVar("Read")


def read_every(items: Iterable[Item], read: Callable[[Item], Read]) -> list[Read]:
    """`read` of every item in order; if any raise InvalidInputError, the problems of all of them
    are raised together, so one run names every bad file and nothing half-read is returned."""
    results: list[Read] = []
    problems: list[Problem] = []
    for item in items:
        try:
            results.append(read(item))
        except InvalidInputError as error:
            problems.extend(error.problems)
    if problems:
        raise InvalidInputError(problems)
    return results


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
