"""`townhall consult import-postcodes` and `ward-code`: the postcode look-up residents use to
find their ward, from an ONS postcode directory extract (ONSPD or NSPL) and each ward's ONS code."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer

from townhall.cli.consult_settings import DatabaseOption, migrated_factory
from townhall.cli.output import UserError, console, user_errors
from townhall.problems import InvalidInputError

ACTOR = "command line"


@user_errors
def ward_code(
    name: Annotated[str, typer.Argument(help="The ward's name.")],
    code: Annotated[str, typer.Argument(help="Its ONS ward code, like E05011151.")],
    database_url: DatabaseOption = None,
) -> None:
    """Give a ward its ONS ward code, which the postcode look-up names."""
    from townhall.consult.services import postcodes, wards

    code = code.strip().upper()
    if (problem := postcodes.ward_code_problem(code)) is not None:
        raise UserError(f"{code!r}: {problem}")
    with migrated_factory(database_url)() as session, session.begin():
        ward = wards.find(session, name)
        if ward is None:
            raise UserError(
                f"there is no ward called {name.strip()!r} (see `townhall consult wards`)"
            )
        try:
            postcodes.set_ward_code(session, ward, code, None, ACTOR)
        except postcodes.PostcodeImportError as refused:
            raise UserError(str(refused)) from None
        console.print(f"{ward.name}: {code}", markup=False)


@user_errors
def import_postcodes(
    file: Annotated[
        Path,
        typer.Argument(
            help="A CSV extract of the ONS postcode directory (ONSPD or NSPL): a postcode "
            "column (pcds, pcd, pcd7, pcd8 or postcode) and a ward code column (wd25cd or "
            "another year's, osward, or ward_code).",
            exists=True,
            dir_okay=False,
        ),
    ],
    database_url: DatabaseOption = None,
) -> None:
    """Load the postcodes in the council's wards, replacing the look-up; terminated postcodes
    (a date in doterm) are left out. Any bad row stops the import, and all are listed."""
    from townhall.consult.rules.postcode_lookup import read_rows
    from townhall.consult.services import postcodes

    try:
        with file.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            found = read_rows(header, reader, file.name)
    except UnicodeDecodeError:
        raise UserError(f"{file.name} is not a UTF-8 CSV file") from None
    except csv.Error as error:
        raise UserError(f"{file.name} is not a readable CSV file: {error}") from None
    if isinstance(found, list):
        raise InvalidInputError(found)
    if found.problems:
        raise InvalidInputError(found.problems)
    with migrated_factory(database_url)() as session, session.begin():
        try:
            loaded = postcodes.load(session, found, None, ACTOR)
        except postcodes.PostcodeImportError as refused:
            raise UserError(f"{file.name}: {refused}") from None
    total = sum(loaded.by_ward.values())
    console.print(
        f"Loaded {total:,} postcodes in {len(loaded.by_ward)} wards from the columns "
        f"{found.postcode_column} (postcode) and {found.ward_column} (ward code).",
        markup=False,
    )
    for ward, count in loaded.by_ward.items():
        console.print(f"  {ward}: {count:,}", markup=False)
    skipped = [
        (found.terminated, "terminated (a date in doterm)"),
        (loaded.elsewhere, "in other councils' or other wards"),
        (found.without_ward, "with no ward"),
    ]
    for count, why in skipped:
        if count:
            plural = "s" if count != 1 else ""
            console.print(f"Left out {count:,} postcode{plural} {why}.", markup=False)
    if loaded.wards_without:
        console.print(
            "No postcodes for: " + ", ".join(loaded.wards_without) + " (check their ward codes).",
            markup=False,
        )
    if loaded.wards_uncoded:
        console.print(
            "No ward code for: " + ", ".join(loaded.wards_uncoded) + " (residents there must "
            "choose their ward; give each its code with `townhall consult ward-code NAME CODE`).",
            markup=False,
        )
