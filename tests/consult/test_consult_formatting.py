"""Officers' simple Markdown (paragraphs, lists, links) rendered safely and the same way on the
staff and public pages and in the report."""

from __future__ import annotations

from consult_client import Service, post_form

from townhall.consult.formatting import TextBlock, markdown_html, plain_blocks
from townhall.consult.models import Consultation
from townhall.consult.report.blocks import Bullets, Paragraph
from townhall.consult.report.content import report_blocks
from townhall.consult.services.consultation_report import report_data

PROPOSAL = """We propose:

- a charge of £45 a year
- collections every two weeks

See https://council.example/garden-waste or [the cabinet report](https://council.example/cabinet.pdf), or e-mail waste@council.example.
<script>alert(1)</script> [a trick](javascript:alert(1))"""


def test_markdown_is_rendered_safely() -> None:
    html = str(markdown_html(PROPOSAL))
    assert (
        "<ul>\n<li>a charge of £45 a year</li>\n<li>collections every two weeks</li>\n</ul>" in html
    )
    assert (
        '<a href="https://council.example/garden-waste">https://council.example/garden-waste</a>'
        in html
    )
    assert '<a href="https://council.example/cabinet.pdf">the cabinet report</a>' in html
    assert '<a href="mailto:waste@council.example">waste@council.example</a>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html.replace("[a trick](javascript:alert(1))", "")
    assert 'href="javascript' not in html


def test_the_report_reads_the_same_paragraphs_and_lists() -> None:
    assert plain_blocks(PROPOSAL)[:3] == [
        TextBlock(text="We propose:"),
        TextBlock(items=("a charge of £45 a year", "collections every two weeks")),
        TextBlock(
            text="See https://council.example/garden-waste or the cabinet report "
            "(https://council.example/cabinet.pdf), or e-mail waste@council.example. "
            "<script>alert(1)</script> [a trick](javascript:alert(1))"
        ),
    ]


def test_pages_and_report_show_the_formatting(service: Service) -> None:
    service.add_user("officer@example.org", "officer")
    officer = service.signed_in("officer@example.org")
    details = {
        "title": "Garden waste charges",
        "slug": "garden-waste-2027",
        "summary": "A charge.",
        "proposal": PROPOSAL,
        "contact": "Waste services",
        "opens_on": "2026-01-01",
        "closes_on": "2099-03-31",
    }
    base = post_form(officer, "/staff/consultations/new", data=details).headers["location"]  # type: ignore[attr-defined]
    post_form(
        officer,
        base + "/alternatives/new",
        data={
            "title": "Stop it",
            "description": "Stop collecting:\n\n1. in April\n2. for good",
            "reason_not_preferred": "Residents would burn waste.",
        },
    )
    post_form(officer, base + "/questions/new", data={"kind": "scale", "prompt": "Agree?"})
    post_form(officer, base, base + "/publish", data={"confirm": "yes"})
    for page in (
        officer.get(base).text,  # type: ignore[attr-defined]
        service.client().get("/consultations/garden-waste-2027").text,
    ):
        assert "<li>collections every two weeks</li>" in page
        assert '<a href="https://council.example/cabinet.pdf">the cabinet report</a>' in page
        assert "<ol>\n<li>in April</li>" in page
        assert "<script>alert" not in page
    with service.session() as session:
        consultation = session.get(Consultation, 1)
        assert consultation is not None
        blocks = report_blocks(report_data(session, consultation))
    assert Bullets(["a charge of £45 a year", "collections every two weeks"]) in blocks
    assert Bullets(["in April", "for good"]) in blocks
    assert Paragraph("Why the council does not prefer it: Residents would burn waste.") in blocks
