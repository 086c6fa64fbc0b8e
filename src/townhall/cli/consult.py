"""`townhall consult`: run the consultation web service, create officers, load the demonstration."""

from __future__ import annotations

import os
import secrets
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from townhall.cli import (
    consult_accounts,
    consult_analysis,
    consult_equality,
    consult_mail,
    consult_ops,
    consult_report,
    consult_wards,
)
from townhall.cli.consult_accounts import read_password
from townhall.cli.consult_settings import (
    DatabaseOption,
    consult_settings,
    migrated_factory,
    no_consultation,
    require_current,
    require_database_file,
)
from townhall.cli.output import UserError, console, user_errors

app = typer.Typer(
    help="Consultations: run the web service, create officers, load the demonstration.",
    no_args_is_help=True,
)
app.add_typer(consult_analysis.app, name="analysis")
app.command("migrate")(consult_ops.migrate)
app.command("backup")(consult_ops.backup)
app.command("restore")(consult_ops.restore)
app.command("report")(consult_report.report)
app.command("set-password")(consult_accounts.set_password)
app.command("send-receipts")(consult_mail.send_receipts)
app.command("release-equality")(consult_equality.release_equality)
app.command("wards")(consult_wards.list_wards)
app.command("add-ward")(consult_wards.add_ward)
app.command("rename-ward")(consult_wards.rename_ward)
app.command("merge-wards")(consult_wards.merge_wards)
app.command("remove-ward")(consult_wards.remove_ward)

DEFAULT_WORKERS = min(os.cpu_count() or 1, 4)


@app.command("serve")
@user_errors
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            help="Server processes (default: one a core, at most 4); they share the database, "
            "so rate limits hold across them.",
            min=1,
            max=32,
        ),
    ] = DEFAULT_WORKERS,
    trust_proxy: Annotated[
        list[str] | None,
        typer.Option(
            help="Address of a reverse proxy whose X-Forwarded-For is believed, so limits count "
            "residents rather than the proxy (repeat for more).",
        ),
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Run the web service on a database at this version's schema (`migrate` brings it there)."""
    from townhall.consult.database import make_engine
    from townhall.consult.published_registers import load_published_registers
    from townhall.consult.server import run

    settings = consult_settings(database_url)
    # Checked once here, before anything is made, so a mistake is listed rather than each worker
    # failing as it builds the app.
    load_published_registers(settings.deals_register, settings.mandate_registers)
    require_database_file(settings)
    engine = make_engine(settings.database_url)
    require_current(engine)  # refused before any worker starts, naming the command to run
    engine.dispose()
    settings.resolved_secret_key()  # made once here, not raced for by the workers
    if database_url:
        os.environ["TOWNHALL_DATABASE_URL"] = database_url  # every worker reads its settings
    if not settings.cookie_secure:
        console.print("[yellow]Cookies are not marked Secure (TOWNHALL_COOKIE_SECURE=false).[/]")
    console.print(
        f"Serving on http://{host}:{port} with {workers} worker process"
        f"{'es' if workers > 1 else ''} (Ctrl+C to stop)."
    )
    try:
        run(host, port, workers, tuple(trust_proxy or ()), log_format=settings.log_format)
    except OSError as error:
        raise UserError(f"cannot listen on {host}:{port}: {error.strerror}") from None


def _create(
    database_url: str | None, email: str, role: str, name: str, wards: tuple[str, ...]
) -> None:
    from townhall.consult.audit import record
    from townhall.consult.services.accounts import create_user

    factory = migrated_factory(database_url)
    password = read_password(email)
    with factory() as session, session.begin():
        user = create_user(session, email, password, role, name, wards)
        record(
            session,
            None,
            "create account",
            f"user {user.id}",
            f"{user.email} as {role}",
            actor="command line",
        )
    console.print(f"[green]✓[/] Created {role} {email}.")


@app.command("create-admin")
@user_errors
def create_admin(
    email: Annotated[str, typer.Option(help="The admin's e-mail address (their sign-in name).")],
    name: Annotated[str, typer.Option(help="Their name.")] = "",
    database_url: DatabaseOption = None,
) -> None:
    """Create an admin account; the password is prompted for (or read from stdin)."""
    _create(database_url, email, "admin", name, ())


@app.command("create-user")
@user_errors
def create_user_command(
    email: Annotated[str, typer.Option(help="Their e-mail address (their sign-in name).")],
    role: Annotated[str, typer.Option(help="admin, officer or councillor.")],
    ward: Annotated[
        list[str] | None, typer.Option(help="A ward a councillor represents (repeat for more).")
    ] = None,
    name: Annotated[str, typer.Option(help="Their name.")] = "",
    database_url: DatabaseOption = None,
) -> None:
    """Create a staff account; the password is prompted for (or read from stdin)."""
    _create(database_url, email, role, name, tuple(ward or ()))


@app.command("demo")
@user_errors
def demo(
    database_url: DatabaseOption = None,
    historical: Annotated[
        bool, typer.Option(help="Use the 2012 dates (then it is closed).")
    ] = False,
    with_demo_users: Annotated[
        bool, typer.Option(help="Also create demo accounts and print their generated passwords.")
    ] = False,
) -> None:
    """Load Birmingham's 2012 consultation on its 2013/14 Council Tax Support scheme."""
    from sqlalchemy import select

    from townhall.consult.demo import SLUG, WARDS, load_demo
    from townhall.consult.models import User
    from townhall.consult.services.accounts import create_user
    from townhall.consult.services.participation_demo import load_participation_demo

    factory = migrated_factory(database_url)
    accounts = []
    with factory() as session, session.begin():
        consultation = load_demo(session, date.today(), historical)
        load_participation_demo(session, consultation)
        if with_demo_users:
            for email, role, wards in (
                ("officer@demo.invalid", "officer", ()),
                ("councillor@demo.invalid", "councillor", (WARDS[0],)),
            ):
                if session.scalar(select(User).where(User.email == email)) is None:
                    password = secrets.token_urlsafe(12)
                    create_user(session, email, password, role, f"Demo {role}", wards)
                    accounts.append((email, role, password))
    console.print(f"[green]✓[/] Loaded “{consultation.title}” at /consultations/{SLUG}")
    console.print(
        f"  Open from {consultation.opens_on} to {consultation.closes_on}, wards: {', '.join(WARDS)}."
    )
    for email, role, password in accounts:
        console.print(f"  {role}: {email}  password: {password}")


@app.command("export")
@user_errors
def export(
    consultation_name: Annotated[
        str,
        typer.Argument(
            metavar="CONSULTATION",
            help="The consultation: its web address name, its web address, or its number.",
        ),
    ],
    output: Annotated[Path, typer.Option(help="Where to write: .csv or .xlsx for responses.")],
    equality: Annotated[
        bool, typer.Option(help="Export the equality monitoring data instead (CSV).")
    ] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Export a consultation's responses (CSV or Excel), or its equality data (CSV)."""
    from townhall.consult.services.consultations import by_reference
    from townhall.consult.services.equality_report import equality_csv
    from townhall.consult.services.exports import responses_csv, responses_xlsx
    from townhall.reports.files import atomic_path

    if output.suffix not in {".csv", ".xlsx"} or (equality and output.suffix != ".csv"):
        raise UserError(f"--output must end in .csv{'' if equality else ' or .xlsx'}: {output}")
    factory = migrated_factory(database_url)
    with factory() as session:
        consultation = by_reference(session, consultation_name)
        if consultation is None:
            raise UserError(no_consultation(consultation_name))
        if equality:
            content: str | bytes = equality_csv(session, consultation)
        elif output.suffix == ".xlsx":
            content = responses_xlsx(session, consultation)
        else:
            content = responses_csv(session, consultation)
    with atomic_path(output) as temporary:
        if isinstance(content, bytes):
            temporary.write_bytes(content)
        else:
            temporary.write_text(content, encoding="utf-8")
    console.print(f"[green]✓[/] Wrote {output}")
