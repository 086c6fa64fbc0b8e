"""`townhall mandate`: who is accountable for which local service in a place."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from townhall.cli.output import UserError, console, user_errors

if TYPE_CHECKING:
    from townhall.mandate.register import Register

app = typer.Typer(
    help="Who is accountable for which local service in a place.", no_args_is_help=True
)

PlaceArgument = Annotated[
    str, typer.Argument(help="A bundled place (see `townhall mandate places`), e.g. birmingham.")
]
RegisterOption = Annotated[
    Path | None,
    typer.Option(
        "--register",
        help="Load this edited register file instead of the bundled one (its place id must match).",
    ),
]


def _load(place: str, register_file: Path | None) -> Register:
    """The bundled register for `place`, or the officer's own file for it."""
    from townhall.mandate.register import load_bundled, load_register_file

    if register_file is None:
        return load_bundled(place)
    register = load_register_file(register_file)
    if register.place.id != place:
        raise UserError(
            f"{register_file} describes the place '{register.place.id}', not '{place}'. "
            f"Run the command with {register.place.id} as the place."
        )
    return register


@app.command("places")
@user_errors
def places() -> None:
    """List the bundled places with the date their facts were checked."""
    from rich.table import Table

    from townhall.mandate.register import bundled_place_names, load_bundled

    table = Table(title="Bundled accountability maps")
    for column in ("place", "name", "bodies", "services", "checked"):
        table.add_column(column, justify="right" if column in ("bodies", "services") else "left")
    for name in bundled_place_names():
        register = load_bundled(name)
        table.add_row(
            name,
            register.place.name,
            str(len(register.bodies)),
            str(len(register.mapped_services())),
            f"{register.place.checked:%d %B %Y}",
        )
    console.print(table)


@app.command("show")
@user_errors
def show(place: PlaceArgument, register_file: RegisterOption = None) -> None:
    """Every body in a place: what it is, how it is chosen, whom it answers to, its services."""
    from rich.table import Table

    from townhall.mandate.vocabulary import BODY_KINDS, SELECTIONS_SHORT, SERVICES

    register = _load(place, register_file)
    console.print(
        f"[bold]{register.place.name}[/]: facts checked on {register.place.checked:%d %B %Y}.",
        soft_wrap=True,
    )
    table = Table(title=f"Who answers for local services in {register.place.name}")
    for column in ("body", "kind", "chosen", "answers to", "services (role)"):
        table.add_column(column, overflow="fold")
    for body in register.bodies:
        services = "; ".join(
            f"{SERVICES[r.service]} ({r.role})" for r in register.roles if r.body == body.id
        )
        table.add_row(
            body.name,
            BODY_KINDS[body.kind],
            SELECTIONS_SHORT[body.chosen],
            "; ".join(register.accountable_name(t) for t in body.answers_to),
            services,
        )
    console.print(table)
    if register.place.note:
        console.print(register.place.note, soft_wrap=True)


@app.command("who")
@user_errors
def who(
    place: PlaceArgument,
    service: Annotated[str, typer.Argument(help="A service, e.g. planning-appeals.")],
    register_file: RegisterOption = None,
) -> None:
    """Who decides this here? The bodies with a part in one service, how chosen, whom they answer to."""
    from rich.table import Table

    from townhall.mandate.lookup import check_service, service_label, who_decides
    from townhall.mandate.vocabulary import SELECTIONS_SHORT
    from townhall.problems import InvalidInputError

    problems = []
    try:
        check_service(service)
    except InvalidInputError as error:
        problems.extend(error.problems)
    try:
        register = _load(place, register_file)
    except InvalidInputError as error:
        raise InvalidInputError([*error.problems, *problems]) from None
    if problems:
        raise InvalidInputError(problems)
    answers = who_decides(register, service)
    label = service_label(service)
    if not answers:
        console.print(f"No body is recorded for {label} in {register.place.name}.")
        return
    table = Table(title=f"Who decides {label.lower()} in {register.place.name}?")
    for column in ("body", "role", "how chosen", "answers to", "area"):
        table.add_column(column, overflow="fold")
    for answer in answers:
        role = f"[bold]{answer.role}[/]" if answer.deciding else answer.role
        chosen = SELECTIONS_SHORT[register.body(answer.body_id).chosen]
        table.add_row(answer.body_name, role, chosen, "; ".join(answer.answers_to), answer.area)
    console.print(table)
    for answer in answers:
        if answer.note:
            console.print(f"{answer.body_name}: {answer.note}", soft_wrap=True)


@app.command("measures")
@user_errors
def measures(place: PlaceArgument, register_file: RegisterOption = None) -> None:
    """Fragmentation: bodies per service, services and spending under directly elected control."""
    from rich.table import Table

    from townhall.mandate.measures import fragmentation
    from townhall.mandate.report import summary_sentences
    from townhall.mandate.vocabulary import SERVICES
    from townhall.reports.formats import millions

    register = _load(place, register_file)
    result = fragmentation(register)
    table = Table(title=f"Bodies per service in {register.place.name}")
    for column in ("service", "bodies", "deciding", "decided by directly elected"):
        table.add_column(column, justify="right" if column == "bodies" else "left", overflow="fold")
    for measure in result.per_service:
        table.add_row(
            SERVICES[measure.service],
            str(measure.bodies),
            "; ".join(register.body(b).name for b in measure.deciding_bodies),
            measure.status,
        )
    console.print(table)
    spending = Table(title="Spending by deciding bodies, £ a year")
    for column in ("body", "year", "amount", "directly elected", "why missing"):
        spending.add_column(
            column, justify="right" if column == "amount" else "left", overflow="fold"
        )
    for body_id, amount in result.spending.counted:
        body = register.body(body_id)
        year = body.spending.year if body.spending else ""
        spending.add_row(
            body.name, year, millions(amount), "yes" if body.directly_elected_locally else "no"
        )
    for body_id in result.spending.missing:
        body = register.body(body_id)
        spending.add_row(body.name, "", "missing: excluded", "", body.spending_note)
    console.print(spending)
    for sentence in summary_sentences(register, result):
        console.print(sentence, soft_wrap=True)


@app.command("validate")
@user_errors
def validate(
    file: Annotated[Path, typer.Argument(help="A register file (.toml) to check.")],
) -> None:
    """Check a register file; every problem is listed at once."""
    from townhall.mandate.register import load_register_file

    register = load_register_file(file)
    console.print(
        f"[green]✓[/] {file} is a valid register for {register.place.name}: "
        f"{len(register.bodies)} bodies, {len(register.roles)} roles in "
        f"{len(register.mapped_services())} services."
    )


@app.command("report")
@user_errors
def report(
    place: PlaceArgument,
    report_path: Annotated[
        Path | None, typer.Option("--report", help="Write the HTML report here.")
    ] = None,
    xlsx: Annotated[Path | None, typer.Option(help="Write the Excel workbook here.")] = None,
    register_file: RegisterOption = None,
) -> None:
    """Write the map as a self-contained HTML report with its diagram, and as an Excel workbook."""
    from townhall.mandate.report import build_report, write_excel

    if report_path is None and xlsx is None:
        raise UserError("Say where to write: --report map.html and/or --xlsx map.xlsx.")
    register = _load(place, register_file)
    if report_path is not None:
        build_report(register).write(report_path)
        console.print(f"Wrote {report_path}")
    if xlsx is not None:
        write_excel(register, xlsx)
        console.print(f"Wrote {xlsx}")
