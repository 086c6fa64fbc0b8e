"""Exports laid out for a spreadsheet: one column per option of a multiple-choice question (1 or
0) and per option of a ranking (its rank), and for a free-text question with themes one column per
theme and one for the stance; the same in CSV and in Excel, numbers as numbers."""

from __future__ import annotations

import csv
import io

import openpyxl
from consult_client import DEMO, Service, post_form
from sqlalchemy import select
from test_consult_journey import answer_everything

from townhall.consult.analysis.themeset import Theme, ThemeSet
from townhall.consult.models import Answer, AnswerStance, Consultation, Question, ThemeAssignment
from townhall.consult.services.themes import save_themes

EXPORT = "/staff/consultations/1/export/responses"


def test_each_choice_rank_theme_and_stance_has_a_column_of_its_own(
    demo_service: Service,
) -> None:
    resident = demo_service.client()
    answer_everything(demo_service, resident, text="Second homes should pay first.")
    post_form(resident, f"{DEMO}/respond/check", f"{DEMO}/respond/submit")
    with demo_service.session() as session, session.begin():
        consultation = session.scalars(select(Consultation)).one()
        questions = {question.position: question for question in consultation.questions}
        text = next(q for q in consultation.questions if q.kind == "text")
        save_themes(
            session,
            text,
            ThemeSet(
                themes=[
                    Theme(key="second_homes", label="Charge second homes"),
                    Theme(key="cost", label="Cost to families"),
                ]
            ),
        )
        answer = session.scalars(select(Answer).where(Answer.question_id == text.id)).one()
        session.add(ThemeAssignment(answer_id=answer.id, theme_key="second_homes", confidence=0.9))
        session.add(AnswerStance(answer_id=answer.id, stance="opposes"))
        multiple: Question = questions[2]
        ranking: Question = questions[3]
        chosen = [choice.label for choice in multiple.choices[:2]]
        ranked = [choice.label for choice in ranking.choices]
        name = {q.position: f"Q{q.position}. {q.prompt}" for q in consultation.questions}
        single = questions[1].choices[3].label
    officer = demo_service.signed_in("officer@example.org")

    rows = list(csv.DictReader(io.StringIO(officer.get(f"{EXPORT}.csv").text)))
    assert len(rows) == 1
    row = rows[0]
    assert row[name[1]] == single  # one answer: one column
    for choice in multiple.choices:
        assert row[f"{name[2]} [{choice.label}]"] == ("1" if choice.label in chosen else "0")
    for rank, label in enumerate(ranked, 1):
        assert row[f"{name[3]} [rank: {label}]"] == str(rank)
    assert row[name[text.position]] == "Second homes should pay first."
    assert row[f"{name[text.position]} [theme: Charge second homes]"] == "1"
    assert row[f"{name[text.position]} [theme: Cost to families]"] == "0"
    assert row[f"{name[text.position]} [stance]"] == "opposes"
    assert not any("; " in value for value in row.values())  # nothing packed into one cell

    sheet = openpyxl.load_workbook(io.BytesIO(officer.get(f"{EXPORT}.xlsx").content))["Responses"]
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert header == list(row)  # the same columns in the same order
    assert values[f"{name[3]} [rank: {ranked[0]}]"] == 1  # a number, not text
    assert values[f"{name[2]} [{chosen[0]}]"] == 1
    assert values[f"{name[text.position]} [stance]"] == "opposes"
