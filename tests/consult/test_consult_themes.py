"""Officers curate themes in the service: candidates, rename, merge, split, delete, add, assign,
corrections kept and used, stance and campaigns shown; officers only, CSRF and size limits."""

from __future__ import annotations

import re
from typing import Any

import pytest
from consult_client import Service, csrf_from, post_form
from consult_sample_answers import CAMPAIGN, add_answers
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import select

from townhall.consult.analysis.themeset import Theme, ThemeSet
from townhall.consult.models import (
    Answer,
    AnswerStance,
    AuditEntry,
    Consultation,
    Question,
    ThemeAssignment,
    ThemeCorrection,
)
from townhall.consult.services import assignment_runs
from townhall.consult.services.themes import current_themes, save_themes


def _setup(service: Service) -> tuple[str, int]:
    """The demo with sample answers; the theme page's address and the text question's id."""
    with service.session() as session, session.begin():
        consultation = session.scalars(select(Consultation)).one()
        question = add_answers(session, consultation)
        return (
            f"/staff/consultations/{consultation.id}/questions/{question.id}/themes",
            question.id,
        )


def _themes(service: Service, question_id: int) -> dict[str, str]:
    """The stored theme set as key -> label."""
    with service.session() as session:
        themes = current_themes(session, session.get(Question, question_id))  # type: ignore[arg-type]
        assert themes is not None
        return {theme.key: theme.label for theme in themes.themes}


def _post(client: TestClient, page: str, action: str, data: dict[str, object]) -> int:
    response = post_form(client, page, action, data)
    return response.status_code  # type: ignore[attr-defined,no-any-return]


def test_curation_journey(demo_service: Service) -> None:
    home, question_id = _setup(demo_service)
    officer = demo_service.signed_in("officer@example.org")
    page = officer.get(home)
    assert page.status_code == 200
    assert "Find candidate themes" in page.text
    assert "6 answers in 1 group" in page.text  # the campaign copies, counted, not removed

    assert _post(officer, home, f"{home}/candidates", {"topics": "5"}) == 303
    themes = _themes(demo_service, question_id)
    assert len(themes) == 5
    page = officer.get(home).text
    assert "Key terms:" in page and "Representative answers" in page
    assert "jo.bloggs@example.com" not in page and "07700 900123" not in page

    first, second, third, *_ = themes
    assert (
        _post(officer, home, f"{home}/rename", {"key": first, "label": "Cost to families"}) == 303
    )
    assert _themes(demo_service, question_id)[first] == "Cost to families"

    assert (
        _post(
            officer, home, f"{home}/merge", {"keys": [second, third], "label": "Who is protected"}
        )
        == 303
    )
    themes = _themes(demo_service, question_id)
    assert second not in themes and third not in themes and "who_is_protected" in themes
    assert len(themes) == 4

    split = officer.get(f"{home}/split?key=who_is_protected")
    assert split.status_code == 200
    response = post_form(
        officer,
        f"{home}/split?key=who_is_protected",
        data={
            "first_label": "Pensioners",
            "first_seed_terms": "pensioners, older people",
            "second_label": "Disabled people",
            "second_seed_terms": "disabled, disability, carers",
        },
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    themes = _themes(demo_service, question_id)
    assert {"pensioners", "disabled_people"} <= set(themes) and "who_is_protected" not in themes

    assert (
        _post(
            officer,
            home,
            f"{home}/add",
            {"label": "Second homes", "seed_terms": "second homes, second home", "description": ""},
        )
        == 303
    )
    assert "second_homes" in _themes(demo_service, question_id)
    removable = next(key for key in themes if key not in {"pensioners", "disabled_people"})
    # One link per theme, no red button: deleting asks first, on a page of its own.
    assert 'class="button button-warning"' not in officer.get(home).text
    asked = officer.get(f"{home}/delete", params={"key": removable}).text
    label = _themes(demo_service, question_id)[removable]
    assert f"Delete the theme “{escape(label)}”?" in asked and "cannot be undone" in asked
    assert _post(officer, home, f"{home}/delete", {"key": removable}) == 200  # asks again
    assert removable in _themes(demo_service, question_id)
    confirmed = {"key": removable, "confirm": "yes"}
    assert _post(officer, f"{home}/delete?key={removable}", f"{home}/delete", confirmed) == 303
    assert removable not in _themes(demo_service, question_id)

    assert _post(officer, home, f"{home}/assign", {}) == 303
    page = officer.get(home).text
    assert "Answers were last assigned" in page
    read = officer.get(f"{home}/answers").text  # how sure, in words, never a raw figure
    assert re.search(
        r"\((almost certain|likely|possible|set by an officer)\)", read
    ) and not re.search(r"\(0\.\d", read)
    assert "Stance toward the proposal" in page
    with demo_service.session() as session:
        assert session.scalars(select(ThemeAssignment)).first() is not None
        stances = session.scalars(select(AnswerStance.stance)).all()
        assert len(stances) == 67 and set(stances) <= {"supports", "opposes", "mixed", "unclear"}
        actions = set(session.scalars(select(AuditEntry.action)))
    assert {
        "find candidate themes",
        "rename theme",
        "merge themes",
        "split theme",
        "add theme",
        "delete theme",
        "assign themes",
    } <= actions


def test_correction_is_kept_and_used(demo_service: Service) -> None:
    home, question_id = _setup(demo_service)
    officer = demo_service.signed_in("officer@example.org")
    assert _post(officer, home, f"{home}/candidates", {"topics": "4"}) == 303
    assert (
        _post(
            officer,
            home,
            f"{home}/add",
            {
                "label": "Campaign",
                "seed_terms": "nothing matches this phrase xyz",
                "description": "",
            },
        )
        == 303
    )
    with demo_service.session() as session:
        answer_id = session.scalar(select(Answer.id).where(Answer.text == CAMPAIGN))
    form = f"{home}/answers/{answer_id}"
    assert officer.get(form).status_code == 200
    response = post_form(officer, form, data={"themes": ["campaign"], "stance": "opposes"})
    assert response.status_code == 303  # type: ignore[attr-defined]
    with demo_service.session() as session:
        correction = session.get(ThemeCorrection, answer_id)
        assert correction is not None and correction.themes == "campaign"
        assert correction.stance == "opposes"

    assert _post(officer, home, f"{home}/assign", {}) == 303
    with demo_service.session() as session:
        corrected = set(
            session.scalars(
                select(ThemeAssignment.theme_key).where(ThemeAssignment.answer_id == answer_id)
            )
        )
        assert corrected == {"campaign"}  # the officer's reading wins
        copies = session.scalars(
            select(Answer.id).where(Answer.text == CAMPAIGN, Answer.id != answer_id)
        ).all()
        learned = session.scalars(
            select(ThemeAssignment.answer_id).where(
                ThemeAssignment.theme_key == "campaign", ThemeAssignment.answer_id.in_(copies)
            )
        ).all()
        assert set(learned) == set(copies)  # its copies are learned from the correction
        stance = session.get(AnswerStance, answer_id)
        assert stance is not None and stance.stance == "opposes" and stance.corrected

    # A rename keeps the correction; a merge carries it over to the merged theme.
    assert _post(officer, home, f"{home}/rename", {"key": "campaign", "label": "Scrap it"}) == 303
    other = next(key for key in _themes(demo_service, question_id) if key != "campaign")
    assert (
        _post(officer, home, f"{home}/merge", {"keys": ["campaign", other], "label": "Scrap"})
        == 303
    )
    with demo_service.session() as session:
        correction = session.get(ThemeCorrection, answer_id)
        assert correction is not None and correction.themes == "scrap"
    listing = officer.get(f"{home}/answers?page=2").text
    assert "Corrected" in listing
    assert "The themes have changed since answers were last assigned" in officer.get(home).text

    # After a split the officer's themes no longer fit, so they are read again; the stance stays.
    response = post_form(
        officer,
        f"{home}/split?key=scrap",
        data={
            "first_label": "Scrap the minimum",
            "first_seed_terms": "scrap",
            "second_label": "Other cuts",
            "second_seed_terms": "cut, savings",
        },
    )
    assert response.status_code == 303  # type: ignore[attr-defined]
    with demo_service.session() as session:
        correction = session.get(ThemeCorrection, answer_id)
        assert correction is not None and correction.themes is None
        assert correction.stance == "opposes"
    assert _post(officer, home, f"{home}/assign", {}) == 303
    with demo_service.session() as session:
        stance = session.get(AnswerStance, answer_id)
        assert stance is not None and stance.stance == "opposes" and stance.corrected


def test_bad_input_is_refused_with_messages(demo_service: Service) -> None:
    home, _ = _setup(demo_service)
    officer = demo_service.signed_in("officer@example.org")
    response = post_form(officer, home, f"{home}/candidates", {"topics": "500"})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "from 2 to 30" in response.text  # type: ignore[attr-defined]
    assert _post(officer, home, f"{home}/candidates", {"topics": "3"}) == 303
    long_label = "x" * 121
    key = next(iter(_themes(demo_service, _setup_question(demo_service))))
    response = post_form(officer, home, f"{home}/rename", {"key": key, "label": long_label})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "120 characters or fewer" in response.text  # type: ignore[attr-defined]
    response = post_form(officer, home, f"{home}/merge", {"keys": [key], "label": "One"})
    assert "Select two or more themes" in response.text  # type: ignore[attr-defined]
    response = post_form(officer, home, f"{home}/add", {"label": "", "seed_terms": ""})
    assert "Enter a name for the theme" in response.text  # type: ignore[attr-defined]
    assert "Enter at least one seed term" in response.text  # type: ignore[attr-defined]
    response = post_form(
        officer, f"{home}/split?key={key}", data={"first_label": "A", "second_label": "a"}
    )
    assert response.status_code == 400  # type: ignore[attr-defined]
    token = csrf_from(officer.get(home).text)
    assert officer.post(f"{home}/assign", data={"csrf_token": token + "x"}).status_code == 403
    assert officer.post(f"{home}/assign", data={}).status_code == 403


def _setup_question(service: Service) -> int:
    with service.session() as session:
        return session.scalars(select(Question.id).where(Question.kind == "text")).one()


def test_only_officers_curate(demo_service: Service) -> None:
    home, _ = _setup(demo_service)
    councillor = demo_service.signed_in("aston@example.org")
    assert councillor.get(home).status_code == 403
    assert councillor.get("/staff/themes").status_code == 403
    anonymous = demo_service.client()
    assert anonymous.get(home, follow_redirects=False).status_code == 303
    officer = demo_service.signed_in("officer@example.org")
    assert "Themes in free-text answers" in officer.get("/staff/themes").text
    assert officer.get(f"{home}/campaigns?threshold=0.9").status_code == 200
    assert CAMPAIGN in officer.get(f"{home}/campaigns").text
    assert officer.get(f"{home}/campaigns?threshold=0.1").status_code == 400


def test_a_change_the_theme_set_cannot_take_is_an_error(demo_service: Service) -> None:
    home, question_id = _setup(demo_service)
    full = ThemeSet(
        themes=[Theme(key=f"t{n}", label=f"Theme {n}", seed_terms=[f"w{n}"]) for n in range(100)]
    )
    with demo_service.session() as session, session.begin():
        save_themes(session, session.get(Question, question_id), full)  # type: ignore[arg-type]
    officer = demo_service.signed_in("officer@example.org")
    response = post_form(
        officer, home, f"{home}/add", {"label": "One more", "seed_terms": "more", "description": ""}
    )
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "That change cannot be made" in response.text  # type: ignore[attr-defined]
    assert len(_themes(demo_service, question_id)) == 100


def test_training_holds_no_write_lock(
    demo_service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While answers are assigned, another writer (a resident submitting) can still write."""
    home, _ = _setup(demo_service)
    officer = demo_service.signed_in("officer@example.org")
    assert _post(officer, home, f"{home}/candidates", {"topics": "3"}) == 303
    original = assignment_runs.compute_assignment
    wrote = []

    def beside_a_writer(*args: Any) -> Any:
        with demo_service.session() as other, other.begin():
            other.add(AuditEntry(actor="resident", action="submit"))
        wrote.append(True)
        return original(*args)

    monkeypatch.setattr(assignment_runs, "compute_assignment", beside_a_writer)
    assert _post(officer, home, f"{home}/assign", {}) == 303
    assert wrote == [True]
