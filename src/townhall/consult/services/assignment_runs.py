"""Assigning a question's answers after the officer's request has been answered.

Training on a theme set's library takes from seconds to a minute, longer than a page should wait,
so the request only marks a run as begun (`begin_run`) and the run (`run_assignment`) works in its
own sessions afterwards, writing its stage on the question's theme-set row for the page to show.
A run that has said nothing for STALE_AFTER has stopped (the service restarted, say), and officers
may start another; a run whose themes changed under it stores nothing and says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from townhall.consult.audit import record
from townhall.consult.models import Question, ThemeSetRecord, User, in_utc, utc_now
from townhall.consult.services.themes import (
    compute_assignment,
    current_themes,
    store_assignment,
    stored_theme_set,
)
from townhall.problems import InvalidInputError

STALE_AFTER = timedelta(minutes=5)
"""A run silent this long has stopped; its longest silent step takes well under a minute."""

STAGE_MAX = 200
"""The longest stage text kept (the column's width)."""

ERROR_MAX = 1000
"""The longest account of a failure kept (the column's width)."""

CHANGED = "The themes changed while answers were being assigned, so nothing was stored."
FAILED = (
    "Assigning answers failed unexpectedly, and nothing was stored; the service's log has the "
    "error. Try again, and tell your administrator if it fails again."
)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunState:
    """What the question's theme page says about assigning: a run under way, one that stopped
    without finishing, or why the last one stored nothing."""

    since: datetime | None = None
    """When the run under way was asked for (None: none is)."""
    stage: str = ""
    stopped_since: datetime | None = None
    """When a run that stopped without a word was asked for (None: none did)."""
    error: str | None = None


def run_state(theme_set: ThemeSetRecord | None, now: datetime) -> RunState:
    """The assignment state of a question's theme set at `now`."""
    if theme_set is None:
        return RunState()
    since = theme_set.assigning_since
    if since is not None and not _stopped(theme_set, now):
        return RunState(since=in_utc(since), stage=theme_set.assignment_stage or "")
    return RunState(
        stopped_since=in_utc(since) if since is not None else None, error=theme_set.assignment_error
    )


def _stopped(theme_set: ThemeSetRecord, now: datetime) -> bool:
    heard = theme_set.assignment_heard_at or theme_set.assigning_since
    return heard is None or now - in_utc(heard) >= STALE_AFTER


def begin_run(session: Session, question: Question) -> datetime | None:
    """Mark an assignment of the question's answers as begun, in `session`, and return when (the
    run's token); None if one is under way already. The question must have a theme set."""
    theme_set = session.scalar(
        select(ThemeSetRecord).where(ThemeSetRecord.question_id == question.id).with_for_update()
    )
    if theme_set is None:
        raise ValueError(f"question {question.id} has no theme set to assign answers to")
    now = utc_now()
    if run_state(theme_set, now).since is not None:
        return None
    theme_set.assigning_since = now
    theme_set.assignment_heard_at = now
    theme_set.assignment_stage = "Waiting to start"
    theme_set.assignment_error = None
    return now


def run_assignment(
    reader: sessionmaker[Session],
    writer: sessionmaker[Session],
    question_id: int,
    user_id: int,
    since: datetime,
) -> None:
    """Assign every answer of the question (the run begun at `since`) and store the result,
    audited as the officer's who asked; or store why nothing was stored. Never raises."""

    def say(stage: str) -> None:
        with writer() as session, session.begin():
            theme_set = _own_row(session, question_id, since)
            if theme_set is not None:
                theme_set.assignment_stage = stage[:STAGE_MAX]
                theme_set.assignment_heard_at = utc_now()

    try:
        with reader() as reading:
            question = reading.get(Question, question_id)
            stored = stored_theme_set(reading, question) if question is not None else None
            themes = current_themes(reading, question) if question is not None else None
            if question is None or stored is None or themes is None:
                return  # deleted since the officer asked: there is nothing to assign to
            definition = stored.definition
            run = compute_assignment(reading, question, themes, say)
        say("Storing the results")
        with writer() as session, session.begin():
            theme_set = _own_row(session, question_id, since)
            question = session.get(Question, question_id)
            if theme_set is None or question is None:
                return  # another run took over after this one fell silent
            if theme_set.definition != definition:
                _fail(session, theme_set, user_id, CHANGED)
                return
            store_assignment(session, question, run)
            _finish(theme_set, None)
            learned = f", learning from {run.library} library answers" if run.library else ""
            user = session.get(User, user_id)
            detail = f"{run.answers} answers{learned}"
            record(session, user, "assign themes", f"question {question_id}", detail)
    except InvalidInputError as error:  # a library file moved or changed since it was chosen
        problems = "; ".join(str(problem) for problem in error.problems[:3])
        _fail_apart(
            writer,
            question_id,
            since,
            user_id,
            f"The theme set's library cannot be read: {problems}",
        )
    except Exception:
        logger.exception("assigning the answers of question %s failed", question_id)
        _fail_apart(writer, question_id, since, user_id, FAILED)


def _own_row(session: Session, question_id: int, since: datetime) -> ThemeSetRecord | None:
    """The question's theme-set row, locked, if the run begun at `since` is still its run."""
    theme_set = session.scalar(
        select(ThemeSetRecord).where(ThemeSetRecord.question_id == question_id).with_for_update()
    )
    started = theme_set.assigning_since if theme_set is not None else None
    if started is None or in_utc(started) != in_utc(since):
        return None
    return theme_set


def _finish(theme_set: ThemeSetRecord, error: str | None) -> None:
    theme_set.assigning_since = None
    theme_set.assignment_stage = None
    theme_set.assignment_heard_at = None
    theme_set.assignment_error = error[:ERROR_MAX] if error is not None else None


def _fail(session: Session, theme_set: ThemeSetRecord, user_id: int, error: str) -> None:
    _finish(theme_set, error)
    user = session.get(User, user_id)
    record(
        session, user, "assign themes: nothing stored", f"question {theme_set.question_id}", error
    )


def _fail_apart(
    writer: sessionmaker[Session], question_id: int, since: datetime, user_id: int, error: str
) -> None:
    """Store why the run stored nothing, in a transaction of its own."""
    try:
        with writer() as session, session.begin():
            theme_set = _own_row(session, question_id, since)
            if theme_set is not None:
                _fail(session, theme_set, user_id, error)
    except Exception:  # the database itself failing: the run falls silent and is seen as stopped
        logger.exception("recording the failed assignment of question %s failed", question_id)
