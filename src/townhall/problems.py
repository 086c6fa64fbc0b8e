"""Problems found in a user's input, collected in one pass and reported together.

Every domain raises `InvalidInputError` with all the problems it found (never only the first), so
the CLI and the web layer can show them as one table: where, which field, what value, what was
expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


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
