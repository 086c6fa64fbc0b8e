"""Counting closed answers: counts and percentages per option, ranking summaries, ward vs area."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class OptionCount:
    """How many respondents chose an option, as a share of those who answered the question."""

    label: str
    count: int
    percent: float


@dataclass(frozen=True)
class Tally:
    """The counts for one closed question over a set of responses."""

    answered: int
    options: tuple[OptionCount, ...]


def percent(part: int, whole: int) -> float:
    """`part` as a percentage of `whole`, 0 when there is no whole."""
    return 100.0 * part / whole if whole else 0.0


def tally(choices: Sequence[tuple[int, str]], answers: Sequence[Collection[int]]) -> Tally:
    """Count each option over the responses that answered (one set of chosen ids per response).

    Percentages are of respondents who answered, so for multiple choice they can add up to more
    than 100.
    """
    answered = [chosen for chosen in answers if chosen]
    counts = Counter(choice for chosen in answered for choice in set(chosen))
    return counted_tally(choices, counts, len(answered))


def counted_tally(
    choices: Sequence[tuple[int, str]], counts: Mapping[int, int], answered: int
) -> Tally:
    """The tally from each option's count of respondents and how many answered (counted by the
    database for a large consultation)."""
    return Tally(
        answered=answered,
        options=tuple(
            OptionCount(
                label, counts.get(choice_id, 0), percent(counts.get(choice_id, 0), answered)
            )
            for choice_id, label in choices
        ),
    )


@dataclass(frozen=True)
class RankSummary:
    """An option of a ranking question: how often it came first and its average position."""

    label: str
    first_preferences: int
    mean_rank: float | None


def rank_summary(
    choices: Sequence[tuple[int, str]], rankings: Sequence[Mapping[int, int]]
) -> list[RankSummary]:
    """First preferences and mean rank per option, over the responses that ranked."""
    complete = [ranking for ranking in rankings if ranking]
    summaries = []
    for choice_id, label in choices:
        ranks = [ranking[choice_id] for ranking in complete if choice_id in ranking]
        summaries.append(
            RankSummary(
                label=label,
                first_preferences=sum(1 for rank in ranks if rank == 1),
                mean_rank=sum(ranks) / len(ranks) if ranks else None,
            )
        )
    return summaries


# Under this many answers, a share moves by 10 points or more with one person's answer, and a
# difference from the area is more likely chance than a real difference: say so beside it.
SMALL_COUNT = 10


@dataclass(frozen=True)
class WardComparison:
    """An option's share in a ward beside its share across the whole area."""

    label: str
    ward_count: int
    ward_percent: float
    area_percent: float
    difference_points: float


def compare_with_area(ward: Tally, area: Tally) -> list[WardComparison]:
    """Each option's ward percentage, area percentage and the gap in percentage points."""
    return [
        WardComparison(
            label=in_ward.label,
            ward_count=in_ward.count,
            ward_percent=in_ward.percent,
            area_percent=in_area.percent,
            difference_points=in_ward.percent - in_area.percent,
        )
        for in_ward, in_area in zip(ward.options, area.options, strict=True)
    ]
