"""Exports of responses for officers: CSV and Excel, one row per response, one column per question.

E-mail addresses are never exported (they are only for receipts); cells are made safe by the shared
writers in `townhall.reports` (a formula-like text cell is inert in CSV and in Excel).
"""

from __future__ import annotations

from collections import defaultdict

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from townhall.consult.models import Answer, Consultation, Response, Ward
from townhall.consult.rules.questions import TYPED_KINDS
from townhall.consult.rules.respondents import RESPONDENT_TYPES
from townhall.consult.rules.routing import shown_questions
from townhall.consult.services.routing import routed
from townhall.consult.services.versions import version_seen
from townhall.reports.csv_files import csv_text
from townhall.reports.excel import workbook_bytes

# The cell of a question a response was not asked (routing), unlike "" for one left blank.
NOT_ASKED = "(not asked)"


def response_rows(
    session: Session, consultation: Consultation
) -> tuple[list[str], list[list[str]]]:
    """The header and one row per response (answers as text; rankings as "1. X; 2. Y"), with
    the version of the consultation in force when each was sent and how it came (online, or
    paper or phone typed in by an officer). A question routed past is "(not asked)"; one asked
    and left blank is empty."""
    labels = {
        choice.id: choice.label
        for question in consultation.questions
        for choice in question.choices
    }
    wards = {ward.id: ward.name for ward in session.scalars(select(Ward))}
    responses = session.scalars(
        select(Response).where(Response.consultation_id == consultation.id).order_by(Response.id)
    ).all()
    answers: dict[int, dict[int, list[Answer]]] = defaultdict(lambda: defaultdict(list))
    for answer in session.scalars(
        select(Answer)
        .join(Response)
        .where(Response.consultation_id == consultation.id)
        .order_by(Answer.id)
    ):
        answers[answer.response_id][answer.question_id].append(answer)
    header = [
        "reference",
        "submitted_at",
        "respondent_type",
        "ward",
        "version_seen",
        "how_it_came",
        "entered_by",
        "received_on",
    ] + [f"Q{question.position}. {question.prompt}" for question in consultation.questions]
    questions = routed(consultation.questions)
    rows = []
    for response in responses:
        shown = shown_questions(
            questions,
            {
                question_id: {a.choice_id for a in given if a.choice_id is not None}
                for question_id, given in answers[response.id].items()
            },
        )
        row = [
            response.reference,
            response.submitted_at.strftime("%Y-%m-%d %H:%M"),
            RESPONDENT_TYPES.get(response.respondent_type, response.respondent_type),
            wards.get(response.ward_id, "") if response.ward_id else "",
            str(version_seen(consultation.versions, response.submitted_at)),
            response.channel,
            response.entered_by or "",
            response.received_on.isoformat() if response.received_on else "",
        ]
        for question in consultation.questions:
            given = answers[response.id][question.id]
            if question.id not in shown:
                row.append(NOT_ASKED)  # routed past it; a blank cell is a question skipped
            elif question.kind in TYPED_KINDS:
                row.append(given[0].text or "" if given else "")
            elif question.kind == "ranking":
                ordered = sorted(given, key=lambda answer: answer.rank or 0)
                row.append(
                    "; ".join(
                        f"{answer.rank}. {labels[answer.choice_id or 0]}" for answer in ordered
                    )
                )
            else:
                row.append(
                    "; ".join(
                        labels[answer.choice_id or 0] + (f": {answer.text}" if answer.text else "")
                        for answer in given
                    )
                )
        rows.append(row)
    return header, rows


def responses_csv(session: Session, consultation: Consultation) -> str:
    """Responses as CSV text."""
    header, rows = response_rows(session, consultation)
    return csv_text(header, rows)


def responses_xlsx(session: Session, consultation: Consultation) -> bytes:
    """Responses as an Excel workbook; every cell written as a string, never a formula."""
    header, rows = response_rows(session, consultation)
    table = pl.DataFrame(rows, schema=dict.fromkeys(header, pl.String), orient="row")
    return workbook_bytes({"Responses": table})
