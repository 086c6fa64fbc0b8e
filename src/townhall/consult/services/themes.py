"""Themes for a free-text question in the database: the curated set, corrections, assignment runs.

The analysis engine does the work (candidates, training, assignment, stance, near-duplicates); this
module only reads answers and officers' corrections from the database and stores what it returns.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import count
from pathlib import Path

from sqlalchemy import ScalarSelect, delete, insert, select
from sqlalchemy.orm import Session

from townhall.consult.analysis.assignment import assign_themes, train_theme_model
from townhall.consult.analysis.candidates import candidate_theme_set, candidate_themes
from townhall.consult.analysis.duplicates import Duplicates, duplicate_groups
from townhall.consult.analysis.embeddings import installed_encoder
from townhall.consult.analysis.library import library_answers, with_library_resolved
from townhall.consult.analysis.library_vectors import remember_library
from townhall.consult.analysis.records import STANCES, Correction, Stance, split_themes
from townhall.consult.analysis.stance import predict_stances, train_stance_model
from townhall.consult.analysis.themeset import ThemeSet, load_theme_set, theme_set_toml
from townhall.consult.models import (
    Answer,
    AnswerStance,
    Question,
    ThemeAssignment,
    ThemeCorrection,
    ThemeSetRecord,
    User,
    utc_now,
)
from townhall.problems import InvalidInputError


@dataclass(frozen=True)
class AnswerReading:
    """One answer as officers see it: its text, themes with confidence, stance, whether corrected."""

    answer_id: int
    text: str
    themes: list[tuple[str, float]]
    stance: str | None
    corrected: bool


def question_answers(session: Session, question: Question) -> list[tuple[int, str]]:
    """Every non-blank free-text answer to the question, oldest first, as (answer id, text)."""
    rows = session.execute(
        select(Answer.id, Answer.text)
        .where(Answer.question_id == question.id, Answer.text.is_not(None))
        .order_by(Answer.id)
    ).all()
    return [(answer_id, text) for answer_id, text in rows if text and text.strip()]


def stored_theme_set(session: Session, question: Question) -> ThemeSetRecord | None:
    """The stored theme set row of the question, if officers have made one."""
    return session.scalar(select(ThemeSetRecord).where(ThemeSetRecord.question_id == question.id))


def current_themes(session: Session, question: Question) -> ThemeSet | None:
    """The question's curated theme set, if there is one."""
    record = stored_theme_set(session, question)
    if record is None:
        return None
    return ThemeSet.model_validate(tomllib.loads(record.definition))


def save_themes(
    session: Session,
    question: Question,
    themes: ThemeSet,
    mapping: dict[str, str | None] | None = None,
    unread: frozenset[str] = frozenset(),
) -> None:
    """Store a new theme set; corrections follow `mapping` (old key -> new key, None: dropped),
    and a correction naming a theme in `unread` (split, or replaced) keeps only its stance.

    Earlier assignments are cleared unless only labels changed (`mapping` None and same keys),
    because they were made under other themes; officers assign again.
    """
    old = current_themes(session, question)
    old_keys = old.keys if old is not None else []
    record = stored_theme_set(session, question)
    if record is None:
        record = ThemeSetRecord(question_id=question.id, definition="")
        session.add(record)
    record.definition = theme_set_toml(themes)
    record.updated_at = utc_now()
    if mapping is not None or old_keys != themes.keys:
        _remap_corrections(session, question, mapping or {}, set(themes.keys), unread)
        session.execute(
            delete(ThemeAssignment).where(ThemeAssignment.answer_id.in_(answer_ids(question)))
        )
        record.assigned_at = None


def answer_ids(question: Question) -> ScalarSelect[int]:
    """The ids of every answer to the question, as a subquery."""
    return select(Answer.id).where(Answer.question_id == question.id).scalar_subquery()


def _remap_corrections(
    session: Session,
    question: Question,
    mapping: dict[str, str | None],
    keys: set[str],
    unread: frozenset[str],
) -> None:
    """Rewrite stored corrections' theme keys after curation; keys no longer in the set go, and
    a reading that named an `unread` theme no longer says which themes apply."""
    rows = session.scalars(
        select(ThemeCorrection).where(ThemeCorrection.answer_id.in_(answer_ids(question)))
    ).all()
    for row in rows:
        if row.themes is None:
            continue
        old = split_themes(row.themes)
        if old & unread:
            row.themes = None
            continue
        themes = {mapping.get(key, key) for key in old}
        row.themes = ";".join(sorted(key for key in themes if key is not None and key in keys))


def candidate_set(session: Session, question: Question, topics: int) -> ThemeSet:
    """Candidate themes from the answers, as a theme set to curate (reads only)."""
    texts = [text for _, text in question_answers(session, question)]
    return candidate_theme_set(candidate_themes(texts, topics=topics), question.prompt)


def replace_themes(session: Session, question: Question, themes: ThemeSet) -> None:
    """Store fresh themes in place of any; corrections keep their stance, themes are read again."""
    old = current_themes(session, question)
    save_themes(session, question, themes, {}, frozenset(old.keys if old else ()))


def find_candidates(session: Session, question: Question, topics: int) -> ThemeSet:
    """Candidate themes from the answers, stored as the question's theme set (replacing any)."""
    themes = candidate_set(session, question, topics)
    replace_themes(session, question, themes)
    return themes


def curated_description(path: Path) -> str:
    """How a curated theme set is offered to officers: its question, themes and library (read
    again only when the file changes; a file gone or broken since the service started says so)."""
    try:
        status = path.stat()
    except OSError:
        return f"{path.stem} (cannot be read now: the file is missing)"
    return _described(path, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=64)
def _described(path: Path, modified: int, size: int) -> str:
    """The description of the theme-set file as it was when last modified at that size."""
    try:
        themes = load_theme_set(path)
    except InvalidInputError:
        return f"{path.stem} (cannot be read now: the file has changed)"
    about = f": {themes.question}" if themes.question else ""
    library = len(themes.library)
    learned = (
        f", learning from {library} labelled set{'s' if library != 1 else ''}" if library else ""
    )
    return f"{path.stem}{about} ({len(themes.themes)} themes{learned})"


def use_curated(session: Session, question: Question, path: Path) -> ThemeSet:
    """Store a curated theme set as the question's themes (replacing any), its library named by
    absolute paths: the set is kept in the database, away from its file."""
    themes = with_library_resolved(load_theme_set(path), path)
    replace_themes(session, question, themes)
    return themes


def stored_corrections(session: Session, question: Question) -> list[Correction]:
    """Officers' corrections to the question's answers, as the analysis engine reads them."""
    rows = session.execute(
        select(ThemeCorrection, Answer.text)
        .join(Answer, Answer.id == ThemeCorrection.answer_id)
        .where(Answer.question_id == question.id)
        .order_by(ThemeCorrection.answer_id)
    ).all()
    return [
        Correction(
            str(row.answer_id),
            text or "",
            split_themes(row.themes) if row.themes is not None else None,
            _stance(row.stance),
        )
        for row, text in rows
    ]


def _stance(value: str | None) -> Stance | None:
    return next((stance for stance in STANCES if stance == value), None)


def save_correction(
    session: Session, answer: Answer, themes: list[str], stance: Stance | None, user: User
) -> None:
    """Keep an officer's reading of an answer; it wins now and trains the next assignment."""
    row = session.get(ThemeCorrection, answer.id)
    if row is None:
        row = ThemeCorrection(answer_id=answer.id, corrected_by=user.email)
        session.add(row)
    row.themes = ";".join(sorted(set(themes)))
    row.stance = stance
    row.corrected_by = user.email
    row.corrected_at = utc_now()
    session.execute(delete(ThemeAssignment).where(ThemeAssignment.answer_id == answer.id))
    if themes:
        session.execute(
            insert(ThemeAssignment),
            [{"answer_id": answer.id, "theme_key": key, "confidence": 1.0} for key in set(themes)],
        )
    if stance is not None:
        reading = session.get(AnswerStance, answer.id)
        if reading is None:
            session.add(AnswerStance(answer_id=answer.id, stance=stance, corrected=True))
        else:
            reading.stance, reading.corrected = stance, True


@dataclass(frozen=True)
class AssignmentRun:
    """The result of one assignment run, ready to store: theme rows and stance rows."""

    themes: list[dict[str, object]]
    stances: list[dict[str, object]]
    answers: int
    library: int = 0
    """How many labelled answers of the theme set's library were trained on."""


def compute_assignment(
    session: Session,
    question: Question,
    themes: ThemeSet,
    progress: Callable[[str], None] | None = None,
) -> AssignmentRun:
    """Train on the theme set and corrections and assign every answer (reads only, so the
    slow part holds no write lock); `progress` is told each stage in words."""
    say = progress or (lambda stage: None)
    say("Reading the answers, the corrections and the theme set's library")
    answers = question_answers(session, question)
    ids = [str(answer_id) for answer_id, _ in answers]
    texts = [text for _, text in answers]
    corrections = stored_corrections(session, question)
    library = library_answers(themes)
    training = [*library, *corrections]
    say("Reading the library's sentence vectors")
    remember_library(installed_encoder(), [answer.text for answer in library])
    say(f"Learning the themes (0 of {len(themes.themes)})")
    learnt = count(1)

    def theme_learnt(key: str) -> None:
        say(f"Learning the themes ({next(learnt)} of {len(themes.themes)})")

    model = train_theme_model(themes, training, background=texts, progress=theme_learnt)
    say(f"Assigning {len(texts):,} answers to the themes")
    assigned = assign_themes(model, ids, texts)
    say("Reading each answer's stance")
    stances = predict_stances(train_stance_model(training), texts)
    theme_rows: list[dict[str, object]] = [
        {
            "answer_id": int(ids[row]),
            "theme_key": key,
            "confidence": float(assigned.confidence[row, column]),
        }
        for row in range(len(ids))
        for column, key in enumerate(assigned.keys)
        if assigned.assigned[row, column]
    ]
    stance_rows: list[dict[str, object]] = [
        {"answer_id": int(answer_id), "stance": stance, "corrected": False}
        for answer_id, stance in zip(ids, stances, strict=True)
    ]
    return AssignmentRun(theme_rows, stance_rows, len(ids), len(training) - len(corrections))


def store_assignment(session: Session, question: Question, run: AssignmentRun) -> None:
    """Replace the question's stored themes and stances with those of `run`, the officers'
    corrections as they stand now (made while the run trained too) deciding the answers they name."""
    corrections = stored_corrections(session, question)
    themed = {int(c.answer_id): c.themes for c in corrections if c.themes is not None}
    theme_rows = [row for row in run.themes if row["answer_id"] not in themed]
    theme_rows += [
        {"answer_id": answer_id, "theme_key": key, "confidence": 1.0}
        for answer_id, keys in themed.items()
        for key in sorted(keys)
    ]
    stance_rows = {row["answer_id"]: row for row in run.stances}
    for correction in corrections:
        if correction.stance is not None:
            answer_id = int(correction.answer_id)
            stance_rows[answer_id] = {
                "answer_id": answer_id,
                "stance": correction.stance,
                "corrected": True,
            }
    session.execute(
        delete(ThemeAssignment).where(ThemeAssignment.answer_id.in_(answer_ids(question)))
    )
    session.execute(delete(AnswerStance).where(AnswerStance.answer_id.in_(answer_ids(question))))
    if theme_rows:
        session.execute(insert(ThemeAssignment), theme_rows)
    if stance_rows:
        session.execute(insert(AnswerStance), list(stance_rows.values()))
    record = stored_theme_set(session, question)
    if record is not None:
        record.assigned_at = utc_now()


def assign_answers(session: Session, question: Question, themes: ThemeSet) -> int:
    """Assign every answer and store the result in `session` (for scripts and tests)."""
    run = compute_assignment(session, question, themes)
    store_assignment(session, question, run)
    return run.answers


def theme_counts(session: Session, question: Question) -> Counter[str]:
    """How many answers each theme was assigned to."""
    rows = session.scalars(
        select(ThemeAssignment.theme_key).where(ThemeAssignment.answer_id.in_(answer_ids(question)))
    ).all()
    return Counter(rows)


def stance_counts(session: Session, question: Question) -> Counter[str]:
    """How many answers read as supporting, opposing, mixed or unclear."""
    rows = session.scalars(
        select(AnswerStance.stance).where(AnswerStance.answer_id.in_(answer_ids(question)))
    ).all()
    return Counter(rows)


def answer_readings(
    session: Session, question: Question, theme: str | None = None
) -> list[AnswerReading]:
    """Every answer with its themes, stance and whether an officer corrected it (one theme's only, if given)."""
    themes: dict[int, list[tuple[str, float]]] = {}
    for answer_id, key, confidence in session.execute(
        select(ThemeAssignment.answer_id, ThemeAssignment.theme_key, ThemeAssignment.confidence)
        .where(ThemeAssignment.answer_id.in_(answer_ids(question)))
        .order_by(ThemeAssignment.theme_key)
    ):
        themes.setdefault(answer_id, []).append((key, confidence))
    stances = dict(
        session.execute(
            select(AnswerStance.answer_id, AnswerStance.stance).where(
                AnswerStance.answer_id.in_(answer_ids(question))
            )
        ).all()
    )
    corrected = set(
        session.scalars(
            select(ThemeCorrection.answer_id).where(
                ThemeCorrection.answer_id.in_(answer_ids(question))
            )
        )
    )
    return [
        AnswerReading(
            answer_id,
            text,
            themes.get(answer_id, []),
            stances.get(answer_id),
            answer_id in corrected,
        )
        for answer_id, text in question_answers(session, question)
        if theme is None or any(key == theme for key, _ in themes.get(answer_id, []))
    ]


def near_duplicates(
    session: Session, question: Question, threshold: float
) -> tuple[list[tuple[int, str]], Duplicates]:
    """The question's answers and their groups of (nearly) identical texts; nothing is removed."""
    answers = question_answers(session, question)
    return answers, duplicate_groups([text for _, text in answers], threshold=threshold)


def reading_of(session: Session, answer: Answer) -> AnswerReading:
    """One answer's themes with confidence, stance, and whether an officer corrected it."""
    themes = session.execute(
        select(ThemeAssignment.theme_key, ThemeAssignment.confidence)
        .where(ThemeAssignment.answer_id == answer.id)
        .order_by(ThemeAssignment.theme_key)
    ).all()
    stance = session.get(AnswerStance, answer.id)
    return AnswerReading(
        answer.id,
        answer.text or "",
        [(key, confidence) for key, confidence in themes],
        stance.stance if stance else None,
        session.get(ThemeCorrection, answer.id) is not None,
    )
