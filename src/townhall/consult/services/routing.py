"""Routing over stored questions: each question's condition as the rules see it, which questions a
set of answers was asked, and the checks made before a change to a draft's order or options."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from townhall.consult.audit import record
from townhall.consult.models import Answer, Consultation, Question, User
from townhall.consult.rules.questions import AnswerValue
from townhall.consult.rules.routing import Condition, Routed, condition_problem, shown_questions
from townhall.consult.services.refusals import ChangeRefusedError


def condition_of(question: Question) -> Condition | None:
    """The question's condition (none: always asked)."""
    if not question.shown_if:
        return None
    return Condition(
        question.shown_if[0].question_id, frozenset(choice.id for choice in question.shown_if)
    )


def routed(questions: Iterable[Question]) -> list[Routed]:
    """The questions, in the order given, as routing sees them."""
    return [Routed(q.id, q.position, q.prompt, condition_of(q)) for q in questions]


def shown_for(questions: Iterable[Question], answers: Mapping[int, AnswerValue]) -> set[int]:
    """The ids of the questions a journey's answers were asked."""
    return shown_questions(
        routed(questions), {key: value.choice_ids for key, value in answers.items()}
    )


def shown_by_response(
    session: Session, consultation: Consultation, responses: Select[int]
) -> dict[int, set[int]]:
    """The questions each of these responses (a query of response ids) was asked, by response id,
    worked out from its own answers as the journey did."""
    chosen: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for response_id, question_id, choice_id in session.execute(
        select(Answer.response_id, Answer.question_id, Answer.choice_id).where(
            Answer.response_id.in_(responses), Answer.choice_id.is_not(None)
        )
    ):
        if choice_id is not None:
            chosen[response_id][question_id].add(choice_id)
    questions = routed(consultation.questions)
    return {
        response_id: shown_questions(questions, chosen.get(response_id, {}))
        for response_id in session.scalars(responses)
    }


def condition_words(question: Question, questions: Collection[Question]) -> str:
    """ "Asked only if the answer to question 2, “…”, is “Yes” or “Sometimes”" (or "")."""
    condition = condition_of(question)
    if condition is None:
        return ""
    source = next((q for q in questions if q.id == condition.source_id), None)
    labels = [f"“{choice.label}”" for choice in question.shown_if]
    options = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
    if source is None:
        return f"Asked only if the answer is {options}"
    return (
        f"Asked only if the answer to question {source.position}, “{source.prompt}”, is {options}"
    )


def set_condition(
    session: Session,
    consultation: Consultation,
    question: Question,
    choice_ids: Collection[int],
    user: User,
) -> None:
    """Ask `question` only when the answer to one earlier choice question includes one of
    `choice_ids` (none: always ask it); drafts only, audited with the old and new routing."""
    if consultation.status != "draft":
        raise ChangeRefusedError("You can only change routing while the consultation is a draft")
    choices = {c.id: c for q in consultation.questions for c in q.choices}
    chosen = [choices[i] for i in choice_ids if i in choices]
    if len(chosen) != len(set(choice_ids)):
        raise ChangeRefusedError("Select options of an earlier question")
    sources = {choice.question_id for choice in chosen}
    if len(sources) > 1:
        raise ChangeRefusedError("Select the options of one earlier question only")
    problem = condition_problem(
        routed(consultation.questions),
        question.id,
        next(iter(sources), None),
        [choice.id for choice in chosen],
        {q.id: q.kind for q in consultation.questions},
        {q.id: [c.id for c in q.choices] for q in consultation.questions},
    )
    if problem:
        raise ChangeRefusedError(problem)
    old = condition_words(question, consultation.questions) or "Always asked"
    question.shown_if = sorted(chosen, key=lambda c: c.position)
    consultation.signed_off_by = consultation.signed_off_at = None
    record(
        session,
        user,
        "set routing",
        f"consultation {consultation.id}",
        f"Question {question.position}. Old: {old}\nNew: "
        + (condition_words(question, consultation.questions) or "Always asked"),
    )
