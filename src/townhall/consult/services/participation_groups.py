"""Opinion groups for a consultation's votes: the analysis, the chart and its text alternative,
and a cache so that a busy public page does not redo the analysis on every request.

Participants appear in the chart only as "Participant 1, 2..."; their session tokens never leave
the database. Public pages show the groups only when every group has `MIN_PUBLIC_GROUP` people.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from townhall.consult.analysis.opinion import OpinionGroups, opinion_groups, vote_matrix
from townhall.consult.analysis.opinion_chart import group_name, opinion_chart
from townhall.consult.models import Consultation, Statement, StatementVote
from townhall.consult.rules.participation import MIN_PARTICIPANTS, MIN_PUBLIC_GROUP, MIN_VOTES
from townhall.consult.services.participation_statements import (
    StatementTally,
    participant_count,
    tallies,
    votes_for_analysis,
)
from townhall.reports.charts import chart_svg


@dataclass(frozen=True)
class Group:
    """One opinion group: its name, size, and whether its rates may be shown publicly."""

    name: str
    size: int
    shown_publicly: bool


@dataclass(frozen=True)
class GroupRates:
    """How one group voted on one statement: votes cast and the percentage of each kind."""

    votes: int
    agree: float
    disagree: float
    passed: float


@dataclass(frozen=True)
class GroupedStatement:
    """A statement with each group's votes on it."""

    text: str
    rates: list[GroupRates]


@dataclass(frozen=True)
class GroupsReport:
    """Everything the officer and public pages show about the votes (no individual vote)."""

    participants: int
    votes: int
    eligible: int
    tallies: list[StatementTally]
    groups: list[Group]
    statements: list[GroupedStatement]
    consensus: list[GroupedStatement]
    divisive: list[GroupedStatement]
    chart: str | None
    chart_text: str
    not_computed: str | None

    @property
    def publishable(self) -> bool:
        """Groups are shown publicly only when every group is large enough: withholding one
        small group's figures would not do, as they follow from the totals and the others'."""
        return all(group.shown_publicly for group in self.groups)


def groups_report(session: Session, consultation: Consultation) -> GroupsReport:
    """Count the votes and, with enough participants, find the opinion groups."""
    counted = tallies(session, consultation)
    votes = votes_for_analysis(session, consultation)
    matrix = vote_matrix(votes)
    cast = (~np.isnan(matrix.values)).sum(axis=1) if votes else np.zeros(0)
    eligible = int((cast >= MIN_VOTES).sum())
    report = GroupsReport(
        participant_count(session, consultation),
        len(votes),
        eligible,
        counted,
        [],
        [],
        [],
        [],
        None,
        "",
        None,
    )
    if eligible < MIN_PARTICIPANTS or len(counted) < 2:
        return replace(report, not_computed=_why_not(eligible, len(counted)))
    found = opinion_groups(matrix, min_votes=MIN_VOTES)
    kept = matrix.values[cast >= MIN_VOTES]
    texts = {str(t.id): t.text for t in counted}
    rows = {
        name: GroupedStatement(texts[name], _rates(kept[:, column], found.labels))
        for column, name in enumerate(matrix.statements)
    }
    groups = [
        Group(group_name(label), size, size >= MIN_PUBLIC_GROUP)
        for label, size in enumerate(found.group_sizes)
    ]
    return replace(
        report,
        groups=groups,
        statements=[rows[str(t.id)] for t in counted if str(t.id) in rows],
        consensus=[rows[result.statement] for result in found.consensus],
        divisive=[rows[result.statement] for result in found.divisive],
        chart=_chart_uri(found),
        chart_text=_chart_text(groups),
    )


def _why_not(eligible: int, statements: int) -> str:
    """Why there are no groups yet, in plain English."""
    people = "person has" if eligible == 1 else "people have"
    return (
        f"Opinion groups are worked out once at least {MIN_PARTICIPANTS} people have each voted "
        f"on {MIN_VOTES} or more statements and there are at least 2 statements (so far "
        f"{eligible} {people}, and there {'is' if statements == 1 else 'are'} {statements} "
        f"statement{'' if statements == 1 else 's'}). With fewer, groups of one or two people "
        "would show how individuals voted, and the grouping could not be told from chance."
    )


def _rates(column: np.ndarray, labels: np.ndarray) -> list[GroupRates]:
    """Each group's votes on one statement: how many, and the share agreeing, disagreeing, passing."""
    rates = []
    for group in range(int(labels.max()) + 1):
        cast = column[(labels == group) & ~np.isnan(column)]
        shares = [100.0 * float((cast == value).sum()) / max(len(cast), 1) for value in (1, -1, 0)]
        rates.append(GroupRates(len(cast), *shares))
    return rates


def _chart_uri(found: OpinionGroups) -> str:
    """The groups chart as an SVG data: URI, with participants numbered instead of named."""
    numbered = replace(
        found, participants=[f"Participant {i + 1}" for i in range(len(found.participants))]
    )
    svg = chart_svg(opinion_chart(numbered, title="Opinion groups"))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _chart_text(groups: list[Group]) -> str:
    """The chart in words, for people who cannot see it."""
    sizes = "; ".join(
        f"{group.name}, {group.size} {'person' if group.size == 1 else 'people'}"
        for group in groups
    )
    return (
        f"Scatter chart placing each participant by how they voted, so that people who voted "
        f"alike are close together. It shows {len(groups)} groups: {sizes}. How each group voted "
        "on every statement is in the table below."
    )


class ReportCache:
    """The newest report per consultation. Officers always get one matching the votes now; public
    pages may get one up to `max_age` seconds old. One analysis runs at a time, so a flood of
    requests queues for the first result instead of running the analysis once each."""

    def __init__(self, max_age: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_age = max_age
        self._clock = clock
        self._entries: dict[int, tuple[tuple[object, ...], float, GroupsReport]] = {}
        self._lock = threading.Lock()

    def report(self, session: Session, consultation: Consultation, fresh: bool) -> GroupsReport:
        """The report for the votes now (`fresh`), or one made in the last `max_age` seconds."""
        with self._lock:
            key = _version(session, consultation)
            entry = self._entries.get(consultation.id)
            if entry is not None:
                made_for, made_at, report = entry
                if made_for == key or (not fresh and self._clock() - made_at < self.max_age):
                    return report
            report = groups_report(session, consultation)
            self._entries[consultation.id] = (key, self._clock(), report)
            return report


def _version(session: Session, consultation: Consultation) -> tuple[object, ...]:
    """What the report depends on: the approved statements and the newest vote (a changed vote
    gets a new time)."""
    statements = tuple(
        session.scalars(
            select(Statement.id)
            .where(Statement.consultation_id == consultation.id, Statement.moderation == "approved")
            .order_by(Statement.id)
        )
    )
    votes = session.execute(
        select(func.count(), func.max(StatementVote.id), func.max(StatementVote.voted_at))
        .join(Statement, Statement.id == StatementVote.statement_id)
        .where(Statement.consultation_id == consultation.id, Statement.moderation == "approved")
    ).one()
    return (statements, *votes)
