"""Exports of responses for officers: CSV and Excel, one row per response, laid out for a
spreadsheet: one column per question with one answer, one column per option of a multiple-choice
question (1 chosen, 0 not, blank when the question was not answered), one column per option of a
ranking (its rank), the resident's own words for "Other" in a column of their own, and for a
free-text question with themes one column per theme (1 or 0, blank until the answer is read) and
one for the stance. A question a response was routed past reads "(not asked)"; one asked and left
blank is empty. An organisation's name has a column of its own.

E-mail addresses are never exported (they are only for receipts); cells are made safe by the shared
writers in `townhall.reports` (a formula-like text cell is inert in CSV and in Excel). The database
lays the answers out: one grouped query gives one row per response with a column per option, so
50,000 responses export in seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import ColumnElement, and_, case, func, or_, select
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
from townhall.consult.services.routing import shown_by_response
from townhall.consult.services.themes import current_themes
from townhall.consult.services.versions import version_seen
from townhall.reports.csv_files import frame_csv_text
from townhall.reports.excel import workbook_bytes

# The cell of a question a response was routed past, unlike an empty one asked and left blank.
NOT_ASKED = "(not asked)"

RESPONSE_COLUMNS = {
    "reference": pl.String,
    "submitted_at": pl.String,
    "respondent_type": pl.String,
    "organisation_name": pl.String,
    "ward": pl.String,
    "version_seen": pl.Int64,
    "how_it_came": pl.String,
    "entered_by": pl.String,
    "received_on": pl.String,
}


@dataclass(frozen=True)
class Column:
    """One answer column: its heading, the value it takes from one response's answers (an
    aggregate over them), whether that is a number, and for a single answer its options' labels."""

    header: str
    value: ColumnElement[Any]
    numeric: bool
    labels: dict[int, str] | None = None


def _question_columns(question: Question) -> list[Column]:
    """The columns one question fills."""
    name = f"Q{question.position}. {question.prompt}"
    asked = Answer.question_id == question.id
    if question.kind in TYPED_KINDS:
        return [Column(name, func.max(case((asked, Answer.text))), numeric=False)]
    if question.kind == "ranking":
        return [
            Column(
                f"{name} [rank: {choice.label}]",
                func.max(case((and_(asked, Answer.choice_id == choice.id), Answer.rank))),
                numeric=True,
            )
            for choice in question.choices
        ]
    if question.kind == "multiple":
        columns = [
            Column(
                f"{name} [{choice.label}]",
                func.max(case((Answer.choice_id == choice.id, 1), (asked, 0))),
                numeric=True,
            )
            for choice in question.choices
        ]
    else:
        labels = {choice.id: choice.label for choice in question.choices}
        columns = [Column(name, func.max(case((asked, Answer.choice_id))), False, labels)]
    return columns + [
        Column(
            f"{name} [{choice.label}: details]",
            func.max(case((Answer.choice_id == choice.id, Answer.text))),
            numeric=False,
        )
        for choice in question.choices
        if choice.is_other
    ]


def _answer_columns(session: Session, consultation: Consultation) -> pl.DataFrame:
    """One row per response, oldest first: who, when, how, the version seen, and every answer
    column, grouped in the database."""
    columns = [column for q in consultation.questions for column in _question_columns(q)]
    text_answer_ids = [
        func.max(case((Answer.question_id == q.id, Answer.id))).label(f"answer_{q.id}")
        for q in consultation.questions
        if q.kind == "text"
    ]
    rows = (
        session.connection()
        .execute(
            select(
                Response.id,
                Response.submitted_at,
                Response.reference,
                Response.respondent_type,
                Response.ward_id,
                Response.channel,
                Response.entered_by,
                Response.received_on,
                Response.organisation_name,
                *(column.value for column in columns),
                *text_answer_ids,
            )
            .outerjoin(Answer, Answer.response_id == Response.id)
            .where(Response.consultation_id == consultation.id)
            .group_by(Response.id)
            .order_by(Response.id)
        )
        .all()
    )
    wards = dict(session.execute(select(Ward.id, Ward.name)).all())
    schema = {
        "id": pl.Int64,
        **RESPONSE_COLUMNS,
        **{c.header: pl.Int64 if c.numeric or c.labels else pl.String for c in columns},
        **{answer.name: pl.Int64 for answer in text_answer_ids},
    }
    frame = pl.DataFrame(
        [
            (
                row[0],
                row[2],
                row[1].strftime("%Y-%m-%d %H:%M"),
                RESPONDENT_TYPES.get(row[3], row[3]),
                row[8] or None,
                wards.get(row[4]) if row[4] else None,
                version_seen(consultation.versions, row[1]),
                *row[5:7],
                row[7].isoformat() if row[7] else None,
                *row[9:],
            )
            for row in rows
        ],
        schema=schema,
        orient="row",
    )
    return frame.with_columns(
        pl.col(c.header).replace_strict(c.labels, default=None, return_dtype=pl.String)
        for c in columns
        if c.labels is not None
    )


def _readings(
    session: Session, question: Question, themes: Sequence[tuple[str, str]]
) -> pl.DataFrame:
    """Each answer to a free-text question that has been read: 1/0 per theme and its stance."""
    name = f"Q{question.position}. {question.prompt}"
    headers = [f"{name} [theme: {label}]" for _, label in themes]
    rows = (
        session.connection()
        .execute(
            select(
                Answer.id,
                *(
                    func.max(case((ThemeAssignment.theme_key == key, 1), else_=0))
                    for key, _ in themes
                ),
                func.max(AnswerStance.stance),
            )
            .outerjoin(ThemeAssignment, ThemeAssignment.answer_id == Answer.id)
            .outerjoin(AnswerStance, AnswerStance.answer_id == Answer.id)
            .where(
                Answer.question_id == question.id,
                or_(ThemeAssignment.answer_id.is_not(None), AnswerStance.answer_id.is_not(None)),
            )
            .group_by(Answer.id)
        )
        .all()
    )
    schema = {
        f"answer_{question.id}": pl.Int64,
        **dict.fromkeys(headers, pl.Int64),
        f"{name} [stance]": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def response_table(session: Session, consultation: Consultation) -> pl.DataFrame:
    """One row per response, oldest first, and its answers question by question (each
    free-text question with themes followed by its theme and stance columns)."""
    table = _answer_columns(session, consultation)
    order: list[str] = list(RESPONSE_COLUMNS)
    for question in consultation.questions:
        headers = [column.header for column in _question_columns(question)]
        order += headers
        themes = current_themes(session, question) if question.kind == "text" else None
        if themes is not None:
            read = _readings(session, question, [(t.key, t.label) for t in themes.themes])
            table = table.join(read, on=f"answer_{question.id}", how="left", maintain_order="left")
            order += read.columns[1:]
    return _marked_not_asked(session, consultation, table).select(order)


def _marked_not_asked(
    session: Session, consultation: Consultation, table: pl.DataFrame
) -> pl.DataFrame:
    """Each answer column of a question a response was routed past reads "(not asked)"; a
    question asked and left blank stays empty."""
    conditional = [q for q in consultation.questions if q.shown_if]
    if not conditional or table.is_empty():
        return table
    shown = shown_by_response(
        session,
        consultation,
        select(Response.id).where(Response.consultation_id == consultation.id),
    )
    routed_past = {
        question.id: [response for response, asked in shown.items() if question.id not in asked]
        for question in conditional
    }
    return table.with_columns(
        pl.when(pl.col("id").is_in(routed_past[question.id]))
        .then(pl.lit(NOT_ASKED))
        .otherwise(pl.col(column.header).cast(pl.String))
        .alias(column.header)
        for question in conditional
        if routed_past[question.id]
        for column in _question_columns(question)
    )


def responses_csv(session: Session, consultation: Consultation) -> str:
    """Responses as CSV text."""
    return frame_csv_text(response_table(session, consultation))


def responses_xlsx(session: Session, consultation: Consultation) -> bytes:
    """Responses as an Excel workbook: numbers (ranks, 1/0, versions) as numbers, every other
    cell as text, never a formula."""
    return workbook_bytes({"Responses": response_table(session, consultation)})
