"""`townhall consult wards`, `add-ward`, `rename-ward`, `merge-wards`, `remove-ward`: the wards
residents say they live in, with names trimmed and compared without case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from townhall.cli.consult_settings import DatabaseOption, migrated_factory
from townhall.cli.output import UserError, console, user_errors

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from townhall.consult.models import Ward

ACTOR = "command line"


def _named(session: Session, name: str) -> Ward:
    from townhall.consult.services import wards

    found = wards.find(session, name)
    if found is None:
        raise UserError(f"there is no ward called {name.strip()!r} (see `townhall consult wards`)")
    return found


@user_errors
def list_wards(database_url: DatabaseOption = None) -> None:
    """Every ward, with how many consultations, responses and councillors name it."""
    from townhall.consult.services import wards

    with migrated_factory(database_url)() as session:
        rows = wards.listed(session)
    if not rows:
        console.print("No wards yet: add them with `townhall consult add-ward NAME`.")
    for row in rows:
        console.print(
            f"{row.ward.name}: {row.consultations} consultation(s), {row.responses} "
            f"response(s), {row.councillors} councillor(s)",
            markup=False,
        )


@user_errors
def add_ward(
    names: Annotated[list[str], typer.Argument(help="Ward names.")],
    database_url: DatabaseOption = None,
) -> None:
    """Add wards residents and councillors can choose (an existing name, in any case, is kept)."""
    from townhall.consult.services import wards

    problems = [
        f"{name!r}: {problem}"
        for name in names
        if (problem := wards.name_problem(wards.tidy(name))) is not None
    ]
    if problems:
        raise UserError("; ".join(problems))
    with migrated_factory(database_url)() as session, session.begin():
        for name in names:
            existing = wards.find(session, name)
            if existing is not None:
                console.print(f"Already there: {existing.name}", markup=False)
            else:
                wards.add(session, name, None, ACTOR)
                console.print(f"Added: {wards.tidy(name)}", markup=False)


@user_errors
def rename_ward(
    old: Annotated[str, typer.Argument(help="The ward's name now.")],
    new: Annotated[str, typer.Argument(help="Its new name.")],
    database_url: DatabaseOption = None,
) -> None:
    """Rename a ward (not to another ward's name: merge them instead)."""
    from townhall.consult.services import wards

    with migrated_factory(database_url)() as session, session.begin():
        ward = _named(session, old)
        try:
            wards.rename(session, ward, new, None, ACTOR)
        except wards.WardRefusedError as refused:
            raise UserError(str(refused)) from None
    console.print(f"[green]✓[/] Renamed {old.strip()!r} to {wards.tidy(new)!r}.")


@user_errors
def merge_wards(
    source: Annotated[str, typer.Argument(help="The ward to fold in (it is removed).")],
    target: Annotated[str, typer.Argument(help="The ward it becomes part of.")],
    database_url: DatabaseOption = None,
) -> None:
    """Fold one ward into another: its responses, ideas, notes, consultations and councillors."""
    from townhall.consult.services import wards

    with migrated_factory(database_url)() as session, session.begin():
        folded, kept = _named(session, source), _named(session, target)
        name, into = folded.name, kept.name
        try:
            wards.merge(session, folded, kept, None, ACTOR)
        except wards.WardRefusedError as refused:
            raise UserError(str(refused)) from None
    console.print(f"[green]✓[/] Merged {name!r} into {into!r}.")


@user_errors
def remove_ward(
    name: Annotated[str, typer.Argument(help="The ward to remove.")],
    database_url: DatabaseOption = None,
) -> None:
    """Remove a ward no response or idea names (merge it into another otherwise)."""
    from townhall.consult.services import wards

    with migrated_factory(database_url)() as session, session.begin():
        ward = _named(session, name)
        shown = ward.name
        try:
            wards.remove(session, ward, None, ACTOR)
        except wards.WardRefusedError as refused:
            raise UserError(str(refused)) from None
    console.print(f"[green]✓[/] Removed {shown!r}.")
