"""Results of a consultation from the database: answers to closed questions counted, free text
listed, responses per ward; filtered by ward and respondent type."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from townhall.consult.models import Answer, Consultation, Question, Response, Version
from townhall.consult.rules.counting import RankSummary, Tally, rank_summary, tally
from townhall.consult.rules.questions import TYPED_KINDS
from townhall.consult.rules.routing import shown_questions
from townhall.consult.services.routing import routed
from townhall.consult.services.versions import version_seen


@dataclass(frozen=True)
class Filters:
    """Which responses to count: all, or one ward and/or one respondent type."""

    ward_id: int | None = None
    respondent_type: str | None = None

    def apply(self, statement: Select[int]) -> Select[int]:
        """`statement` (over responses) narrowed to these filters."""
        if self.ward_id is not None:
            statement = statement.where(Response.ward_id == self.ward_id)
        if self.respondent_type is not None:
            statement = statement.where(Response.respondent_type == self.respondent_type)
        return statement


@dataclass(frozen=True)
class QuestionResult:
    """One closed question's counts (or, for ranking, its first preferences and mean ranks)."""

    question: Question
    tally: Tally
    ranking: list[RankSummary] | None


def _response_ids(consultation: Consultation, filters: Filters) -> Select[int]:
    return filters.apply(select(Response.id).where(Response.consultation_id == consultation.id))


def response_count(
    session: Session, consultation: Consultation, filters: Filters = Filters()
) -> int:
    """How many responses match the filters."""
    subquery = _response_ids(consultation, filters).subquery()
    return session.scalar(select(func.count()).select_from(subquery)) or 0


def closed_results(
    session: Session, consultation: Consultation, filters: Filters = Filters()
) -> list[QuestionResult]:
    """Counts and percentages for every closed question, over the filtered responses."""
    rows = session.execute(
        select(Answer.question_id, Answer.response_id, Answer.choice_id, Answer.rank).where(
            Answer.response_id.in_(_response_ids(consultation, filters)),
            Answer.choice_id.is_not(None),
        )
    ).all()
    chosen: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    ranks: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for question_id, response_id, choice_id, rank in rows:
        if choice_id is None:
            continue
        chosen[question_id][response_id].add(choice_id)
        if rank is not None:
            ranks[question_id][response_id][choice_id] = rank
    results = []
    for question in consultation.questions:
        if question.kind in TYPED_KINDS:
            continue
        choices = [(choice.id, choice.label) for choice in question.choices]
        if question.kind == "ranking":
            rankings = list(ranks[question.id].values())
            first = [
                {choice for choice, rank in ranking.items() if rank == 1} for ranking in rankings
            ]
            results.append(
                QuestionResult(question, tally(choices, first), rank_summary(choices, rankings))
            )
        else:
            results.append(
                QuestionResult(question, tally(choices, list(chosen[question.id].values())), None)
            )
    return results


def free_text(
    session: Session, consultation: Consultation, filters: Filters = Filters()
) -> list[tuple[Question, list[str]]]:
    """Every typed answer (free text, numbers, dates, postcodes) per question, over the filtered
    responses, oldest first."""
    rows = session.execute(
        select(Answer.question_id, Answer.text)
        .where(
            Answer.response_id.in_(_response_ids(consultation, filters)), Answer.text.is_not(None)
        )
        .order_by(Answer.id)
    ).all()
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, text in rows:
        if text is not None:
            texts[question_id].append(text)
    return [
        (question, texts[question.id])
        for question in consultation.questions
        if question.kind in TYPED_KINDS
    ]


def counts_by_ward(session: Session, consultation: Consultation) -> list[tuple[str, int]]:
    """Responses per ward of the consultation, and those from no listed ward."""
    counts = dict(
        session.execute(
            select(Response.ward_id, func.count())
            .where(Response.consultation_id == consultation.id)
            .group_by(Response.ward_id)
        ).all()
    )
    named = [(ward.name, counts.get(ward.id, 0)) for ward in consultation.wards]
    return [*named, ("Not in a listed ward, or not said", counts.get(None, 0))]


def counts_by_version(session: Session, consultation: Consultation) -> list[tuple[Version, int]]:
    """Responses per published version, by the version in force when each was sent."""
    seen = Counter(
        version_seen(consultation.versions, sent)
        for sent in session.scalars(
            select(Response.submitted_at).where(Response.consultation_id == consultation.id)
        )
    )
    return [(version, seen.get(version.number, 0)) for version in consultation.versions]


def asked_counts(
    session: Session, consultation: Consultation, filters: Filters = Filters()
) -> dict[int, int]:
    """How many of the filtered responses were asked each routed question (by question id): the
    base its counts are "of", worked out from each response's own answers, as the journey did."""
    questions = routed(consultation.questions)
    if all(question.condition is None for question in questions):
        return {}
    chosen: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for response_id, question_id, choice_id in session.execute(
        select(Answer.response_id, Answer.question_id, Answer.choice_id).where(
            Answer.response_id.in_(_response_ids(consultation, filters)),
            Answer.choice_id.is_not(None),
        )
    ):
        if choice_id is not None:
            chosen[response_id][question_id].add(choice_id)
    counts: Counter[int] = Counter()
    for response_id in session.scalars(_response_ids(consultation, filters)):
        counts.update(shown_questions(questions, chosen.get(response_id, {})))
    return {q.id: counts[q.id] for q in questions if q.condition is not None}


def other_texts(
    session: Session, consultation: Consultation, filters: Filters = Filters()
) -> dict[int, list[str]]:
    """What residents wrote when they chose "Other (please specify)", by question id, oldest
    first (as typed: callers that publish it mask it)."""
    others = [c.id for q in consultation.questions for c in q.choices if c.is_other]
    if not others:
        return {}
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, text in session.execute(
        select(Answer.question_id, Answer.text)
        .where(
            Answer.response_id.in_(_response_ids(consultation, filters)),
            Answer.choice_id.in_(others),
            Answer.text.is_not(None),
        )
        .order_by(Answer.id)
    ):
        if text:
            texts[question_id].append(text)
    return dict(texts)
