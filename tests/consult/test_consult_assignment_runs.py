"""Assigning answers runs after the officer's request: its stage on the page, one run at a time,
a stopped run told from a slow one, and a run that stores nothing says why."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from consult_client import Service, post_form
from consult_sample_answers import add_answers
from sqlalchemy import select
from sqlalchemy.orm import Session

from townhall.consult.analysis.themeset import Theme, add_theme
from townhall.consult.models import (
    Answer,
    AnswerStance,
    AuditEntry,
    Consultation,
    Question,
    ThemeAssignment,
    ThemeSetRecord,
    User,
    utc_now,
)
from townhall.consult.services import assignment_runs
from townhall.consult.services.assignment_runs import STALE_AFTER, RunState, run_state
from townhall.consult.services.themes import current_themes, save_correction, save_themes
from townhall.problems import InvalidInputError, Problem


@pytest.fixture
def themed(demo_service: Service) -> tuple[Service, str, int]:
    """The demo with sample answers and three candidate themes found; the themes page and the
    question's id."""
    with demo_service.session() as session, session.begin():
        consultation = session.scalars(select(Consultation)).one()
        question = add_answers(session, consultation)
        home = f"/staff/consultations/{consultation.id}/questions/{question.id}/themes"
        question_id = question.id
    officer = demo_service.signed_in("officer@example.org")
    assert post_form(officer, home, f"{home}/candidates", {"topics": "3"}).status_code == 303  # type: ignore[attr-defined]
    return demo_service, home, question_id


def _row(service: Service, question_id: int) -> ThemeSetRecord:
    with service.session() as session:
        found = session.scalars(
            select(ThemeSetRecord).where(ThemeSetRecord.question_id == question_id)
        ).one()
        session.expunge(found)
        return found


def _actions(service: Service) -> list[str]:
    with service.session() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _assigned(service: Service, question_id: int) -> int:
    with service.session() as session:
        answers = select(Answer.id).where(Answer.question_id == question_id)
        return len(
            session.scalars(
                select(AnswerStance.answer_id).where(AnswerStance.answer_id.in_(answers))
            ).all()
        )


def _mark_under_way(service: Service, question_id: int, silent_for: timedelta) -> None:
    """As if a run had begun and last reported `silent_for` ago."""
    then = utc_now() - silent_for
    with service.session() as session, session.begin():
        row = session.scalars(
            select(ThemeSetRecord).where(ThemeSetRecord.question_id == question_id)
        ).one()
        row.assigning_since, row.assignment_heard_at = then, then
        row.assignment_stage = "Learning the themes (4 of 11)"


def test_a_run_reports_its_stages_and_finishes(
    themed: tuple[Service, str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    service, home, question_id = themed
    stages: list[str] = []
    original = assignment_runs.compute_assignment

    def watched(*args: Any) -> Any:
        *given, say = args

        def saying(stage: str) -> None:
            stages.append(stage)
            say(stage)
            assert _row(service, question_id).assignment_stage == stage  # written as it goes

        return original(*given, saying)

    monkeypatch.setattr(assignment_runs, "compute_assignment", watched)
    officer = service.signed_in("officer@example.org")
    assert post_form(officer, home, f"{home}/assign", {}).status_code == 303  # type: ignore[attr-defined]
    assert stages[0].startswith("Reading the answers")
    assert "Learning the themes (3 of 3)" in stages
    assert stages[-1] == "Reading each answer's stance"
    row = _row(service, question_id)
    assert row.assigned_at is not None
    assert (row.assigning_since, row.assignment_stage, row.assignment_error) == (None, None, None)
    assert _actions(service)[-2:] == ["begin assigning themes", "assign themes"]
    page = officer.get(home).text
    assert "Answers were last assigned" in page
    assert "Check progress" not in page


def test_while_a_run_is_under_way_the_page_shows_its_stage_and_no_second_starts(
    themed: tuple[Service, str, int],
) -> None:
    service, home, question_id = themed
    _mark_under_way(service, question_id, timedelta(seconds=20))
    officer = service.signed_in("officer@example.org")
    page = officer.get(home).text
    assert "Assigning answers to these themes" in page
    assert "Learning the themes (4 of 11)." in page
    assert "Check progress" in page
    assert "Assign answers to these themes</button>" not in page
    before = _row(service, question_id).assigning_since
    actions = _actions(service)
    assert post_form(officer, home, f"{home}/assign", {}).status_code == 303  # type: ignore[attr-defined]
    assert _row(service, question_id).assigning_since == before
    assert _actions(service) == actions  # nothing begun, nothing audited
    assert _assigned(service, question_id) == 0


def test_a_run_silent_too_long_has_stopped_and_another_may_start(
    themed: tuple[Service, str, int],
) -> None:
    service, home, question_id = themed
    _mark_under_way(service, question_id, STALE_AFTER + timedelta(seconds=1))
    officer = service.signed_in("officer@example.org")
    page = officer.get(home).text
    assert "stopped without finishing" in page
    assert "Check progress" not in page
    assert post_form(officer, home, f"{home}/assign", {}).status_code == 303  # type: ignore[attr-defined]
    assert _assigned(service, question_id) > 0
    assert "stopped without finishing" not in officer.get(home).text


def _meanwhile(
    service: Service, monkeypatch: pytest.MonkeyPatch, change: Callable[[Session], None]
) -> None:
    """Make `change` in a writing session of its own while the next run trains."""
    original = assignment_runs.compute_assignment

    def changed_meanwhile(*args: Any) -> Any:
        run = original(*args)
        with service.session() as session, session.begin():
            change(session)
        return run

    monkeypatch.setattr(assignment_runs, "compute_assignment", changed_meanwhile)


def test_themes_changed_during_a_run_store_nothing(
    themed: tuple[Service, str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    service, home, question_id = themed
    original = assignment_runs.compute_assignment

    def add_one(session: Session) -> None:
        question = session.get(Question, question_id)
        assert question is not None
        themes = current_themes(session, question)
        assert themes is not None
        save_themes(session, question, add_theme(themes, Theme(key="new", label="New")))

    _meanwhile(service, monkeypatch, add_one)
    officer = service.signed_in("officer@example.org")
    assert post_form(officer, home, f"{home}/assign", {}).status_code == 303  # type: ignore[attr-defined]
    assert _assigned(service, question_id) == 0
    page = officer.get(home).text
    assert "The last assignment stored nothing." in page
    assert assignment_runs.CHANGED in page
    assert _actions(service)[-1] == "assign themes: nothing stored"
    monkeypatch.setattr(assignment_runs, "compute_assignment", original)
    assert post_form(officer, home, f"{home}/assign", {}).status_code == 303  # type: ignore[attr-defined]
    assert "The last assignment stored nothing." not in officer.get(home).text


def test_a_correction_made_during_a_run_stays_the_answers_reading(
    themed: tuple[Service, str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    service, home, question_id = themed
    with service.session() as session:
        answer_id = session.scalars(
            select(Answer.id).where(Answer.question_id == question_id).order_by(Answer.id)
        ).first()
        assert answer_id is not None
        keys = current_themes(session, session.get(Question, question_id)).keys  # type: ignore[arg-type,union-attr]

    def correct_one(session: Session) -> None:
        answer = session.get(Answer, answer_id)
        officer = session.scalars(select(User).where(User.role == "officer")).first()
        assert answer is not None and officer is not None
        save_correction(session, answer, [keys[-1]], "mixed", officer)

    _meanwhile(service, monkeypatch, correct_one)
    officer = service.signed_in("officer@example.org")
    assert post_form(officer, home, f"{home}/assign", {}).status_code == 303  # type: ignore[attr-defined]
    with service.session() as session:
        themes = session.scalars(
            select(ThemeAssignment.theme_key).where(ThemeAssignment.answer_id == answer_id)
        ).all()
        stance = session.get(AnswerStance, answer_id)
    assert list(themes) == [keys[-1]]
    assert stance is not None and (stance.stance, stance.corrected) == ("mixed", True)
    assert _assigned(service, question_id) > 1


def test_a_run_that_fails_says_so_and_logs_why(
    themed: tuple[Service, str, int],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    service, home, question_id = themed

    def broken(*args: Any) -> Any:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(assignment_runs, "compute_assignment", broken)
    officer = service.signed_in("officer@example.org")
    with caplog.at_level(logging.ERROR, logger=assignment_runs.__name__):
        assert post_form(officer, home, f"{home}/assign", {}).status_code == 303  # type: ignore[attr-defined]
    assert "the disk is full" in caplog.text
    page = officer.get(home).text
    assert "Assigning answers failed unexpectedly" in page
    assert "the disk is full" not in page  # the log has the details, the page does not
    assert "Assign answers to these themes</button>" in page
    assert _assigned(service, question_id) == 0


def test_run_state_reads_the_row() -> None:
    now = utc_now()
    assert run_state(None, now) == RunState()
    row = ThemeSetRecord(question_id=1, definition="")
    assert run_state(row, now) == RunState()
    row.assigning_since = now - timedelta(minutes=30)
    row.assignment_heard_at = now - STALE_AFTER + timedelta(seconds=1)
    row.assignment_stage = "Reading each answer's stance"
    assert run_state(row, now) == RunState(
        since=row.assigning_since, stage="Reading each answer's stance"
    )
    row.assignment_heard_at = now - STALE_AFTER
    assert run_state(row, now) == RunState(stopped_since=row.assigning_since)
    row.assigning_since = row.assignment_heard_at = None
    row.assignment_error = "why"
    assert run_state(row, now) == RunState(error="why")


def test_a_long_account_of_a_library_problem_is_kept_shortened(
    themed: tuple[Service, str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    service, home, question_id = themed
    far = "/srv/" + "deeply/nested/" * 60 + "library.csv"

    def unreadable(*args: Any) -> Any:
        raise InvalidInputError([Problem(far, "file", "", "an existing CSV file")] * 3)

    monkeypatch.setattr(assignment_runs, "compute_assignment", unreadable)
    officer = service.signed_in("officer@example.org")
    assert post_form(officer, home, f"{home}/assign", {}).status_code == 303  # type: ignore[attr-defined]
    error = _row(service, question_id).assignment_error
    assert error is not None and len(error) == assignment_runs.ERROR_MAX
    assert error.startswith("The theme set's library cannot be read: /srv/deeply/")
