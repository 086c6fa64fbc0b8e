"""Sections and routing: an officer groups questions under titles and asks a question only for
chosen answers to an earlier one; residents are asked only what their answers open, a changed
answer drops what it closes, and results, exports and the report count each routed question over
those who were asked it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from consult_client import Service, make_service, post_form
from fastapi.testclient import TestClient
from sqlalchemy import select

from townhall.consult.models import Answer, AuditEntry, Consultation
from townhall.consult.report.blocks import Bullets, Heading, Paragraph
from townhall.consult.report.content import report_blocks
from townhall.consult.rules.routing import Condition, Routed, order_problems, shown_questions
from townhall.consult.services.consultation_report import report_data

PUBLIC = "/consultations/garden-waste-2027"


def test_a_question_is_asked_only_when_the_earlier_answer_opens_it() -> None:
    questions = [
        Routed(1, 1, "Do you use it?", None),
        Routed(2, 2, "Why not?", Condition(1, frozenset({12}))),
        Routed(3, 3, "Would a lower price help?", Condition(2, frozenset({20}))),
        Routed(4, 4, "Anything else?", None),
    ]
    # Question 3 depends on question 2, which is not asked when question 1's answer is 11: an
    # answer left over from before never opens it.
    assert shown_questions(questions, {1: {11}, 2: {20}}) == {1, 4}
    assert shown_questions(questions, {1: {12}, 2: {20}}) == {1, 2, 3, 4}
    assert order_problems([questions[1], questions[0]]) == [
        "Question 2, “Why not?”, is asked only for some answers to question 1, “Do you use it?”, "
        "so it must come after that question"
    ]


def _ids(service: Service) -> dict[str, int]:
    with service.session() as session:
        consultation = session.scalars(select(Consultation)).one()
        found = {f"q{q.position}": q.id for q in consultation.questions}
        for question in consultation.questions:
            for choice in question.choices:
                found[f"q{question.position}:{choice.label}"] = choice.id
        for section in consultation.sections:
            found[section.title] = section.id
        return found


def _build(service: Service) -> tuple[TestClient, str]:
    service.add_user("officer@example.org", "officer")
    officer = service.signed_in("officer@example.org")
    details = {
        "title": "Garden waste",
        "slug": "garden-waste-2027",
        "summary": "A charge for garden waste.",
        "proposal": "Charge £45 a year.",
        "contact": "Waste services",
        "opens_on": "2026-01-01",
        "closes_on": "2099-03-31",
    }
    base = post_form(officer, "/staff/consultations/new", data=details).headers["location"]  # type: ignore[attr-defined]
    post_form(
        officer,
        base + "/alternatives/new",
        data={"title": "Stop it", "description": "D.", "reason_not_preferred": "R."},
    )
    for title, intro in (("Your garden", "About how you use the service now."), ("Charges", "")):
        added = post_form(officer, base + "/sections/new", data={"title": title, "intro": intro})
        assert added.status_code == 303, added.text  # type: ignore[attr-defined]
    ids = _ids(service)
    for kind, prompt, choices, section, other in (
        ("single", "Do you use the garden waste service?", "Yes\nSometimes\nNo", "Your garden", ""),
        ("text", "Why not?", "", "Your garden", ""),
        ("scale", "Do you agree with a charge?", "", "Charges", ""),
        ("single", "How would you pay?", "Direct debit\nCard", "Charges", "yes"),
    ):
        added = post_form(
            officer,
            base + "/questions/new",
            data={
                "kind": kind,
                "prompt": prompt,
                "choices": choices,
                "section": ids[section],
                "other": other,
            },
        )
        assert added.status_code == 303, added.text  # type: ignore[attr-defined]
    return officer, base


def test_officers_route_questions_and_are_refused_what_would_break_it(tmp_path: Path) -> None:
    service = make_service(f"sqlite:///{tmp_path / 'townhall.db'}")  # no data shape to compare
    officer, base = _build(service)
    ids = _ids(service)
    overview = officer.get(base).text
    assert overview.index("Your garden") < overview.index("Do you use the garden waste service?")
    # Only earlier choice questions can route: question 2 (free text) cannot route question 3.
    page = officer.get(f"{base}/questions/{ids['q4']}/routing").text
    assert "Question 1: Do you use the garden waste service?" in page
    assert "Question 2: Why not?" not in page
    later = post_form(
        officer,
        f"{base}/questions/{ids['q2']}/routing",
        data={"option-x": str(ids["q4:Card"])},
    )
    assert "A question can only be routed on an earlier question" in later.text  # type: ignore[attr-defined]
    both = post_form(
        officer,
        f"{base}/questions/{ids['q4']}/routing",
        data={"option-1": str(ids["q1:No"]), "option-3": str(ids["q3:Agree"])},
    )
    assert "Select the options of one earlier question only" in both.text  # type: ignore[attr-defined]
    for question, options in (("q2", ("q1:No",)), ("q4", ("q3:Strongly agree", "q3:Agree"))):
        saved = post_form(
            officer,
            f"{base}/questions/{ids[question]}/routing",
            data={"option-1": [str(ids[o]) for o in options]},
        )
        assert saved.status_code == 303, saved.text  # type: ignore[attr-defined]
    overview = officer.get(base).text
    assert (
        "Asked only if the answer to question 3, “Do you agree with a charge?”, is "
        "“Strongly agree” or “Agree”" in overview
    )
    # Reordering, removing or editing that would break a condition is refused, naming both.
    moved = post_form(officer, base, f"{base}/questions/{ids['q2']}/move", data={"direction": "up"})
    assert (
        "Question 2, “Why not?”, is asked only for some answers to question 1, "
        "“Do you use the garden waste service?”, so it must come after that question"
    ) in moved.text  # type: ignore[attr-defined]
    removed = post_form(officer, base, f"{base}/questions/{ids['q1']}/remove")
    assert (
        "You cannot remove question 1, “Do you use the garden waste service?”: question 2, "
        "“Why not?”, is asked only for some answers to it" in removed.text  # type: ignore[attr-defined]
    )
    edited = post_form(
        officer,
        f"{base}/questions/{ids['q1']}/edit",
        data={"kind": "single", "prompt": "Do you use it?", "choices": "Yes\nSometimes"},
    )
    assert "this change removes one of those options" in edited.text  # type: ignore[attr-defined]
    across = post_form(
        officer, base, f"{base}/questions/{ids['q3']}/move", data={"direction": "up"}
    )
    assert "change its section to move it further" in across.text  # type: ignore[attr-defined]
    with service.session() as session:
        consultation = session.scalars(select(Consultation)).one()
        assert [q.prompt for q in consultation.questions][:2] == [
            "Do you use the garden waste service?",
            "Why not?",
        ]
        assert len(consultation.questions[0].choices) == 3
        routings = list(
            session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "set routing"))
        )
        assert routings[0].startswith("Question 2. Old: Always asked\nNew: Asked only if")
    # Copying keeps the sections and the routing, on the copy's own options.
    post_form(officer, base, f"{base}/clone")
    with service.session() as session:
        copy = session.scalars(select(Consultation).order_by(Consultation.id.desc())).first()
        assert copy is not None and [s.title for s in copy.sections] == ["Your garden", "Charges"]
        assert [c.label for c in copy.questions[1].shown_if] == ["No"]
        assert copy.questions[1].shown_if[0].question_id == copy.questions[0].id


def _answer(client: TestClient, position: int, data: dict[str, object]) -> str:
    sent = post_form(client, f"{PUBLIC}/respond/question/{position}", data=data)
    assert sent.status_code == 303, sent.text  # type: ignore[attr-defined]
    return str(sent.headers["location"])  # type: ignore[attr-defined]


def test_residents_are_asked_only_what_their_answers_open(service: Service) -> None:
    officer, base = _build(service)
    ids = _ids(service)
    post_form(
        officer, f"{base}/questions/{ids['q2']}/routing", data={"option-1": str(ids["q1:No"])}
    )
    post_form(
        officer,
        f"{base}/questions/{ids['q4']}/routing",
        data={"option-3": [str(ids["q3:Strongly agree"]), str(ids["q3:Agree"])]},
    )
    post_form(officer, base, base + "/publish", data={"confirm": "yes"})

    first = service.client()
    post_form(first, PUBLIC, f"{PUBLIC}/start")
    post_form(
        first, f"{PUBLIC}/respond/about", data={"respondent_type": "resident", "ward": "none"}
    )
    page = first.get(f"{PUBLIC}/respond/question/1").text
    assert "About how you use the service now." in page and "Your garden: Question 1" in page
    assert _answer(first, 1, {"answer": ids["q1:No"]}).endswith("/respond/question/2")
    _answer(first, 2, {"answer": "Too dear for me"})
    # Disagreeing skips question 4 and goes on to equality monitoring.
    assert _answer(first, 3, {"answer": ids["q3:Disagree"]}).endswith("/respond/equality")
    assert (
        first.get(f"{PUBLIC}/respond/question/4", follow_redirects=False)
        .headers["location"]
        .endswith("/respond/equality")
    )
    post_form(first, f"{PUBLIC}/respond/contact", data={"email": ""})
    check = first.get(f"{PUBLIC}/respond/check").text
    assert "Too dear for me" in check and "How would you pay?" not in check
    assert check.index("Your garden") < check.index("Why not?") < check.index("Charges")
    # Changing question 1 to "Yes" closes question 2: its answer is dropped, not just hidden.
    back = post_form(
        first,
        f"{PUBLIC}/respond/question/1?return_to=check",
        data={"answer": ids["q1:Yes"], "return_to": "check"},
    )
    assert back.headers["location"].endswith("/respond/check")  # type: ignore[attr-defined]
    assert "Too dear for me" not in first.get(f"{PUBLIC}/respond/check").text
    # Agreeing from the check page opens question 4, which is asked before going back.
    opened = post_form(
        first,
        f"{PUBLIC}/respond/question/3?return_to=check",
        data={"answer": ids["q3:Agree"], "return_to": "check"},
    )
    assert opened.headers["location"].endswith("/respond/question/4?return_to=check")  # type: ignore[attr-defined]
    _answer(
        first, 4, {"answer": ids["q4:Other (please specify)"], "other": "Cash, ring 07700 900123"}
    )
    post_form(first, f"{PUBLIC}/respond/check", f"{PUBLIC}/respond/submit")

    second = service.client()
    post_form(second, PUBLIC, f"{PUBLIC}/start")
    post_form(
        second, f"{PUBLIC}/respond/about", data={"respondent_type": "resident", "ward": "none"}
    )
    _answer(second, 1, {"answer": ids["q1:No"]})
    _answer(second, 2, {"answer": "I compost"})
    _answer(second, 3, {"answer": ids["q3:Disagree"]})
    post_form(second, f"{PUBLIC}/respond/contact", data={"email": ""})
    post_form(second, f"{PUBLIC}/respond/check", f"{PUBLIC}/respond/submit")

    with service.session() as session:
        texts = set(session.scalars(select(Answer.text)))
        assert "Too dear for me" not in texts  # dropped, never stored
        consultation = session.scalars(select(Consultation)).one()
        blocks = report_blocks(report_data(session, consultation))
    export = officer.get(f"{base}/export/responses.csv").text
    rows = list(csv.DictReader(io.StringIO(export)))
    assert [row["Q2. Why not?"] for row in rows] == ["(not asked)", "I compost"]
    assert [row["Q4. How would you pay?"] for row in rows] == [
        "Other (please specify)",
        "(not asked)",
    ]
    details = "Q4. How would you pay? [Other (please specify): details]"
    assert [row[details] for row in rows] == ["Cash, ring 07700 900123", "(not asked)"]
    shown = officer.get(f"{base}/responses/{rows[0]['reference']}").text
    assert "Not asked (routed past by an earlier answer)" in shown
    results = officer.get(f"{base}/results").text
    assert "1 answered, of 1 asked. Asked only if the answer to question 3" in results
    assert "Cash, ring 07700 900123" in results  # the Other text, on the officers' page as typed
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    closed = headings.index("Results of the closed questions")
    assert headings[closed + 1 : closed + 5] == [
        "Your garden",
        "1. Do you use the garden waste service?",
        "Charges",
        "3. Do you agree with a charge?",
    ]
    paragraphs = [b.text for b in blocks if isinstance(b, Paragraph)]
    assert any(p.startswith("1 written answer, of 1 asked. Asked only if") for p in paragraphs)
    bullets = [item for b in blocks if isinstance(b, Bullets) for item in b.items]
    assert "Cash, ring [phone]" in bullets  # masked in the report, as all published text
    # A paper response follows the same routing: an answer to a question its own answers do not
    # open is refused, naming the question and its routing.
    paper = post_form(
        officer,
        f"{base}/responses/new",
        data={
            "channel": "paper",
            "received_on": "2026-01-05",
            "respondent_type": "resident",
            "ward": "",
            f"answer-{ids['q1']}": ids["q1:Yes"],
            f"answer-{ids['q2']}": "Written anyway",
        },
    )
    assert paper.status_code == 400  # type: ignore[attr-defined]
    assert (
        "Question 2 is not asked with these answers (Asked only if the answer to question 1"
        in paper.text  # type: ignore[attr-defined]
    )

    # Once published, a section's wording changes only by a correction, kept as a new version
    # that carries the sections and routing residents were shown.
    corrected = post_form(
        officer,
        f"{base}/sections/{ids['Charges']}/edit",
        data={"title": "Paying for it", "intro": "", "correction": "A plainer title."},
    )
    assert corrected.status_code == 303, corrected.text  # type: ignore[attr-defined]
    with service.session() as session:
        consultation = session.scalars(select(Consultation)).one()
        assert [v.changes for v in consultation.versions] == [
            "",
            "section 2; question 3; question 4",
        ]
        first = consultation.versions[0].content
        assert '"section": "Charges"' in first and "Asked only if the answer to question 1" in first
    assert "A plainer title." in officer.get(PUBLIC).text
