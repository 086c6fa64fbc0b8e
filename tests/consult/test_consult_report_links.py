"""The report ties answers to the proposal and alternatives by the links officers set in the
builder, never by shared words; what is not linked is listed as such."""

from __future__ import annotations

import secrets

from consult_client import Service, post_form
from sqlalchemy import select

from townhall.consult.models import Answer, AuditEntry, Consultation, Response
from townhall.consult.report.blocks import Block, Bullets, Heading, Paragraph, Table, Value
from townhall.consult.report.content import report_blocks
from townhall.consult.services.consultation_report import report_data

DETAILS = {
    "title": "Garden waste charges",
    "slug": "garden-waste-2027",
    "summary": "We propose a charge for collecting garden waste.",
    "proposal": "Charge £45 a year for the fortnightly garden waste collection.",
    "contact": "Waste services, Example Council",
    "opens_on": "2026-01-01",
    "closes_on": "2099-03-31",
}
STOP = "Stop the garden waste collection"
FREE = "Keep the garden waste collection free and raise council tax"
# Options share most of their words with the alternatives' titles but speak to other things.
PREFER = (
    "Charge for the garden waste collection",  # the proposal
    "Stop the garden waste collection",  # STOP
    "Keep the garden waste collection free",  # FREE
)
USE = ("I subscribe to the garden waste service now", "I do not use the garden waste collection")


def _build(service: Service) -> tuple[int, dict[str, int]]:
    """The consultation as an officer builds it in the browser; its id and alternatives' ids."""
    service.add_user("officer@example.org", "officer")
    officer = service.signed_in("officer@example.org")
    created = post_form(officer, "/staff/consultations/new", data=DETAILS)
    base = created.headers["location"]  # type: ignore[attr-defined]
    for title in (STOP, FREE):
        post_form(
            officer,
            base + "/alternatives/new",
            data={"title": title, "description": "It would.", "reason_not_preferred": "Cost."},
        )
    with service.session() as session:
        consultation = session.scalars(select(Consultation)).one()
        ids = {a.title: a.id for a in consultation.alternatives}
    questions = [
        ("scale", "Do you agree with charging £45 a year?", "", "proposal"),
        ("single", "Which would you prefer?", "\n".join(PREFER), ""),
        ("single", "Do you use the garden waste collection?", "\n".join(USE), ""),
        ("text", "Anything else?", "", "proposal"),
        ("text", "How would you cope without it?", "", f"alternative-{ids[STOP]}"),
    ]
    for kind, prompt, choices, link in questions:
        added = post_form(
            officer,
            base + "/questions/new",
            data={"kind": kind, "prompt": prompt, "choices": choices, "speaks_to": link},
        )
        assert added.status_code == 303, added.text  # type: ignore[attr-defined]
    with service.session() as session:
        consultation = session.scalars(select(Consultation)).one()
        prefer = consultation.questions[1]
        page = f"{base}/questions/{prefer.id}/links"
        option = {c.label: f"option-{c.id}" for c in prefer.choices}
    wrong = post_form(officer, page, data={"speaks_to": "alternative-999"})
    assert wrong.status_code == 400
    assert "Select what the whole question speaks to" in wrong.text  # type: ignore[attr-defined]
    saved = post_form(
        officer,
        page,
        data={
            "speaks_to": "",
            option[PREFER[0]]: "proposal",
            option[PREFER[1]]: f"alternative-{ids[STOP]}",
            option[PREFER[2]]: f"alternative-{ids[FREE]}",
        },
    )
    assert saved.status_code == 303
    overview = officer.get(base).text
    assert f"speaks to: Alternative: {STOP}" in overview
    return int(base.rsplit("/", 1)[1]), ids


def _respond(service: Service, answers: list[tuple[int, int, int]]) -> None:
    """One response per (scale option, preference option, use option), by option number."""
    with service.session() as session, session.begin():
        consultation = session.scalars(select(Consultation)).one()
        scale, prefer, use = consultation.questions[:3]
        for picks in answers:
            token = secrets.token_hex(8)
            response = Response(
                consultation_id=consultation.id,
                journey_token=token,
                reference=token[:10],
                respondent_type="resident",
            )
            response.answers = [
                Answer(question_id=q.id, choice_id=q.choices[n - 1].id)
                for q, n in zip((scale, prefer, use), picks, strict=True)
            ]
            session.add(response)


def _tables(blocks: list[Block]) -> dict[str, list[list[Value]]]:
    return {b.caption: b.rows for b in blocks if isinstance(b, Table)}


def test_every_section_of_the_report_follows_the_officers_links(service: Service) -> None:
    consultation_id, _ = _build(service)
    # Four responses. Scale: 1 strongly agree, 2 agree, 1 strongly disagree. Preference: 2 charge,
    # 1 stop, 1 keep free. Use: 3 subscribe, 1 does not.
    _respond(service, [(1, 1, 1), (2, 1, 1), (2, 2, 1), (5, 3, 2)])
    with service.session() as session:
        consultation = session.get(Consultation, consultation_id)
        assert consultation is not None
        data = report_data(session, consultation)
        blocks = report_blocks(data)
    tables = _tables(blocks)
    proposal = tables["Responses to the proposal"]
    # The whole agree/disagree question (5 options) and the "charge" option of question 2.
    assert [row[:3] for row in proposal] == [
        ["Do you agree with charging £45 a year?", "Strongly agree", 1],
        ["Do you agree with charging £45 a year?", "Agree", 2],
        ["Do you agree with charging £45 a year?", "Neither agree nor disagree", 0],
        ["Do you agree with charging £45 a year?", "Disagree", 0],
        ["Do you agree with charging £45 a year?", "Strongly disagree", 1],
        ["Which would you prefer?", PREFER[0], 2],  # 2 of 4 = 50%
    ]
    assert proposal[5][3] == 0.5
    # Under "Stop" only its own option: never "I subscribe to the garden waste service now".
    assert tables[f"Responses to {STOP}"] == [["Which would you prefer?", PREFER[1], 1, 0.25]]
    assert tables[f"Responses to {FREE}"] == [["Which would you prefer?", PREFER[2], 1, 0.25]]
    for rows in tables.values():
        assert all(USE[0] not in row for row in rows if len(row) == 4 and rows is not None)
    paragraphs = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert any(
        "question 4, “Anything else?”" in p for p in paragraphs
    )  # the written question linked to the proposal
    assert any("question 5, “How would you cope without it?”" in p for p in paragraphs)
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert "Not linked to the proposal or an alternative" in headings
    unlinked = next(b.items for b in blocks if isinstance(b, Bullets))
    assert unlinked == ["Question 3, “Do you use the garden waste collection?”"]
    # The closed results still count every question, linked or not.
    assert tables["Answers to question 3"] == [[USE[0], 3, 0.75], [USE[1], 1, 0.25]]


def test_a_partly_linked_question_lists_its_unlinked_options_and_links_are_audited(
    service: Service,
) -> None:
    consultation_id, ids = _build(service)
    officer = service.signed_in("officer@example.org")
    with service.session() as session:
        consultation = session.get(Consultation, consultation_id)
        assert consultation is not None
        prefer = consultation.questions[1]
        page = f"/staff/consultations/{consultation_id}/questions/{prefer.id}/links"
        first, second, third = (c.id for c in prefer.choices)
    post_form(
        officer,
        page,
        data={
            "speaks_to": "",
            f"option-{first}": "proposal",
            f"option-{second}": f"alternative-{ids[STOP]}",
            f"option-{third}": "",
        },
    )
    with service.session() as session:
        consultation = session.get(Consultation, consultation_id)
        assert consultation is not None
        data = report_data(session, consultation)
        details = list(
            session.scalars(
                select(AuditEntry.detail).where(AuditEntry.action == "link question for the report")
            )
        )
    assert [(u.question.position, u.options) for u in data.unlinked] == [
        (2, [PREFER[2]]),
        (3, []),
    ]
    assert details[-1] == f"Question 2: “{PREFER[2]}”: {FREE} -> nothing"
    assert "the proposal" in details[0] and STOP in details[0]
    # Removing an alternative (in a draft) unlinks what spoke to it.
    post_form(
        officer,
        f"/staff/consultations/{consultation_id}",
        f"/staff/consultations/{consultation_id}/alternatives/{ids[STOP]}/remove",
    )
    with service.session() as session:
        consultation = session.get(Consultation, consultation_id)
        assert consultation is not None
        assert consultation.questions[1].choices[1].speaks_to == ""
        assert consultation.questions[4].speaks_to == ""
