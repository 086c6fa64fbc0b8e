"""A resident's journey through TestClient, on SQLite and PostgreSQL: mistakes shown with what was
typed, check your answers, one response however often it is submitted, closed consultations."""

from __future__ import annotations

from consult_client import DEMO, Service, csrf_from, past, post_form
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from townhall.consult.models import (
    Answer,
    Consultation,
    EqualityRecord,
    PendingEqualityRecord,
    Response,
    Ward,
)


def choice_ids(service: Service, position: int) -> list[int]:
    """The option ids of the demo's question at `position`."""
    with service.session() as session:
        consultation = session.scalar(select(Consultation))
        assert consultation is not None
        return [choice.id for choice in consultation.questions[position - 1].choices]


def ward_id(service: Service, name: str) -> int:
    with service.session() as session:
        found = session.scalar(select(Ward.id).where(Ward.name == name))
        assert found is not None
        return found


def answer_everything(service: Service, client: TestClient, text: str = "It would hurt.") -> None:
    """Start the demo consultation and answer every page correctly."""
    assert post_form(client, DEMO, f"{DEMO}/start").status_code == 303
    about = {"respondent_type": "resident", "ward": str(ward_id(service, "Aston"))}
    assert post_form(client, f"{DEMO}/respond/about", data=about).status_code == 303
    pages = [
        {"answer": str(choice_ids(service, 1)[3])},
        {"answer": [str(choice) for choice in choice_ids(service, 2)[:2]]},
        {f"rank-{choice}": str(rank) for rank, choice in enumerate(choice_ids(service, 3), 1)},
        {"answer": str(choice_ids(service, 4)[0])},
        {"answer": text},
    ]
    for position, data in enumerate(pages, 1):
        response = post_form(client, f"{DEMO}/respond/question/{position}", data=data)
        assert response.status_code == 303, response.text
    equality = {"age_band": "25 to 34", "sex": "Female", "consent": "yes"}
    assert post_form(client, f"{DEMO}/respond/equality", data=equality).status_code == 303
    assert post_form(client, f"{DEMO}/respond/contact", data={"email": ""}).status_code == 303


def test_a_resident_answers_checks_and_gets_a_receipt(demo_service: Service) -> None:
    client = demo_service.client()
    answer_everything(demo_service, client)
    check = client.get(f"{DEMO}/respond/check")
    assert "Check your answers before sending your response" in check.text
    assert "It would hurt." in check.text and "Disagree" in check.text
    sent = post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    assert sent.headers["location"] == f"{DEMO}/respond/receipt"
    receipt = client.get(f"{DEMO}/respond/receipt")
    assert "Response sent" in receipt.text
    with demo_service.session() as session:
        response = session.scalar(select(Response))
        assert response is not None and response.reference in receipt.text
        assert response.respondent_type == "resident" and response.receipt_email is None
        assert session.scalar(select(func.count()).select_from(Answer)) == 1 + 2 + 5 + 1 + 1
        # The equality answers wait in the pending pool for a batch (services/equality_pool.py).
        assert session.scalar(select(func.count()).select_from(EqualityRecord)) == 0
        equality = session.scalar(select(PendingEqualityRecord))
        assert equality is not None and equality.sex == "Female" and equality.age_band == "25 to 34"


def test_a_mistake_is_shown_at_the_top_and_nothing_typed_is_lost(demo_service: Service) -> None:
    client = demo_service.client()
    answer_everything(demo_service, client)
    too_long = "My household would pay more. " * 80  # 2,320 characters, over the 2,000 limit
    response = post_form(client, f"{DEMO}/respond/question/5", data={"answer": too_long})
    assert response.status_code == 400
    page = response.text
    assert "There is a problem" in page and 'href="#answer"' in page
    assert "must be 2,000 characters or fewer (it has 2,319)" in page
    assert too_long.strip() in page  # what they typed is still in the box
    assert "<title>Error:" in page
    fixed = post_form(client, f"{DEMO}/respond/question/5", data={"answer": "Shorter."})
    assert fixed.status_code == 303


def test_change_links_return_to_check_your_answers(demo_service: Service) -> None:
    client = demo_service.client()
    answer_everything(demo_service, client)
    page = client.get(f"{DEMO}/respond/question/5?return_to=check").text
    assert 'name="return_to" value="check"' in page
    token = csrf_from(page)
    response = client.post(
        f"{DEMO}/respond/question/5",
        data={"csrf_token": token, "answer": "Changed my mind.", "return_to": "check"},
        follow_redirects=False,
    )
    assert response.headers["location"] == f"{DEMO}/respond/check"
    assert "Changed my mind." in client.get(f"{DEMO}/respond/check").text


def test_submitting_twice_stores_one_response_with_one_reference(demo_service: Service) -> None:
    client = demo_service.client()
    answer_everything(demo_service, client)
    token = csrf_from(client.get(f"{DEMO}/respond/check").text)
    cookies = dict(client.cookies)
    first = client.post(
        f"{DEMO}/respond/submit", data={"csrf_token": token}, follow_redirects=False
    )
    # The same form sent again with the same session cookie (a double click, a resend).
    client.cookies.clear()
    client.cookies.update(cookies)
    second = client.post(
        f"{DEMO}/respond/submit", data={"csrf_token": token}, follow_redirects=False
    )
    assert first.status_code == second.status_code == 303
    receipt = client.get(f"{DEMO}/respond/receipt").text
    with demo_service.session() as session:
        references = session.scalars(select(Response.reference)).all()
    assert len(references) == 1 and references[0] in receipt


def test_an_incomplete_response_cannot_be_submitted(demo_service: Service) -> None:
    client = demo_service.client()
    assert post_form(client, DEMO, f"{DEMO}/start").status_code == 303
    response = post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    assert response.status_code == 400
    assert "Question 1: Select how much you agree or disagree" in response.text
    assert "Question 4: Select an option" in response.text
    with demo_service.session() as session:
        assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_equality_answers_without_consent_are_refused_and_none_are_kept(
    demo_service: Service,
) -> None:
    client = demo_service.client()
    answer_everything(demo_service, client)
    refused = post_form(client, f"{DEMO}/respond/equality", data={"sex": "Male"})
    assert refused.status_code == 400 and "Tick the box" in refused.text
    skipped = post_form(client, f"{DEMO}/respond/equality", data={})
    assert skipped.status_code == 303
    post_form(client, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    with demo_service.session() as session:
        assert session.scalar(select(func.count()).select_from(EqualityRecord)) == 0
        assert session.scalar(select(func.count()).select_from(PendingEqualityRecord)) == 0
        assert session.scalar(select(func.count()).select_from(Response)) == 1


def test_a_closed_consultation_refuses_responses_with_a_clear_page(demo_service: Service) -> None:
    client = demo_service.client()
    answer_everything(demo_service, client)
    token = csrf_from(client.get(f"{DEMO}/respond/check").text)
    with demo_service.session() as session, session.begin():
        consultation = session.scalar(select(Consultation))
        assert consultation is not None
        consultation.opens_on, consultation.closes_on = past(30), past(1)
    page = client.get(DEMO)
    assert "This consultation has closed" in page.text and "Start now" not in page.text
    response = client.post(f"{DEMO}/respond/submit", data={"csrf_token": token})
    assert response.status_code == 403
    assert "This consultation has closed" in response.text
    assert client.get(f"{DEMO}/respond/question/1").status_code == 403
    with demo_service.session() as session:
        assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_drafts_are_not_public(demo_service: Service) -> None:
    with demo_service.session() as session, session.begin():
        consultation = session.scalar(select(Consultation))
        assert consultation is not None
        consultation.status = "draft"
    assert demo_service.client().get(DEMO).status_code == 404


CALCULATOR = f"{DEMO}/what-would-i-pay"


def figures_in(page: str, *figures: str) -> bool:
    """True if every figure appears in the page's results (above the form)."""
    results = page[: page.index("<form")]
    return all(figure in results for figure in figures)


def test_what_would_i_pay_shows_each_option_side_by_side(demo_service: Service) -> None:
    client = demo_service.client()
    household = {
        "band": "A",
        "claimant_age": "40",
        "has_partner": "yes",
        "partner_age": "38",
        "passported": "yes",
    }
    response = post_form(client, CALCULATOR, data=household)
    assert response.status_code == 200
    page = response.text
    # A Band A couple on a passporting benefit under Birmingham's 24% scheme pays £203.03 a year,
    # £3.90 a week, of the whole bill (with police and fire); the council's own part is £178.19,
    # £3.43 a week.
    assert figures_in(page, "£203.03", "£3.90", "£178.19", "£3.43")
    assert "Birmingham City Council's own part" in page
    assert "the rest goes to the police, fire and other preceptors" in page
    assert "Now: Council Tax Benefit" in page and "default scheme" in page
    assert page.index("Now: Council Tax Benefit") < page.index("The proposal")


def test_what_would_i_pay_for_a_household_on_universal_credit(demo_service: Service) -> None:
    client = demo_service.client()
    household = {
        "band": "B",
        "claimant_age": "30",
        "has_partner": "no",
        "universal_credit": "yes",
        "uc_award_monthly": "£400",
        "uc_maximum_amount_monthly": "800.00",
        "uc_earned_income_monthly": "600",
        "claimant_weekly_hours": "20",
    }
    response = post_form(client, CALCULATOR, data=household)
    assert response.status_code == 200, response.text
    # Single, Band B: £740.21 less the 25% discount is charged under the proposal; UC's £800
    # maximum (£184.62 a week) against £1,000 of award and earnings (£230.77) leaves £81.24 of
    # support: £658.97 a year to pay, £12.67 a week, of which the council's part is £578.35, £11.12.
    assert figures_in(response.text, "£658.97", "£12.67", "£81.24", "£578.35", "£11.12")
    # Under the default scheme the minimum payment does not apply: £481.32 a year.
    assert figures_in(response.text, "£481.32")
    assert 'value="£400"' in response.text and 'value="800.00"' in response.text


def test_the_calculator_asks_whether_support_began_before_may_2016(demo_service: Service) -> None:
    # The answer marks a claim protected by SI 2015/2041 reg. 3 (the pensioner family premium from
    # 2016/17); Birmingham's 2013/14 demo scheme gives the premium to every family either way.
    from townhall.consult.household_form import household_from_form

    page = demo_service.client().get(CALCULATOR).text
    assert "Have you had Council Tax Support since before 1 May 2016" in page
    answers = {"band": "C", "claimant_age": "72", "has_partner": "no"}
    household, errors = household_from_form(
        answers | {"getting_support_since_before_may_2016": "yes"}
    )
    assert errors == {} and household is not None
    assert household.getting_support_since_before_may_2016
    _, errors = household_from_form(answers | {"getting_support_since_before_may_2016": "maybe"})
    assert "getting_support_since_before_may_2016" in errors


def test_what_would_i_pay_with_another_adult_living_there(demo_service: Service) -> None:
    client = demo_service.client()
    alone = {
        "band": "C",
        "claimant_age": "45",
        "has_partner": "no",
        "passported": "yes",
    }
    with_son = alone | {
        "other_adult_1_age": "30",
        "other_adult_1_income": "400",
        "other_adult_1_works": "yes",
        "other_adult_1_benefit": "none",
    }
    by_themselves = post_form(client, CALCULATOR, data=alone)
    assert figures_in(by_themselves.text, "£0.00")  # the default scheme: nothing to pay
    response = post_form(client, CALCULATOR, data=with_son)
    assert response.status_code == 200, response.text
    # No single person discount (£1,127.93 charged) and a £9.15 a week deduction for a working
    # adult on £400 a week: £747.81 a year under the proposal, £477.11 under the default scheme.
    assert figures_in(response.text, "£747.81", "£14.38", "£477.11", "£9.15")
    assert 'id="other_adult_1_income" name="other_adult_1_income" type="text" value="400"' in (
        response.text
    )
    assert '<option value="yes" selected>Yes</option>' in response.text


def test_another_adults_disability_benefits_and_the_children_in_child_care(
    demo_service: Service,
) -> None:
    # The form asks how much of another adult's income is AA, DLA, PIP or AFIP (left out of what
    # they add to the bill, SI 2012/2885 Sch. 1 para 8(9)(a)) and how many children the child care
    # is for (the £175 or £300 limit); answers that do not fit are named beside their fields.
    client = demo_service.client()
    typed = {
        "band": "C",
        "claimant_age": "45",
        "has_partner": "no",
        "children": "1",
        "youngest_child_age": "4",
        "weekly_child_care_charges": "60",
        "children_in_child_care": "2",
        "other_adult_1_age": "30",
        "other_adult_1_income": "100",
        "other_adult_1_disability": "120",
    }
    response = post_form(client, CALCULATOR, data=typed)
    assert response.status_code == 400
    page = response.text.replace("&#39;", "'")
    for field, message in {
        "children_in_child_care": "no more than the number of children",
        "other_adult_1_disability": "must not be more than their income before tax",
    }.items():
        beside = page[page.index(f'id="{field}-error"') :]
        assert message in beside[: beside.index("</p>")], field
    fitting = typed | {"children_in_child_care": "1", "other_adult_1_disability": "60"}
    assert post_form(client, CALCULATOR, data=fitting).status_code == 200


def test_the_calculator_shows_every_problem_with_the_form(demo_service: Service) -> None:
    client = demo_service.client()
    response = post_form(
        client,
        CALCULATOR,
        data={"claimant_age": "forty", "weekly_earnings": "lots", "other_adult_2_age": "x"},
    )
    assert response.status_code == 400
    for message in (
        "Select your council tax band",
        "Enter your age as a whole number",
        "Select yes if you live with a partner",
        "Enter your take-home pay in pounds",
        "Enter adult 2's age as a whole number",
    ):
        assert message in response.text.replace("&#39;", "'")
    assert 'value="forty"' in response.text and 'value="lots"' in response.text
    assert 'href="#band-1"' in response.text and 'href="#has_partner-1"' in response.text


def test_answers_that_do_not_fit_together_are_shown_beside_the_field_to_change(
    demo_service: Service,
) -> None:
    client = demo_service.client()
    typed = {
        "band": "D",
        "claimant_age": "35",
        "has_partner": "no",
        "partner_weekly_hours": "20",
        "universal_credit": "no",
        "uc_award_monthly": "350",
        "children": "1",
        "weekly_child_care_charges": "60",
        "disabled_children": "2",
        "claimant_weekly_hours": "16",
        "other_adult_1_age": "12",
        "other_adult_1_income": "20",
    }
    response = post_form(client, CALCULATOR, data=typed)
    assert response.status_code == 400
    page = response.text.replace("&#39;", "'")
    expected = {
        "has_partner": "You said you do not live with a partner but answered about one "
        "(hours of work)",
        "youngest_child_age": "Enter the youngest child's age, as children live with you",
        "universal_credit": "Select yes if you get Universal Credit, or remove the amounts",
        "disabled_children": "must not be more than the number of children",
        "weekly_earnings": "Enter your take-home pay, as you gave hours of work",
        "other_adult_1_age": "Adult 1's age must be between 16 and 120",
    }
    summary = page[page.index("error-summary") : page.index("</ul>")]
    for field, message in expected.items():
        assert message in summary, field  # in the summary, linked to the field ...
        assert f'href="#{field}' in summary, field
        beside = page[page.index(f'id="{field}-error"') :]
        assert message in beside[: beside.index("</p>")], field  # ... and beside it
    # One child may have child care: no problem with it, and every answer typed is still there.
    assert "weekly_child_care_charges-error" not in page
    for name, value in typed.items():
        if name in {"band", "has_partner", "universal_credit"}:
            assert f'name="{name}" type="radio" value="{value}" checked' in page, name
        else:
            assert f'name="{name}" type="text" value="{value}"' in page, name


def test_abandoned_journeys_are_purged_after_30_days(demo_service: Service) -> None:
    from datetime import UTC, datetime, timedelta

    from townhall.consult.models import Journey
    from townhall.consult.services.journeys import purge_stale_journeys, start_journey

    with demo_service.session() as session, session.begin():
        consultation = session.scalar(select(Consultation))
        assert consultation is not None
        old, fresh = start_journey(session, consultation), start_journey(session, consultation)
        session.flush()
        journey = session.get(Journey, old)
        assert journey is not None
        journey.updated_at = datetime.now(UTC) - timedelta(days=31)
    with demo_service.session() as session, session.begin():
        gone = purge_stale_journeys(session, datetime.now(UTC) - timedelta(days=30))
    with demo_service.session() as session:
        assert gone == 1
        assert session.get(Journey, old) is None and session.get(Journey, fresh) is not None
