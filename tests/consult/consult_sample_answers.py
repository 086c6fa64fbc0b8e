"""Sample responses for the theme, ward knowledge and report tests, written straight to the database."""

from __future__ import annotations

import secrets
from itertools import cycle

from sqlalchemy import select
from sqlalchemy.orm import Session

from townhall.consult.models import Answer, Consultation, Question, Response, Ward

CAMPAIGN = "Scrap the 24% minimum now. Support is a safety net, not a luxury. Protect the poorest."
PERSONAL = "I can't afford £3.43 a week on top of rent. Email me at jo.bloggs@example.com or ring 07700 900123, 12 Acacia Avenue B6 4AA."
TEXTS = [
    "I cannot afford to pay anything more, my family is already struggling with bills and food.",
    "Families on low incomes cannot afford this, it will push people into debt and poverty.",
    "We are struggling already; paying council tax we can't afford means choosing between heating and food.",
    "People in debt will be pushed further into poverty by this scheme.",
    "Pensioners are protected but working age people pay everything, that is unfair on working age.",
    "Why are pensioners protected when working age families carry all the cut?",
    "Protecting pensioners is fine but wealthy pensioners should contribute too.",
    "Disabled people must be protected, the disability premium exception is right.",
    "I agree disabled people and carers should not pay the minimum contribution.",
    "Disabled children and their carers need the exception kept.",
    "Remove second homes discounts first, second home owners can pay more.",
    "Second homes should pay full council tax before the poor pay anything.",
    "Charging second homes is fair and should come first.",
    "I support the proposal, everyone should contribute something towards services.",
    "It is fair that everyone pays a little, it makes sense to share the cut.",
    "Good idea, people should pay something for the services they use.",
    "Raise council tax for everyone instead of taking it from the poorest.",
    "A small rise in council tax for everyone is better than this cut.",
    "Find savings elsewhere in the council, cut management costs instead.",
    "Cut councillors' allowances and consultants rather than support for the poorest.",
]
ENDINGS = [
    "I have lived in this city for twenty years.",
    "My neighbours on the estate say the same thing.",
    "Please listen to what residents are telling you.",
]


def add_answers(
    session: Session, consultation: Consultation, count: int = 60, campaign: int = 6
) -> Question:
    """`count` responses spread over the wards (plus `campaign` copies of one text and one with
    personal data), each answering every closed question's first option and the text question."""
    wards = list(session.scalars(select(Ward).order_by(Ward.name)))
    text_question = next(q for q in consultation.questions if q.kind == "text")
    closed = [q for q in consultation.questions if q.kind != "text"]
    texts = [
        f"{TEXTS[n % len(TEXTS)]} {ENDINGS[n // len(TEXTS) % len(ENDINGS)]}" for n in range(count)
    ]
    texts += [CAMPAIGN] * campaign + [PERSONAL]
    kinds = cycle(["resident", "resident", "business", "organisation"])
    for number, (text, ward) in enumerate(zip(texts, cycle(wards), strict=False)):
        answers = [Answer(question_id=text_question.id, text=text)]
        for question in closed:
            choice = question.choices[number % len(question.choices)]
            rank = 1 if question.kind == "ranking" else None
            answers.append(Answer(question_id=question.id, choice_id=choice.id, rank=rank))
        session.add(
            Response(
                consultation_id=consultation.id,
                journey_token=secrets.token_hex(16),
                reference=f"T{number:06d}",
                respondent_type=next(kinds),
                ward_id=ward.id,
                answers=answers,
            )
        )
    session.flush()
    return text_question
