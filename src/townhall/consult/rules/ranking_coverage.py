"""Whether a ranking question offers every way the consultation puts: the proposal and each
alternative. A ranking that leaves one out asks residents to rank an incomplete list, so the
builder warns (it cannot refuse: a ranking may be about something else entirely)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from townhall.consult.rules.links import PROPOSAL, alternative_link, effective_link


@dataclass(frozen=True)
class RankedQuestion:
    """What the check needs of a ranking question: its number, its link and its options' links."""

    position: int
    link: str
    option_links: tuple[str, ...]


def ranking_warnings(
    questions: Sequence[RankedQuestion], alternatives: Sequence[tuple[int, str]]
) -> list[str]:
    """A warning for each ranking question that leaves out the proposal or an alternative
    (`alternatives` as (id, title)): by its options' links when any is linked, else by count."""
    if not alternatives:
        return []
    wanted = {PROPOSAL: "the proposal"} | {
        alternative_link(number): f"alternative {index}, “{title}”"
        for index, (number, title) in enumerate(alternatives, 1)
    }
    warnings = []
    for question in questions:
        own = [link for link in question.option_links if link]
        if own:
            offered = {effective_link(link, question.link) for link in question.option_links}
            missing = [name for link, name in wanted.items() if link not in offered]
            if missing:
                warnings.append(
                    f"Question {question.position} ranks the ways the council could go but leaves "
                    f"out {_joined(missing)}. Add an option for each, so residents rank them all."
                )
        elif len(question.option_links) < len(wanted):
            warnings.append(
                f"Question {question.position} ranks {len(question.option_links)} options, but "
                f"the consultation puts the proposal and {len(alternatives)} "
                f"alternative{'s' if len(alternatives) != 1 else ''} ({len(wanted)} in all). If "
                "it ranks the ways the council could go, add the missing ones, and link each "
                "option to what it speaks to so this check can tell."
            )
    return warnings


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
