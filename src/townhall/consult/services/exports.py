"""Exports of responses for officers: CSV and Excel, one row per response, one column per question.

E-mail addresses are never exported (they are only for receipts); cells that a spreadsheet would
run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session
from xlsxwriter import Workbook

from townhall.consult.models import Answer, Consultation, Response, Ward
from townhall.consult.rules.questions import TYPED_KINDS
from townhall.consult.rules.respondents import RESPONDENT_TYPES
from townhall.consult.services.versions import version_seen

FIXED_COLUMNS = 8  # reference to received_on, before one column per question
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Text a spreadsheet shows as text: a leading =, +, -, @ would otherwise run as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def response_rows(
    session: Session, consultation: Consultation
) -> tuple[list[str], list[list[str]]]:
    """The header and one row per response (answers as text; rankings as "1. X; 2. Y"), with
    the version of the consultation in force when each was sent and how it came (online, or
    paper or phone typed in by an officer)."""
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
    rows = []
    for response in responses:
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
            if question.kind in TYPED_KINDS:
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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[safe_cell(cell) for cell in row] for row in rows])
    return buffer.getvalue()


def responses_xlsx(session: Session, consultation: Consultation) -> bytes:
    """Responses as an Excel workbook; every cell written as a string, never a formula."""
    header, rows = response_rows(session, consultation)
    buffer = io.BytesIO()
    with Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    ) as workbook:
        sheet = workbook.add_worksheet("Responses")
        bold = workbook.add_format({"bold": True, "bg_color": "#F3F2F1"})
        for column, title in enumerate(header):
            sheet.write_string(0, column, title, bold)
            sheet.set_column(column, column, 18 if column < FIXED_COLUMNS else 40)
        for row_number, row in enumerate(rows, 1):
            for column, cell in enumerate(row):
                sheet.write_string(row_number, column, cell)
        sheet.freeze_panes(1, 0)
    return buffer.getvalue()
