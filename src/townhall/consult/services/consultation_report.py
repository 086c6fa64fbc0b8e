"""Everything the consultation report says, read from the database in one place.

Publication comes first: every text that came from a resident is masked here, before any report
format sees it, and equality counts arrive already suppressed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from townhall.consult.analysis.duplicates import duplicate_groups, normalised
from townhall.consult.analysis.masking import mask_personal_data
from townhall.consult.analysis.records import STANCES
from townhall.consult.analysis.stance import MIN_TRAINING
from townhall.consult.models import Consultation, Question, Response, ThemeAssignment, Version
from townhall.consult.rules.closing import Closing
from townhall.consult.rules.equality import SUPPRESSION_THRESHOLD
from townhall.consult.rules.links import PROPOSAL, alternative_link, effective_link
from townhall.consult.rules.questions import TYPED_KINDS
from townhall.consult.rules.respondents import RESPONDENT_TYPES
from townhall.consult.services.consultations import closing_now
from townhall.consult.services.equality_report import EqualityTable, equality_tables
from townhall.consult.services.results import (
    QuestionResult,
    asked_counts,
    closed_results,
    counts_by_version,
    counts_by_ward,
    free_text,
    other_texts,
)
from townhall.consult.services.routing import condition_words
from townhall.consult.services.themes import (
    answer_ids,
    current_themes,
    question_answers,
    stance_counts,
    stored_corrections,
    stored_theme_set,
)

QUOTES_PER_THEME = 3
QUOTE_OPENING = 60
CAMPAIGNS_SHOWN = 10


@dataclass(frozen=True)
class ThemeCount:
    """A theme of a free-text question: its label, answers given it, masked quotes."""

    label: str
    count: int
    quotes: list[str]


@dataclass(frozen=True)
class Campaign:
    """A group of identical or nearly identical answers, with its (masked) most common text."""

    answers: int
    exact_copies: int
    text: str


@dataclass(frozen=True)
class TextQuestion:
    """A free-text question: how many answered, its themes, stances and campaigns."""

    question: Question
    answered: int
    curated: bool
    assigned: bool
    themes: list[ThemeCount]
    stances: dict[str, int]
    corrections: int
    stance_corrections: int
    campaigns: list[Campaign]
    in_campaigns: int
    campaign_groups: int


@dataclass(frozen=True)
class OptionResponse:
    """How respondents answered one option that speaks to the proposal or an alternative."""

    prompt: str
    option: str
    count: int
    percent: float
    mean_rank: float | None


@dataclass(frozen=True)
class Choice:
    """The proposal or an alternative, with the options and written questions linked to it."""

    title: str
    description: str
    reason_not_preferred: str
    responses: list[OptionResponse] = field(default_factory=list)
    written: list[Question] = field(default_factory=list)


@dataclass(frozen=True)
class Unlinked:
    """A question (or some of its options) officers have not linked to the proposal or an
    alternative: `options` is empty when the whole question is unlinked."""

    question: Question
    options: list[str]


@dataclass(frozen=True)
class TypedQuestion:
    """A number, date or postcode question: how many answered and a summary table (postcodes
    only by district, districts with fewer than SUPPRESSION_THRESHOLD answers put together)."""

    question: Question
    answered: int
    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class ReportData:
    """What the report says about one consultation."""

    consultation: Consultation
    total: int
    by_ward: list[tuple[str, int]]
    by_type: list[tuple[str, int]]
    equality: list[EqualityTable]
    closed: list[QuestionResult]
    text_questions: list[TextQuestion]
    choices: list[Choice]
    unlinked: list[Unlinked]
    by_version: list[tuple[Version, int]]
    closing: Closing
    typed: list[TypedQuestion]
    duplicate_threshold: float
    # How many were asked each routed question, and its routing in words (by question id).
    asked: dict[int, int] = field(default_factory=dict)
    routing: dict[int, str] = field(default_factory=dict)
    # What those who chose "Other (please specify)" wrote, masked, by question id.
    others: dict[int, list[str]] = field(default_factory=dict)


def report_data(
    session: Session, consultation: Consultation, duplicate_threshold: float = 0.8
) -> ReportData:
    """Gather the report on `consultation` (resident text masked, equality counts suppressed)."""
    closed = closed_results(session, consultation)
    choices, unlinked = _choices(consultation, closed)
    return ReportData(
        consultation=consultation,
        total=session.scalar(
            select(func.count()).where(Response.consultation_id == consultation.id)
        )
        or 0,
        by_ward=counts_by_ward(session, consultation),
        by_type=_by_type(session, consultation),
        equality=equality_tables(session, consultation),
        closed=closed,
        text_questions=[
            _text_question(session, question, duplicate_threshold)
            for question in consultation.questions
            if question.kind == "text"
        ],
        choices=choices,
        unlinked=unlinked,
        by_version=counts_by_version(session, consultation),
        closing=closing_now(consultation),
        typed=[
            _typed(question, answers)
            for question, answers in free_text(session, consultation)
            if question.kind != "text"
        ],
        duplicate_threshold=duplicate_threshold,
        asked=asked_counts(session, consultation),
        routing={q.id: condition_words(q, consultation.questions) for q in consultation.questions},
        others={
            question_id: [mask_personal_data(text).text for text in texts]
            for question_id, texts in other_texts(session, consultation).items()
        },
    )


def _typed(question: Question, answers: list[str]) -> TypedQuestion:
    """Summarise typed answers without showing any one resident's: numbers and dates by their
    range and middle, postcodes only by district."""
    rows: list[tuple[str, str]] = []
    if question.kind == "number" and any(_is_number(a) for a in answers):
        numbers = sorted(Decimal(a) for a in answers if _is_number(a))
        rows = [
            ("Smallest", f"{numbers[0]:,}"),
            ("Median", f"{median(numbers):,}"),
            ("Largest", f"{numbers[-1]:,}"),
        ]
    elif answers and question.kind == "date":
        days = sorted(answers)
        rows = [("Earliest", days[0]), ("Latest", days[-1])]
    elif answers:
        districts = Counter(answer.split(" ")[0] for answer in answers)
        few = sum(n for n in districts.values() if n < SUPPRESSION_THRESHOLD)
        rows = [
            (district, str(n))
            for district, n in sorted(districts.items())
            if n >= SUPPRESSION_THRESHOLD
        ]
        if few:
            shown = (
                str(few) if few >= SUPPRESSION_THRESHOLD else f"fewer than {SUPPRESSION_THRESHOLD}"
            )
            rows.append(("Other districts, each with fewer than 5", shown))
    return TypedQuestion(question, len(answers), rows)


def _is_number(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


def _by_type(session: Session, consultation: Consultation) -> list[tuple[str, int]]:
    counts = dict(
        session.execute(
            select(Response.respondent_type, func.count())
            .where(Response.consultation_id == consultation.id)
            .group_by(Response.respondent_type)
        ).all()
    )
    return [(label, counts.get(key, 0)) for key, label in RESPONDENT_TYPES.items()]


def _text_question(session: Session, question: Question, threshold: float) -> TextQuestion:
    answers = question_answers(session, question)
    texts = dict(answers)
    themes = current_themes(session, question)
    record = stored_theme_set(session, question)
    assigned = record is not None and record.assigned_at is not None
    counts: list[ThemeCount] = []
    if themes is not None and assigned:
        for theme in themes.themes:
            rows = session.execute(
                select(ThemeAssignment.answer_id)
                .where(
                    ThemeAssignment.theme_key == theme.key,
                    ThemeAssignment.answer_id.in_(answer_ids(question)),
                )
                .order_by(ThemeAssignment.confidence.desc(), ThemeAssignment.answer_id)
            ).scalars()
            ids = list(rows)
            counts.append(ThemeCount(theme.label, len(ids), _quotes([texts[i] for i in ids])))
        counts.sort(key=lambda theme: -theme.count)
    found = duplicate_groups([text for _, text in answers], threshold=threshold)
    stances = stance_counts(session, question)
    corrections = stored_corrections(session, question)
    return TextQuestion(
        question=question,
        answered=len(answers),
        curated=themes is not None,
        assigned=assigned,
        themes=counts,
        stances={name: stances.get(name, 0) for name in STANCES} if stances else {},
        corrections=len(corrections),
        stance_corrections=sum(1 for c in corrections if c.stance is not None),
        campaigns=[
            Campaign(len(g.rows), g.exact_copies, mask_personal_data(g.text).text)
            for g in found.groups[:CAMPAIGNS_SHOWN]
        ],
        in_campaigns=found.answers_in_groups,
        campaign_groups=len(found.groups),
    )


def _quotes(texts: list[str]) -> list[str]:
    """Up to QUOTES_PER_THEME masked quotes, most confident first, none opening like an earlier one."""
    chosen: dict[str, str] = {}
    for text in texts:
        opening = normalised(text)[:QUOTE_OPENING]
        if opening not in chosen:
            chosen[opening] = mask_personal_data(text).text
        if len(chosen) == QUOTES_PER_THEME:
            break
    return list(chosen.values())


def _choices(
    consultation: Consultation, closed: list[QuestionResult]
) -> tuple[list[Choice], list[Unlinked]]:
    """The proposal and each alternative with the options and written questions officers linked
    to them (an option's own link, else its question's), and what is linked to nothing."""
    sections = {
        PROPOSAL: Choice("The proposal", consultation.proposal, ""),
        **{
            alternative_link(a.id): Choice(a.title, a.description, a.reason_not_preferred)
            for a in consultation.alternatives
        },
    }
    unlinked: dict[int, Unlinked] = {}
    for question in consultation.questions:
        if question.kind in TYPED_KINDS:
            if question.speaks_to in sections:
                sections[question.speaks_to].written.append(question)
            else:
                unlinked[question.id] = Unlinked(question, [])
    for result in closed:
        question = result.question
        for index, (choice, option) in enumerate(
            zip(question.choices, result.tally.options, strict=True)
        ):
            link = effective_link(choice.speaks_to, question.speaks_to)
            if link not in sections:
                unlinked.setdefault(question.id, Unlinked(question, [])).options.append(
                    option.label
                )
                continue
            rank = result.ranking[index].mean_rank if result.ranking else None
            sections[link].responses.append(
                OptionResponse(question.prompt, option.label, option.count, option.percent, rank)
            )
    for item in unlinked.values():
        if len(item.options) == len(item.question.choices):
            item.options.clear()  # the whole question is unlinked
    order = {question.id: question.position for question in consultation.questions}
    return list(sections.values()), sorted(
        unlinked.values(), key=lambda item: order[item.question.id]
    )


def stance_method(corrections: int) -> str:
    """How stance was read, in plain words, given the officers' stance corrections."""
    if corrections >= MIN_TRAINING:
        return f"a classifier trained on {corrections} answers whose stance officers set by hand"
    return "cue phrases (such as 'I agree' or 'can't afford'), with officers' corrections standing"
