"""Exports of responses for officers: CSV and Excel, one row per response, laid out for a
spreadsheet: one column per question with one answer, one column per option of a multiple-choice
question (1 chosen, 0 not, blank when the question was not answered), one column per option of a
ranking (its rank), the resident's own words for "Other" in a column of their own, and for a
free-text question with themes one column per theme (1 or 0) and one for the stance.

E-mail addresses are never exported (they are only for receipts); cells are made safe by the shared
writers in `townhall.reports` (a formula-like text cell is inert in CSV and in Excel). Everything is
read with one query per table, as plain rows, so 50,000 responses export in seconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from townhall.consult.models import (
    Answer,
    AnswerStance,
    Consultation,
    Question,
    Response,
    ThemeAssignment,
    Ward,
)
from townhall.consult.rules.questions import TYPED_KINDS
from townhall.consult.rules.respondents import RESPONDENT_TYPES
from townhall.consult.services.themes import current_themes
from townhall.consult.services.versions import version_seen
from townhall.reports.csv_files import csv_text
from townhall.reports.excel import workbook_bytes

Cell = str | int | None


@dataclass(frozen=True)
class Given:
    """One stored answer row: the option chosen (or None), its rank, the text typed, its id."""

    answer_id: int
    choice_id: int | None
    rank: int | None
    text: str | None


@dataclass(frozen=True)
class Column:
    """One column of the export: its heading, whether it holds numbers, and how a response's
    answers to its question fill it."""

    header: str
    numeric: bool
    question_id: int | None
    cell: Callable[[list[Given]], Cell]


RESPONSE_COLUMNS = (
    "reference",
    "submitted_at",
    "respondent_type",
    "ward",
    "version_seen",
    "how_it_came",
    "entered_by",
    "received_on",
)


def _chosen_label(labels: dict[int, str]) -> Callable[[list[Given]], Cell]:
    return lambda given: next(
        (labels[row.choice_id] for row in given if row.choice_id in labels), None
    )


def _chosen(choice_id: int) -> Callable[[list[Given]], Cell]:
    return lambda given: int(any(row.choice_id == choice_id for row in given)) if given else None


def _rank(choice_id: int) -> Callable[[list[Given]], Cell]:
    return lambda given: next((row.rank for row in given if row.choice_id == choice_id), None)


def _details(choice_id: int) -> Callable[[list[Given]], Cell]:
    return lambda given: next(
        (row.text for row in given if row.choice_id == choice_id and row.text), None
    )


def _has_theme(key: str, readings: dict[int, set[str]]) -> Callable[[list[Given]], Cell]:
    return lambda given: int(key in readings.get(given[0].answer_id, set())) if given else None


def _typed(given: list[Given]) -> Cell:
    return next((row.text for row in given if row.text is not None), None)


def _question_columns(
    question: Question,
    themes: Sequence[tuple[str, str]],
    readings: dict[int, set[str]],
    stances: dict[int, str],
) -> list[Column]:
    """The columns one question fills, with `themes` (key, label) for a free-text question."""
    name = f"Q{question.position}. {question.prompt}"
    qid = question.id
    if question.kind in TYPED_KINDS:
        columns = [Column(name, False, qid, _typed)]
        for key, label in themes:
            columns.append(Column(f"{name} [theme: {label}]", True, qid, _has_theme(key, readings)))
        if themes:
            columns.append(
                Column(
                    f"{name} [stance]",
                    False,
                    qid,
                    lambda given: stances.get(given[0].answer_id) if given else None,
                )
            )
        return columns
    if question.kind == "ranking":
        return [
            Column(f"{name} [rank: {choice.label}]", True, qid, _rank(choice.id))
            for choice in question.choices
        ]
    if question.kind == "multiple":
        columns = [
            Column(f"{name} [{choice.label}]", True, qid, _chosen(choice.id))
            for choice in question.choices
        ]
    else:
        labels = {choice.id: choice.label for choice in question.choices}
        columns = [Column(name, False, qid, _chosen_label(labels))]
    columns += [
        Column(f"{name} [{choice.label}: details]", False, qid, _details(choice.id))
        for choice in question.choices
        if choice.is_other
    ]
    return columns


def _theme_readings(
    session: Session, consultation: Consultation
) -> tuple[dict[int, list[tuple[str, str]]], dict[int, set[str]], dict[int, str]]:
    """Each free-text question's themes (key, label) in their curated order, each answer's
    assigned theme keys and each answer's stance."""
    themes: dict[int, list[tuple[str, str]]] = {}
    for question in consultation.questions:
        if question.kind == "text" and (found := current_themes(session, question)) is not None:
            themes[question.id] = [(theme.key, theme.label) for theme in found.themes]
    readings: dict[int, set[str]] = defaultdict(set)
    stances: dict[int, str] = {}
    if not themes:
        return themes, readings, stances
    answers = (
        select(Answer.id)
        .join(Response)
        .where(Response.consultation_id == consultation.id, Answer.question_id.in_(list(themes)))
    )
    for answer_id, key in session.execute(
        select(ThemeAssignment.answer_id, ThemeAssignment.theme_key).where(
            ThemeAssignment.answer_id.in_(answers)
        )
    ):
        readings[answer_id].add(key)
    stances = dict(
        session.execute(
            select(AnswerStance.answer_id, AnswerStance.stance).where(
                AnswerStance.answer_id.in_(answers)
            )
        ).all()
    )
    return themes, readings, stances


def response_table(
    session: Session, consultation: Consultation
) -> tuple[list[Column], list[list[Cell]]]:
    """The columns and one row per response, oldest first: who, when, how it came and which
    version of the consultation they saw, then the answers question by question."""
    themes, readings, stances = _theme_readings(session, consultation)
    columns = [
        Column(header, header == "version_seen", None, _typed) for header in RESPONSE_COLUMNS
    ]
    for question in consultation.questions:
        columns += _question_columns(question, themes.get(question.id, []), readings, stances)
    answers: dict[int, dict[int, list[Given]]] = defaultdict(lambda: defaultdict(list))
    for response_id, question_id, *stored in session.execute(
        select(Answer.response_id, Answer.question_id, Answer.id, Answer.choice_id)
        .add_columns(Answer.rank, Answer.text)
        .join(Response)
        .where(Response.consultation_id == consultation.id)
        .order_by(Answer.id)
    ):
        answers[response_id][question_id].append(Given(*stored))
    wards = dict(session.execute(select(Ward.id, Ward.name)).tuples().all())
    answer_columns = columns[len(RESPONSE_COLUMNS) :]
    rows: list[list[Cell]] = []
    for response in session.execute(
        select(
            Response.id,
            Response.reference,
            Response.submitted_at,
            Response.respondent_type,
            Response.ward_id,
            Response.channel,
            Response.entered_by,
            Response.received_on,
        )
        .where(Response.consultation_id == consultation.id)
        .order_by(Response.id)
    ):
        by_question = answers.pop(response.id, {})
        rows.append(
            [
                response.reference,
                response.submitted_at.strftime("%Y-%m-%d %H:%M"),
                RESPONDENT_TYPES.get(response.respondent_type, response.respondent_type),
                wards.get(response.ward_id, "") if response.ward_id else "",
                version_seen(consultation.versions, response.submitted_at),
                response.channel,
                response.entered_by or "",
                response.received_on.isoformat() if response.received_on else "",
            ]
            + [
                column.cell(by_question.get(column.question_id or 0, []))
                for column in answer_columns
            ]
        )
    return columns, rows


def responses_csv(session: Session, consultation: Consultation) -> str:
    """Responses as CSV text."""
    columns, rows = response_table(session, consultation)
    return csv_text([column.header for column in columns], rows)


def responses_xlsx(session: Session, consultation: Consultation) -> bytes:
    """Responses as an Excel workbook: numbers (ranks, 1/0, versions) as numbers, every other
    cell as text, never a formula."""
    columns, rows = response_table(session, consultation)
    schema = {column.header: pl.Int64 if column.numeric else pl.String for column in columns}
    table = pl.DataFrame(rows, schema=schema, orient="row")
    return workbook_bytes({"Responses": table})
