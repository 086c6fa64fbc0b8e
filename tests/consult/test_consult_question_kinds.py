"""Drop-down, number, date and postcode questions: asked, checked, stored as the resident meant
them, exported, and summarised in the report without showing anyone's own answer."""

from __future__ import annotations

import csv
import io

from consult_client import Service, post_form
from sqlalchemy import select

from townhall.consult.models import Answer, Consultation
from townhall.consult.report.blocks import Table
from townhall.consult.report.content import report_blocks
from townhall.consult.rules.questions import AnswerValue, QuestionSpec, answer_problem, read_answer
from townhall.consult.services.consultation_report import report_data

PUBLIC = "/consultations/bins-2027"


def _answer(kind: str, typed: str) -> tuple[str, str | None]:
    spec = QuestionSpec(kind, True, 100)
    answer = read_answer(spec, {"answer": [typed]})
    return answer.text, answer_problem(spec, answer)


def test_typed_answers_are_checked_and_stored_in_one_form() -> None:
    assert _answer("number", " 1,250.5 ") == ("1250.5", None)
    assert _answer("number", "lots") == ("lots", "Enter a number, like 12 or 3.5")
    assert _answer("date", "27/3/2007") == ("2007-03-27", None)
    assert _answer("date", "31 2 2007")[1] == "Enter a real date, like 27 3 2007"
    assert _answer("postcode", "b11bb") == ("B1 1BB", None)
    assert _answer("postcode", "B1")[1] == "Enter a full UK postcode, like B1 1BB"
    assert _answer("postcode", "")[1] == "Enter a postcode"
    dropdown = QuestionSpec("dropdown", True, 100, (7, 8))
    assert answer_problem(dropdown, AnswerValue(choice_ids=(7, 8))) == "Select only one option"
    assert answer_problem(dropdown, AnswerValue()) == "Select an option"


def _build(service: Service) -> object:
    service.add_user("officer@example.org", "officer")
    officer = service.signed_in("officer@example.org")
    details = {
        "title": "Bins",
        "slug": "bins-2027",
        "summary": "Bins.",
        "proposal": "Fewer collections.",
        "contact": "Waste services",
        "opens_on": "2026-01-01",
        "closes_on": "2099-03-31",
    }
    base = post_form(officer, "/staff/consultations/new", data=details).headers["location"]  # type: ignore[attr-defined]
    post_form(
        officer,
        base + "/alternatives/new",
        data={"title": "Keep", "description": "D.", "reason_not_preferred": "R."},
    )
    for kind, prompt, choices in (
        ("dropdown", "Which bin do you use most?", "Green\nBlue\nBrown"),
        ("number", "How many bins do you have?", ""),
        ("date", "When did you move in?", ""),
        ("postcode", "What is your postcode?", ""),
    ):
        added = post_form(
            officer,
            base + "/questions/new",
            data={"kind": kind, "prompt": prompt, "choices": choices},
        )
        assert added.status_code == 303, added.text  # type: ignore[attr-defined]
    post_form(officer, base, base + "/publish", data={"confirm": "yes"})
    return officer


def test_a_resident_answers_each_kind(service: Service) -> None:
    officer = _build(service)
    with service.session() as session:
        consultation = session.scalars(select(Consultation)).one()
        blue = consultation.questions[0].choices[1].id
    for n in range(5):  # five residents of B1, so the district can be shown
        client = service.client()
        assert post_form(client, PUBLIC, f"{PUBLIC}/start").status_code == 303
        post_form(
            client, f"{PUBLIC}/respond/about", data={"respondent_type": "resident", "ward": "none"}
        )
        page = client.get(f"{PUBLIC}/respond/question/1").text
        assert '<select class="select" id="answer" name="answer">' in page
        if n == 0:
            wrong = post_form(client, f"{PUBLIC}/respond/question/2", data={"answer": "two"})
            assert "Enter a number, like 12 or 3.5" in wrong.text  # type: ignore[attr-defined]
        for position, typed in enumerate(
            (str(blue), f"{n + 1}", f"{n + 1}/3/2020", f"b1 {n + 1}aa"), 1
        ):
            sent = post_form(
                client, f"{PUBLIC}/respond/question/{position}", data={"answer": typed}
            )
            assert sent.status_code == 303, sent.text  # type: ignore[attr-defined]
        post_form(client, f"{PUBLIC}/respond/contact", data={"email": ""})
        check = client.get(f"{PUBLIC}/respond/check").text
        assert "2020-03-0" in check and "B1 " in check
        submitted = post_form(client, f"{PUBLIC}/respond/check", f"{PUBLIC}/respond/submit")
        assert submitted.status_code == 303, submitted.text  # type: ignore[attr-defined]
    with service.session() as session:
        texts = sorted(t for t in session.scalars(select(Answer.text)) if t)
        assert texts[:3] == ["1", "2", "2020-03-01"]
        consultation = session.scalars(select(Consultation)).one()
        blocks = report_blocks(report_data(session, consultation))
    export = officer.get("/staff/consultations/1/export/responses.csv").text  # type: ignore[attr-defined]
    row = next(csv.DictReader(io.StringIO(export)))
    assert (
        row["Q1. Which bin do you use most?"] == "Blue"
        and row["Q4. What is your postcode?"] == "B1 1AA"
    )
    tables = {b.caption: b.rows for b in blocks if isinstance(b, Table)}
    assert tables["Answers to question 1"][1][:2] == ["Blue", 5]
    # Numbers 1 to 5: median 3. Dates 1 to 5 March 2020. Postcodes: only the district, 5 of them.
    assert tables["Answers to question 2"] == [["Smallest", "1"], ["Median", "3"], ["Largest", "5"]]
    assert tables["Answers to question 3"] == [["Earliest", "2020-03-01"], ["Latest", "2020-03-05"]]
    assert tables["Answers to question 4"] == [["B1", "5"]]


def test_other_please_specify(service: Service) -> None:
    service.add_user("officer@example.org", "officer")
    officer = service.signed_in("officer@example.org")
    details = {
        "title": "Parks",
        "slug": "parks-2027",
        "summary": "Parks.",
        "proposal": "Close at dusk.",
        "contact": "Parks team",
        "opens_on": "2026-01-01",
        "closes_on": "2099-03-31",
    }
    base = post_form(officer, "/staff/consultations/new", data=details).headers["location"]  # type: ignore[attr-defined]
    post_form(
        officer,
        base + "/alternatives/new",
        data={"title": "Keep", "description": "D.", "reason_not_preferred": "R."},
    )
    wrong = post_form(
        officer, base + "/questions/new", data={"kind": "text", "prompt": "Why?", "other": "yes"}
    )
    assert "Only single and multiple choice questions can have" in wrong.text  # type: ignore[attr-defined]
    post_form(
        officer,
        base + "/questions/new",
        data={
            "kind": "single",
            "prompt": "How do you get there?",
            "choices": "Walk\nBus",
            "other": "yes",
        },
    )
    post_form(officer, base, base + "/publish", data={"confirm": "yes"})
    with service.session() as session:
        question = session.scalars(select(Consultation)).one().questions[0]
        assert [(c.label, c.is_other) for c in question.choices] == [
            ("Walk", False),
            ("Bus", False),
            ("Other (please specify)", True),
        ]
        other = question.choices[2].id
    client = service.client()
    public = "/consultations/parks-2027"
    post_form(client, public, f"{public}/start")
    post_form(
        client, f"{public}/respond/about", data={"respondent_type": "resident", "ward": "none"}
    )
    page = f"{public}/respond/question/1"
    assert "If you chose “Other (please specify)”, tell us what" in client.get(page).text
    empty = post_form(client, page, data={"answer": str(other)})
    assert "You chose Other: say what your answer is" in empty.text  # type: ignore[attr-defined]
    assert (
        post_form(client, page, data={"answer": str(other), "other": "By bike"}).status_code == 303
    )  # type: ignore[attr-defined]
    post_form(client, f"{public}/respond/contact", data={"email": ""})
    assert "Other (please specify): By bike" in client.get(f"{public}/respond/check").text
    post_form(client, f"{public}/respond/check", f"{public}/respond/submit")
    export = officer.get(base + "/export/responses.csv").text  # type: ignore[attr-defined]
    row = next(csv.DictReader(io.StringIO(export)))
    assert row["Q1. How do you get there?"] == "Other (please specify)"
    assert row["Q1. How do you get there? [Other (please specify): details]"] == "By bike"
