"""`townhall consult report`: the consultation report decision makers read, as HTML and/or Word."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from townhall.cli.consult_settings import (
    DatabaseOption,
    consult_settings,
    existing_database,
    no_consultation,
)
from townhall.cli.output import UserError, console, user_errors


@user_errors
def report(
    consultation_name: Annotated[
        str,
        typer.Argument(
            metavar="CONSULTATION",
            help="The consultation: its web address name, its web address, or its number.",
        ),
    ],
    html: Annotated[
        Path | None, typer.Option("--html", help="Write the report as HTML to this file.")
    ] = None,
    docx: Annotated[
        Path | None, typer.Option("--docx", help="Write the report as Word to this file.")
    ] = None,
    similarity: Annotated[
        float,
        typer.Option(help="How similar answers must be to count as near-duplicates (0.5 to 1)."),
    ] = 0.8,
    database_url: DatabaseOption = None,
) -> None:
    """Who responded, closed results with charts, themes with masked quotes, campaigns, the
    proposal and alternatives with the responses to each, and the method."""
    from townhall.consult.database import session_factory
    from townhall.consult.report.content import report_blocks, report_subtitle, report_title
    from townhall.consult.report.html import write_html
    from townhall.consult.report.word import write_docx
    from townhall.consult.services.consultation_report import report_data
    from townhall.consult.services.consultations import by_reference

    problems = []
    if html is None and docx is None:
        problems.append("give --html FILE, --docx FILE or both")
    for option, path, suffixes in (
        ("--html", html, (".html", ".htm")),
        ("--docx", docx, (".docx",)),
    ):
        if path is not None and str(path).startswith("-"):
            problems.append(f"give a file name after {option}, such as report{suffixes[0]}")
        elif path is not None and path.suffix.lower() not in suffixes:
            problems.append(f"the file after {option} must end in {suffixes[0]}: {path}")
    if not 0.5 <= similarity <= 1.0:
        problems.append(f"--similarity must be between 0.5 and 1: {similarity}")
    if problems:
        raise UserError("; ".join(problems))
    settings = consult_settings(database_url)
    with existing_database(settings, "read") as engine, session_factory(engine)() as session:
        consultation = by_reference(session, consultation_name)
        if consultation is None:
            raise UserError(no_consultation(consultation_name))
        data = report_data(session, consultation, similarity)
        title, subtitle, blocks = report_title(data), report_subtitle(data), report_blocks(data)
    if html is not None:
        write_html(html, title, subtitle, blocks)
        console.print(f"[green]✓[/] Wrote {html}")
    if docx is not None:
        write_docx(docx, title, subtitle, blocks)
        console.print(f"[green]✓[/] Wrote {docx}")
