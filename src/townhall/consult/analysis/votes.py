"""Reading residents' votes on statements from a table, checking every row in one pass."""

from __future__ import annotations

import polars as pl

from townhall.consult.analysis.opinion import Vote, VoteValue
from townhall.problems import InvalidInputError, Problem

VALUES: dict[str, VoteValue] = {
    "agree": 1,
    "1": 1,
    "disagree": -1,
    "-1": -1,
    "pass": 0,
    "0": 0,
}


def votes_from_frame(frame: pl.DataFrame, source: str) -> list[Vote]:
    """Votes from columns participant, statement, vote (agree/disagree/pass or 1/-1/0)."""
    missing = [c for c in ("participant", "statement", "vote") if c not in frame.columns]
    if missing:
        raise InvalidInputError(
            [
                Problem(source, "column", name, "columns participant, statement, vote")
                for name in missing
            ]
        )
    problems, votes = [], []
    for index, row in enumerate(frame.iter_rows(named=True)):
        value = VALUES.get((row["vote"] or "").strip().lower())
        for field in ("participant", "statement"):
            if not (row[field] or "").strip():
                problems.append(Problem(source, field, "(blank)", "a value", row=index + 2))
        if value is None:
            problems.append(
                Problem(source, "vote", str(row["vote"]), "agree, disagree or pass", row=index + 2)
            )
        else:
            votes.append(Vote(row["participant"] or "", row["statement"] or "", value))
    if problems:
        raise InvalidInputError(problems)
    if not votes:
        raise InvalidInputError([Problem(source, "rows", "0", "at least one vote")])
    return votes
