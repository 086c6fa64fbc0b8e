"""Results of a consultation from the database: answers to closed questions counted, free text
listed, responses per ward; filtered by ward and respondent type."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVarTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from townhall.consult.models import Answer, Consultation, Question, Response, Version
from townhall.consult.rules.counting import RankSummary, Tally, rank_summary, tally
from townhall.consult.rules.questions import TYPED_KINDS
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
    filtered responses."""
    seen = Counter(
        version_seen(consultation.versions, sent)
        for sent in session.scalars(
            filters.apply(
                select(Response.submitted_at).where(Response.consultation_id == consultation.id)
            )
        )
    )
    return [(version, seen.get(version.number, 0)) for version in consultation.versions]
