"""The terminal width the deals commands print at, fixed per test.

Rich reads COLUMNS once, when the console is made; under pytest-xdist that can be before a test
sets it, so tests set the consoles' width directly (monkeypatch restores it afterwards).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from townhall.cli.output import console, error_console


@pytest.fixture
def console_width(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Call with a width to print at that width for the rest of the test."""

    def set_width(columns: int) -> None:
        for printer in (console, error_console):
            monkeypatch.setattr(printer, "_width", columns)

    set_width(200)
    return set_width
