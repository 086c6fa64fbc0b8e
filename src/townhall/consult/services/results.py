"""Results of a consultation from the database: answers to closed questions counted, free text
listed, responses per ward; filtered by ward and respondent type."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVarTuple

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from townhall.consult.models import Answer, Consultation, Question, Response, Version
from townhall.consult.rules.counting import RankSummary, Tally, counted_tally
from townhall.consult.rules.questions import TYPED_KINDS
from townhall.consult.services.routing import routed, shown_by_response
from townhall.consult.services.versions import version_seen

Columns = TypeVarTuple("Columns")


@dataclass(frozen=True)
class Filters:
    """Which responses to count: all, or one ward and/or one respondent type."""

    ward_id: int | None = None
    respondent_type: str | None = None

    def apply(self, statement: Select[*Columns]) -> Select[*Columns]:
        """`statement` (over responses) narrowed to these filters."""
        if self.ward_id is not None:
            statement = statement.where(Response.ward_id == self.ward_id)
        if self.respondent_type is not None:
            statement = statement.where(Response.respondent_type == self.respondent_type)
        return statement

    def described(self, ward_names: Mapping[int, str]) -> str | None:
        """Whose responses these are, in words ("businesses in Aston"); None when unfiltered."""
        who = RESPONDENTS_PLURAL.get(self.respondent_type or "", "responses")
        if self.ward_id is None:
            return None if self.respondent_type is None else who
        return f"{who} from {ward_names.get(self.ward_id, 'one ward')}"


RESPONDENTS_PLURAL = {
    "resident": "residents",
    "business": "businesses",
    "organisation": "organisations",
}


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


def _chosen(
    consultation: Consultation, filters: Filters, question_ids: list[int]
) -> ColumnElement[bool]:
    """Options chosen in answer to the questions, by the filtered responses (every answer to a
    question is from its own consultation, so unfiltered needs no look at the responses)."""
    chosen = Answer.question_id.in_(question_ids) & Answer.choice_id.is_not(None)
    if filters == Filters():
        return chosen
    return chosen & Answer.response_id.in_(_response_ids(consultation, filters))


def closed_results(
    session: Session, consultation: Consultation, filters: Filters = Filters()
) -> list[QuestionResult]:
    """Counts and percentages for every closed question, over the filtered responses, counted
    in the database from the answers' counting index (one grouped query for the options, one
    for how many answered each multiple-choice question)."""
    closed = [question for question in consultation.questions if question.kind not in TYPED_KINDS]
    per_option = session.execute(
        select(
            Answer.question_id,
            Answer.choice_id,
            func.count(),
            func.count(case((Answer.rank == 1, 1))),
            func.avg(Answer.rank),
        )
        .where(_chosen(consultation, filters, [question.id for question in closed]))
        .group_by(Answer.question_id, Answer.choice_id)
    ).all()
    multiple = [question.id for question in closed if question.kind == "multiple"]
    answered_multiple = dict(
        session.execute(
            select(Answer.question_id, func.count(func.distinct(Answer.response_id)))
            .where(_chosen(consultation, filters, multiple))
            .group_by(Answer.question_id)
        ).all()
    )
    counts = {(question, choice): count for question, choice, count, _, _ in per_option}
    firsts = {(question, choice): count for question, choice, _, count, _ in per_option}
    means = {(question, choice): mean for question, choice, _, _, mean in per_option}
    results = []
    for question in closed:
        choices = [(choice.id, choice.label) for choice in question.choices]
        if question.kind == "ranking":
            # Each ranking has one first preference, so those who ranked are the firsts' sum.
            first = {choice: firsts.get((question.id, choice), 0) for choice, _ in choices}
            ranking = [
                RankSummary(
                    label,
                    first[choice],
                    float(mean) if (mean := means.get((question.id, choice))) is not None else None,
                )
                for choice, label in choices
            ]
            tallied = counted_tally(choices, first, sum(first.values()))
            results.append(QuestionResult(question, tallied, ranking))
        else:
            # One option per answer, but for multiple choice: those who answered are the sum.
            chose = {choice: counts.get((question.id, choice), 0) for choice, _ in choices}
            answered = answered_multiple.get(question.id, 0)
            if question.kind != "multiple":
                answered = sum(chose.values())
            results.append(QuestionResult(question, counted_tally(choices, chose, answered), None))
    return results


def free_text(
    session: Session,
    consultation: Consultation,
    filters: Filters = Filters(),
    limit: int | None = None,
) -> list[tuple[Question, list[str]]]:
    """Typed answers (free text, numbers, dates, postcodes) per question, over the filtered
    responses, oldest first: all of them, or the first `limit` of each question."""
    responses = _response_ids(consultation, filters)
    found = []
    for question in consultation.questions:
        if question.kind not in TYPED_KINDS:
            continue
        texts = session.scalars(
            select(Answer.text)
            .where(
                Answer.question_id == question.id,
                Answer.response_id.in_(responses),
                Answer.text.is_not(None),
            )
            .order_by(Answer.id)
            .limit(limit)
        ).all()
        found.append((question, [text for text in texts if text is not None]))
    return found


def typed_counts(
    session: Session, consultation: Consultation, filters: Filters = Filters()
) -> dict[int, int]:
    """How many typed answers each question has, over the filtered responses."""
    return dict(
        session.execute(
            select(Answer.question_id, func.count())
            .where(
                Answer.response_id.in_(_response_ids(consultation, filters)),
                Answer.text.is_not(None),
            )
            .group_by(Answer.question_id)
        ).all()
    )


def counts_by_ward(
    session: Session, consultation: Consultation, filters: Filters = Filters()
) -> list[tuple[str, int]]:
    """Responses per ward of the consultation, and those from no listed ward, over the filtered
    responses (only the chosen ward's row when filtered by ward)."""
    counts = dict(
        session.execute(
            filters.apply(
                select(Response.ward_id, func.count()).where(
                    Response.consultation_id == consultation.id
                )
            ).group_by(Response.ward_id)
        ).all()
    )
    named = [
        (ward.name, counts.get(ward.id, 0))
        for ward in consultation.wards
        if filters.ward_id in (None, ward.id)
    ]
    if filters.ward_id is not None:
        return named
    return [*named, ("Not in a listed ward, or not said", counts.get(None, 0))]


def counts_by_version(
    session: Session, consultation: Consultation, filters: Filters = Filters()
) -> list[tuple[Version, int]]:
    """Responses per published version, by the version in force when each was sent, over the
    filtered responses (not counted while there is only one version)."""
    if len(consultation.versions) < 2:
        return [
            (version, response_count(session, consultation, filters))
            for version in consultation.versions
        ]
    seen = Counter(
        version_seen(consultation.versions, sent)
        for sent in session.scalars(
            filters.apply(
                select(Response.submitted_at).where(Response.consultation_id == consultation.id)
            )
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
    counts: Counter[int] = Counter()
    for shown in shown_by_response(
        session, consultation, _response_ids(consultation, filters)
    ).values():
        counts.update(shown)
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
