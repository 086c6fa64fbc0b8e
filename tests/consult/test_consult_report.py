"""The consultation report: content in HTML and Word (read back), personal data masked, equality
counts suppressed, charts with alt text, clear errors and no partial files."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import typer
from consult_client import Service
from consult_sample_answers import add_answers
from docx import Document
from sqlalchemy import select
from typer.testing import CliRunner

from townhall.cli.consult_report import report
from townhall.consult.models import Consultation, EqualityRecord
from townhall.consult.services.themes import assign_answers, find_candidates


def _cli() -> typer.Typer:
    app = typer.Typer()
    app.command()(report)
    app.command("other")(lambda: None)  # two commands, so `report` is named as under `consult`
    return app


def _prepare(service: Service) -> int:
    """Demo answers themed and assigned, and equality records (8 women, 2 men)."""
    with service.session() as session, session.begin():
        consultation = session.scalars(select(Consultation)).one()
        question = add_answers(session, consultation)
        themes = find_candidates(session, question, 4)
        assign_answers(session, question, themes)
        for number in range(10):
            session.add(
                EqualityRecord(
                    id=uuid.uuid4().hex,
                    consultation_id=consultation.id,
                    given_on=date.today(),
                    sex="Female" if number < 8 else "Male",
                )
            )
        return consultation.id


def test_report_in_html_and_word(demo_service: Service, tmp_path: Path) -> None:
    consultation_id = _prepare(demo_service)
    html, docx = tmp_path / "report.html", tmp_path / "report.docx"
    result = CliRunner().invoke(
        _cli(),
        [
            "report",
            str(consultation_id),
            "--html",
            str(html),
            "--docx",
            str(docx),
            "--database-url",
            demo_service.settings.database_url,
        ],
    )
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    for expected in (
        "Who responded",
        "Responses by ward",
        "Aston",
        "An organisation (a charity, community group or public body)",
        "What is your sex?",
        "fewer than 5",  # 2 men (and so the next smallest) suppressed
        "Results of the closed questions",
        "<svg",
        "Bar chart of the answers to question 1",
        "What people wrote",
        "Themes, most common first",
        "Campaigns and near-duplicates",
        "Scrap the 24% minimum now",
        "The proposal and the alternatives consulted on",
        "Keep full support and raise council tax",
        "Raise council tax for everyone",
        "Why the council does not prefer it",
        "Responses to the proposal",
        "Stance toward the proposal",
        "Method",
    ):
        assert expected in page, expected
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
    for personal in ("jo.bloggs@example.com", "07700 900123", "B6 4AA", "12 Acacia Avenue"):
        assert personal not in page

    document = Document(str(docx))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert {
        "Who responded",
        "Results of the closed questions",
        "What people wrote",
        "Method",
    } <= set(headings)
    assert "Raise council tax for everyone" in cells and "fewer than 5" in cells
    assert "Scrap the 24% minimum now" in cells
    for personal in ("jo.bloggs@example.com", "07700 900123", "B6 4AA"):
        assert personal not in text and personal not in cells
    assert all(t.rows[0]._tr.xpath("./w:trPr/w:tblHeader") for t in document.tables)
    pictures = document.inline_shapes
    assert len(pictures) == 4  # one chart per closed question
    descriptions = [shape._inline.docPr.get("descr") for shape in pictures]
    assert all(d and d.startswith("Bar chart of the answers") for d in descriptions)


def test_unknown_consultation_and_bad_options(demo_service: Service, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    html = out / "report.html"
    url = ["--database-url", demo_service.settings.database_url]
    result = CliRunner().invoke(_cli(), ["report", "999", "--html", str(html), *url])
    assert result.exit_code == 1
    assert "there is no consultation called '999'" in result.output
    assert list(out.iterdir()) == []
    # `report 1 --html --docx`: the file name after --html is missing, said so plainly.
    result = CliRunner().invoke(_cli(), ["report", "1", "--html", "--docx", *url])
    assert result.exit_code == 1
    assert "give a file name after --html, such as report.html" in result.output
    # The web address works as well as the number, as for `export`.
    for name in (
        "birmingham-council-tax-support-2013",
        "https://consult.example/consultations/birmingham-council-tax-support-2013",
    ):
        result = CliRunner().invoke(_cli(), ["report", name, "--html", str(html), *url])
        assert result.exit_code == 0, result.output
    html.unlink()
    result = CliRunner().invoke(_cli(), ["report", "1", *url])
    assert result.exit_code == 1 and "--html FILE, --docx FILE or both" in result.output
    result = CliRunner().invoke(
        _cli(), ["report", "1", "--html", str(out / "r.txt"), "--similarity", "2", *url]
    )
    assert result.exit_code == 1
    assert "the file after --html must end in .html" in result.output
    assert "--similarity" in result.output
    missing = f"sqlite:///{out / 'missing.db'}"
    result = CliRunner().invoke(
        _cli(), ["report", "1", "--html", str(html), "--database-url", missing]
    )
    assert result.exit_code == 1 and "there is no database file" in result.output
    assert list(out.iterdir()) == []


def test_report_before_any_theming(demo_service: Service, tmp_path: Path) -> None:
    with demo_service.session() as session:
        consultation_id = session.scalars(select(Consultation.id)).one()
    html = tmp_path / "report.html"
    result = CliRunner().invoke(
        _cli(),
        [
            "report",
            str(consultation_id),
            "--html",
            str(html),
            "--database-url",
            demo_service.settings.database_url,
        ],
    )
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    assert "have not yet been themed" in page and "0 responses" in page
