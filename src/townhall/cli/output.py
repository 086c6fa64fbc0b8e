"""Printing shared by every command: the console, problem tables and the user-error exit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from townhall.problems import InvalidInputError, Problem

console = Console()
error_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


class UserError(Exception):
    """A mistake the user can fix (an unknown name, a missing file); printed without a traceback."""


def problems_table(problems: list[Problem]) -> Table:
    """A table of problems: where, which field, the value found, what was expected."""
    table = Table(title=f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found")
    has_rows = any(problem.row is not None for problem in problems)
    for column in ("where", "row", "field", "value", "expected"):
        if column != "row" or has_rows:
            table.add_column(column, overflow="fold")
    for problem in problems:
        row = [] if not has_rows else ["" if problem.row is None else str(problem.row)]
        table.add_row(problem.source, *row, problem.field, problem.value, problem.expected)
    return table


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn a user's mistake into a clear message and exit status 1 instead of a traceback."""
    try:
        yield
    except InvalidInputError as error:
        error_console.print(problems_table(error.problems))
        error_console.print(
            "[bold red]Nothing was loaded or written.[/] "
            "Correct the problems above, then run again."
        )
        raise typer.Exit(1) from None
    except (UserError, FileNotFoundError) as error:
        error_console.print(f"[bold red]Error:[/] {error}", soft_wrap=True)
        raise typer.Exit(1) from None
    except (IsADirectoryError, NotADirectoryError, PermissionError) as error:
        # A safety net: commands check their paths first; this names the path if one slips by.
        what = {
            IsADirectoryError: "is a folder where a file was expected",
            NotADirectoryError: "has a file where a folder was expected",
            PermissionError: "cannot be read or written: permission denied",
        }[type(error)]
        error_console.print(f"[bold red]Error:[/] {error.filename} {what}.", soft_wrap=True)
        raise typer.Exit(1) from None
    except UnicodeDecodeError:
        error_console.print(
            "[bold red]Error:[/] an input file is not text saved as UTF-8: save it again choosing "
            "the encoding UTF-8 (in Excel: Save As, 'CSV UTF-8').",
            soft_wrap=True,
        )
        raise typer.Exit(1) from None


def user_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Decorate a command so that user errors print cleanly and exit 1."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with reported_errors():
            return command(*args, **kwargs)

    return wrapper
