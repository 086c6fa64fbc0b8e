"""Routing: a question asked only when an earlier choice question's answer includes one of chosen
options. Which questions a resident is asked follows from their answers alone, in order, so the
journey, the check page, the results' "asked of" and the exports all agree."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

# Kinds whose answer can route a later question: one or more options chosen (not ranking, where
# every option gets a rank).
ROUTING_KINDS = frozenset({"single", "multiple", "dropdown", "scale"})


@dataclass(frozen=True)
class Condition:
    """Ask only when the answer to question `source_id` includes one of `choice_ids`."""

    source_id: int
    choice_ids: frozenset[int]


@dataclass(frozen=True)
class Routed:
    """A question as routing sees it: its place in the order, its words and its condition."""

    id: int
    position: int
    prompt: str
    condition: Condition | None


def shown_questions(questions: Sequence[Routed], chosen: Mapping[int, Collection[int]]) -> set[int]:
    """The ids of the questions asked, given the options chosen for each question (by id).

    A question routed on one that was not asked is not asked either, so an answer kept from
    before an earlier change never opens a later question.
    """
    shown: set[int] = set()
    for question in questions:
        condition = question.condition
        if condition is None or (
            condition.source_id in shown
            and not condition.choice_ids.isdisjoint(chosen.get(condition.source_id, ()))
        ):
            shown.add(question.id)
    return shown


def named(question: Routed) -> str:
    """How a message names a question: its number and its words."""
    return f"question {question.position}, “{question.prompt}”"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def order_problems(questions: Sequence[Routed]) -> list[str]:
    """Every question (in the given order) whose condition is not on an earlier question."""
    seen: dict[int, Routed] = {}
    by_id = {question.id: question for question in questions}
    problems = []
    for question in questions:
        condition = question.condition
        if condition is not None and condition.source_id not in seen:
            source = by_id.get(condition.source_id)
            source_name = named(source) if source else "a question that is no longer there"
            problems.append(
                f"{_first_upper(named(question))}, is asked only for some answers to "
                f"{source_name}, so it must come after that question"
            )
        seen[question.id] = question
    return problems


def dependants(questions: Iterable[Routed], source_id: int) -> list[Routed]:
    """The questions routed on question `source_id`."""
    return [
        question
        for question in questions
        if question.condition is not None and question.condition.source_id == source_id
    ]


def removal_problem(questions: Sequence[Routed], source_id: int) -> str | None:
    """Why question `source_id` cannot be removed: later questions are routed on it."""
    source = next((question for question in questions if question.id == source_id), None)
    routed = dependants(questions, source_id)
    if source is None or not routed:
        return None
    return (
        f"You cannot remove {named(source)}: "
        + ", ".join(named(question) for question in routed)
        + (", is" if len(routed) == 1 else ", are")
        + " asked only for some answers to it. Change the routing of "
        + ("that question" if len(routed) == 1 else "those questions")
        + " first"
    )


def options_problem(
    questions: Sequence[Routed], source_id: int, kept_choice_ids: Collection[int]
) -> str | None:
    """Why question `source_id` cannot lose options: a later question is routed on one of them."""
    source = next((question for question in questions if question.id == source_id), None)
    for question in dependants(questions, source_id):
        assert question.condition is not None
        if not question.condition.choice_ids <= set(kept_choice_ids):
            return (
                f"{_first_upper(named(question))}, is asked only for some answers to "
                f"{named(source) if source else 'this question'}, and this change removes one "
                "of those options. Change that question's routing first"
            )
    return None


def condition_problem(
    questions: Sequence[Routed],
    question_id: int,
    source_id: int | None,
    choice_ids: Collection[int],
    source_kinds: Mapping[int, str],
    choices_of: Mapping[int, Collection[int]],
) -> str | None:
    """Why a condition cannot be set on question `question_id` (None when it can): it must be on
    one earlier single, multiple, drop-down or scale question, with at least one of its options."""
    if source_id is None:
        return "Select the options of one earlier question" if choice_ids else None
    order = [question.id for question in questions]
    if source_id not in order or question_id not in order:
        return "Select an option of an earlier question"
    if order.index(source_id) >= order.index(question_id):
        return "A question can only be routed on an earlier question"
    if source_kinds.get(source_id) not in ROUTING_KINDS:
        return "Only a single choice, multiple choice, drop-down or scale question can route"
    if not choice_ids:
        return "Select at least one option"
    if not set(choice_ids) <= set(choices_of.get(source_id, ())):
        return "Select options of one question only"
    return None
