"""Results for officers and councillors, exports, and equality data kept apart and suppressed."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date

import openpyxl
from consult_client import Service
from sqlalchemy import select

from townhall.consult.models import Answer, Consultation, EqualityRecord, Response, Ward
from townhall.consult.rules.references import new_reference


def add_response(
    service: Service,
    ward: str | None,
    scale: str,
    text: str = "",
    kind: str = "resident",
    email: str | None = None,
) -> None:
    """A submitted response answering the demo's first (scale) question and optionally the last."""
    with service.session() as session, session.begin():
        consultation = session.scalar(select(Consultation))
        assert consultation is not None
        ward_id = session.scalar(select(Ward.id).where(Ward.name == ward)) if ward else None
        scale_choice = next(c.id for c in consultation.questions[0].choices if c.label == scale)
        answers = [Answer(question_id=consultation.questions[0].id, choice_id=scale_choice)]
        if text:
            answers.append(Answer(question_id=consultation.questions[4].id, text=text))
        session.add(
            Response(
                consultation_id=consultation.id,
                journey_token=uuid.uuid4().hex,
                reference=new_reference(),
                respondent_type=kind,
                ward_id=ward_id,
                receipt_email=email,
                answers=answers,
            )
        )


def add_equality(service: Service, **answers: str) -> None:
    with service.session() as session, session.begin():
        session.add(
            EqualityRecord(id=uuid.uuid4().hex, consultation_id=1, given_on=date.today(), **answers)
        )


def sample(service: Service) -> None:
    """Aston: strongly agree, disagree, disagree; Ladywood: agree, disagree (a business)."""
    add_response(
        service, "Aston", "Strongly agree", "We cannot afford it.", email="secret@example.org"
    )
    add_response(service, "Aston", "Disagree", '=HYPERLINK("http://evil")')
    add_response(service, "Aston", "Disagree")
    add_response(service, "Ladywood", "Agree", "Fair for everyone.")
    add_response(service, "Ladywood", "Disagree", kind="business")


def test_officer_results_count_and_filter(demo_service: Service) -> None:
    sample(demo_service)
    officer = demo_service.signed_in("officer@example.org")
    page = officer.get("/staff/consultations/1/results").text
    assert "<strong>5</strong> responses match" in page
    assert "data:image/svg+xml;base64," in page  # the chart, as an image the CSP allows
    # Disagree: 3 of the 5 who answered = 60.0%.
    assert (
        '<th scope="row">Disagree</th><td class="numeric">3</td><td class="numeric">60.0</td>'
        in page
    )
    with demo_service.session() as session:
        aston = session.scalar(select(Ward.id).where(Ward.name == "Aston"))
    filtered = officer.get(f"/staff/consultations/1/results?ward={aston}").text
    assert "<strong>3</strong> responses match" in filtered
    assert '<h1 class="heading-l">Results: responses from Aston only</h1>' in filtered
    by_ward = filtered.split("Responses by ward</caption>")[1].split("</table>")[0]
    assert '<th scope="row">Aston</th><td class="numeric">3</td>' in by_ward
    assert "Ladywood" not in by_ward and "Not in a listed ward" not in by_ward
    assert "3 people answered. Disagree: 67% (2); Strongly agree: 33% (1)" in filtered
    assert (
        '<th scope="row">Disagree</th><td class="numeric">2</td><td class="numeric">66.7</td>'
        in filtered
    )
    business = officer.get("/staff/consultations/1/results?respondent_type=business").text
    assert "<strong>1</strong> response match" in business
    assert "Results: businesses only" in business
    by_ward = business.split("Responses by ward</caption>")[1].split("</table>")[0]
    assert '<th scope="row">Ladywood</th><td class="numeric">1</td>' in by_ward
    assert '<th scope="row">Aston</th><td class="numeric">0</td>' in by_ward
    assert "Fair for everyone." not in business


def test_exports_have_every_response_but_no_email_and_no_formulas(demo_service: Service) -> None:
    sample(demo_service)
    officer = demo_service.signed_in("officer@example.org")
    response = officer.get("/staff/consultations/1/export/responses.csv")
    assert response.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert len(rows) == 6 and rows[0][:5] == [
        "reference",
        "submitted_at",
        "respondent_type",
        "organisation_name",
        "ward",
    ]
    assert "secret@example.org" not in response.text
    assert '\'=HYPERLINK("http://evil")' in [cell for row in rows for cell in row]
    workbook = openpyxl.load_workbook(
        io.BytesIO(officer.get("/staff/consultations/1/export/responses.xlsx").content)
    )
    sheet = workbook["Responses"]
    assert sheet.max_row == 6
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert '=HYPERLINK("http://evil")' in cells  # a string cell, not a formula
    # Numbers are number cells (a whole number is stored as 1.0, which Excel shows as 1).
    assert all(
        cell.data_type == ("n" if isinstance(cell.value, int | float) else "s")
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


def test_equality_data_is_a_separate_file_and_aggregates_suppress_small_counts(
    demo_service: Service,
) -> None:
    sample(demo_service)
    for _ in range(5):
        add_equality(demo_service, sex="Female", age_band="25 to 34")
    add_equality(demo_service, sex="Male", age_band="25 to 34")
    officer = demo_service.signed_in("officer@example.org")
    exported = officer.get("/staff/consultations/1/export/equality.csv").text
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0] == ["age_band", "sex", "disability", "ethnic_group", "carer"] and len(rows) == 7
    assert "reference" not in exported and "Aston" not in exported
    page = officer.get("/staff/consultations/1/results").text
    sex_table = page.split("What is your sex?")[1].split("</table>")[0]
    # Female 5 shown; Male 1 hidden; with it the zeros (also under 5).
    assert '<th scope="row">Female</th><td class="numeric">5</td>' in sex_table
    assert '<th scope="row">Male</th><td class="numeric">fewer than 5</td>' in sex_table
    age_table = page.split("What is your age?")[1].split("</table>")[0]
    assert '<th scope="row">25 to 34</th><td class="numeric">6</td>' in age_table


def test_a_councillor_sees_their_ward_beside_the_area_and_nothing_else(
    demo_service: Service,
) -> None:
    sample(demo_service)
    # Aston has 3 responses, 2 with text: shown only with the minimum lowered from 5 to 2.
    demo_service.app.state.settings = demo_service.settings.model_copy(
        update={"ward_minimum_responses": 2}
    )
    councillor = demo_service.signed_in("aston@example.org")
    with demo_service.session() as session:
        aston = session.scalar(select(Ward.id).where(Ward.name == "Aston"))
        ladywood = session.scalar(select(Ward.id).where(Ward.name == "Ladywood"))
    home = councillor.get("/councillor").text
    assert f"/councillor/consultations/1/wards/{aston}" in home
    page = councillor.get(f"/councillor/consultations/1/wards/{aston}").text
    assert "3 responses from Aston, out of 5 across the whole area" in page
    # Disagree: Aston 2 of 3 = 66.7%, area 3 of 5 = 60.0%: +6.7 points, from too few to read.
    assert (
        '<th scope="row">Disagree</th><td class="numeric">2</td><td class="numeric">66.7</td><td class="numeric">60.0</td><td class="numeric">+6.7 <span class="hint-inline">(from 3)</span></td>'
        in page
    )
    # Agree: none of 3 in Aston against 1 of 5 = 20.0% in the area, the largest difference.
    assert (
        "Only 3 people in Aston answered this question: too few to read much into.</strong> "
        "One person's answer moves a share by 33 points, so a difference from the whole area, "
        'such as -20 points for "Agree" from 3 responses, may be chance.'
    ) in page
    assert page.count('<img class="chart" src="data:image/svg+xml;base64,') == 1
    assert "We cannot afford it." in page and "Fair for everyone." not in page
    assert "secret@example.org" not in page and "Equality" not in page
    assert councillor.get(f"/councillor/consultations/1/wards/{ladywood}").status_code == 403


def test_a_councillor_sees_no_one_alone(demo_service: Service) -> None:
    """One response from a ward shows nothing of it; at the minimum (5) text is masked, and a
    question fewer than 5 of them answered is still hidden."""
    add_response(demo_service, "Aston", "Strongly agree", "Ring Jo Bloggs on 07700 900123.")
    councillor = demo_service.signed_in("aston@example.org")
    with demo_service.session() as session:
        aston = session.scalar(select(Ward.id).where(Ward.name == "Aston"))
    page = councillor.get(f"/councillor/consultations/1/wards/{aston}").text
    assert "Fewer than 5 responses came from Aston" in page
    assert "100.0" not in page and "Ring" not in page and "07700" not in page
    assert "fewer than 5" in councillor.get("/councillor").text
    for _ in range(4):
        add_response(demo_service, "Aston", "Agree", "It is fair. Call 07700 900456.")
    page = councillor.get(f"/councillor/consultations/1/wards/{aston}").text
    assert "5 responses from Aston" in page
    # Strongly agree: 1 of 5 = 20.0% in the ward and the area.
    assert (
        '<th scope="row">Strongly agree</th><td class="numeric">1</td><td class="numeric">20.0</td>'
        in page
    )
    assert "07700" not in page and "It is fair. Call [phone]." in page
    assert "Fewer than 5 people in the ward answered this question" in page  # question 2: none
