"""Outcome records: the cohort members (people) and what happened to them (events), validated.

people: `person_id`, `cohort`, `group` (treated or comparison), `start_date` (release, referral),
optional `enrolled` (true/false, for cream-skimming checks) and numeric covariates (any other
column; one holding no number at all, such as a name or a note, is text and left out). events:
`person_id`, `kind`, `date`, optional `end_date` (for sustained outcomes such as a job). Every
problem is collected with its file, row and field; nothing is loaded partially.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from townhall.input_files import SAVE_AS_UTF8, file_problem
from townhall.input_tables import (
    date_expected,
    parsed_date,
    parsed_flag,
    parsed_number,
    ragged_rows,
    tidied,
)
from townhall.problems import InvalidInputError, Problem, shorten

MAX_PROBLEMS = 1000
PEOPLE_REQUIRED = ("person_id", "cohort", "group", "start_date")
EVENTS_REQUIRED = ("person_id", "kind", "date")
KNOWN_COLUMNS = (*PEOPLE_REQUIRED, *EVENTS_REQUIRED, "enrolled", "end_date")
DATE = "a date as YYYY-MM-DD or DD/MM/YYYY"


@dataclass(frozen=True)
class Records:
    """Validated people and events, and the people file's columns of text left out of them."""

    people: pl.DataFrame
    events: pl.DataFrame
    ignored: tuple[str, ...] = ()

    def covariate_problems(self, names: list[str], source: str, field: str) -> list[Problem]:
        """A Problem for each of `names` (covariates a contract matches on) that is not a column
        of numbers in the people file."""
        return [
            Problem(
                source,
                field,
                name,
                "a column of numbers in the people file (it holds text, so it was ignored)"
                if name in self.ignored
                else "a column of the people file",
            )
            for name in names
            if name not in self.people.columns or name in (*PEOPLE_REQUIRED, "enrolled")
        ]


def read_records(people_path: Path, events_path: Path) -> Records:
    """Read and validate both files; raise InvalidInputError with every problem in both."""
    problems: list[Problem] = []
    people = _read(people_path, problems)
    events = _read(events_path, problems)
    if people is not None and events is not None:
        return validated(people, events, str(people_path), str(events_path))
    raise InvalidInputError(problems)


def _read(path: Path, problems: list[Problem]) -> pl.DataFrame | None:
    problem = file_problem(path, "an existing CSV file")
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls") and problem is None:
        problem = Problem(str(path), "(file)", path.name, f"a CSV file: {SAVE_AS_UTF8}")
    if problem is not None:
        problems.append(problem)
        return None
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except (pl.exceptions.PolarsError, OSError) as error:
        problems.extend(
            ragged_rows(path)
            or [Problem(str(path), "(file)", path.name, f"a readable CSV file: {error}")]
        )
        return None
    frame, tidy_problems = tidied(frame, str(path), KNOWN_COLUMNS)
    problems.extend(tidy_problems)
    return None if tidy_problems else frame


def validated(
    people: pl.DataFrame,
    events: pl.DataFrame,
    people_source: str = "people",
    events_source: str = "events",
) -> Records:
    """Type and check people and events; every problem at once."""
    problems: list[Problem] = []
    for name in PEOPLE_REQUIRED:
        if name not in people.columns:
            problems.append(Problem(people_source, name, "(missing column)", "a required column"))
    for name in EVENTS_REQUIRED:
        if name not in events.columns:
            problems.append(Problem(events_source, name, "(missing column)", "a required column"))
    if problems:
        raise InvalidInputError(problems)

    def dates(frame: pl.DataFrame, column: str, source: str, required: bool = True) -> pl.Series:
        text = frame[column].cast(pl.String)
        parsed = pl.select(parsed_date(pl.lit(text))).to_series()
        given = text.str.strip_chars().fill_null("") != ""
        bad = (parsed.is_null() & given) | (~given & required)
        for row in np.flatnonzero(bad.to_numpy())[:MAX_PROBLEMS]:
            problems.append(
                Problem(
                    source,
                    column,
                    shorten(text[int(row)]),
                    date_expected(text[int(row)], DATE),
                    row=int(row) + 2,
                )
            )
        return parsed

    start = dates(people, "start_date", people_source)
    group = people["group"].cast(pl.String).str.strip_chars().str.to_lowercase()
    for row in np.flatnonzero(
        (~group.is_in(["treated", "comparison"]) | group.is_null()).to_numpy()
    )[:MAX_PROBLEMS]:
        problems.append(
            Problem(
                people_source,
                "group",
                shorten(people["group"][int(row)]),
                "treated or comparison",
                row=int(row) + 2,
            )
        )
    person_id = people["person_id"].cast(pl.String).str.strip_chars()
    for row in np.flatnonzero((person_id.is_null() | (person_id == "")).to_numpy())[:MAX_PROBLEMS]:
        problems.append(
            Problem(people_source, "person_id", "(empty)", "the person's id", row=int(row) + 2)
        )
    for row in np.flatnonzero(people["person_id"].is_duplicated().to_numpy())[:MAX_PROBLEMS]:
        problems.append(
            Problem(
                people_source,
                "person_id",
                str(people["person_id"][int(row)]),
                "a person_id used once",
                row=int(row) + 2,
            )
        )
    covariates = [c for c in people.columns if c not in (*PEOPLE_REQUIRED, "enrolled")]
    typed_covariates = {}
    ignored = []
    for column in covariates:
        numbers = pl.select(parsed_number(pl.lit(people[column].cast(pl.String)))).to_series()
        given = people[column].cast(pl.String).str.strip_chars().fill_null("") != ""
        bad = numbers.is_null() & given
        if bad.any() and not (numbers.is_not_null() & given).any():
            ignored.append(column)  # text throughout (a name, a note): not a covariate
            continue
        for row in np.flatnonzero(bad.to_numpy())[:MAX_PROBLEMS]:
            problems.append(
                Problem(
                    people_source,
                    column,
                    shorten(people[column][int(row)]),
                    "a number, like this column's other rows (a covariate: a column beyond "
                    "the known ones); if it is not one, delete the column",
                    row=int(row) + 2,
                )
            )
        typed_covariates[column] = numbers
    enrolled = pl.Series([True] * people.height)
    if "enrolled" in people.columns:
        text = people["enrolled"].cast(pl.String)
        enrolled = pl.select(parsed_flag(pl.lit(text))).to_series()
        for row in np.flatnonzero((enrolled.is_null() & text.is_not_null()).to_numpy()):
            problems.append(
                Problem(
                    people_source,
                    "enrolled",
                    shorten(text[int(row)]),
                    "true or false (also yes/no, y/n, 1/0)",
                    row=int(row) + 2,
                )
            )
        enrolled = enrolled.fill_null(False)
    event_date = dates(events, "date", events_source)
    end_date = (
        dates(events, "end_date", events_source, required=False)
        if "end_date" in events.columns
        else pl.Series([None] * events.height, dtype=pl.Date)
    )
    backwards = (end_date < event_date).fill_null(False)
    for row in np.flatnonzero(backwards.to_numpy())[:MAX_PROBLEMS]:
        problems.append(
            Problem(
                events_source,
                "end_date",
                str(end_date[int(row)]),
                f"a date on or after the event's date ({event_date[int(row)]}): an event cannot "
                "end before it starts",
                row=int(row) + 2,
            )
        )
    cohort = people["cohort"].cast(pl.String).str.strip_chars()
    for row in np.flatnonzero((cohort.is_null() | (cohort == "")).to_numpy())[:MAX_PROBLEMS]:
        problems.append(
            Problem(people_source, "cohort", "(empty)", "the cohort's name", row=int(row) + 2)
        )
    if not (group == "treated").any():
        problems.append(
            Problem(
                people_source,
                "group",
                "(no treated member)" if people.height else "(no rows)",
                "at least one treated cohort member: there is no cohort to pay for",
            )
        )
    known = events["person_id"].is_in(people["person_id"].implode())
    for row in np.flatnonzero((~known).to_numpy())[:MAX_PROBLEMS]:
        problems.append(
            Problem(
                events_source,
                "person_id",
                str(events["person_id"][int(row)]),
                "a person_id in the people file",
                row=int(row) + 2,
            )
        )
    if problems:
        raise InvalidInputError(problems[:MAX_PROBLEMS])
    typed_people = pl.DataFrame(
        {
            "person_id": people["person_id"].cast(pl.String),
            "cohort": people["cohort"].cast(pl.String),
            "group": group,
            "start_date": start,
            "enrolled": enrolled,
            **typed_covariates,
        }
    )
    typed_events = pl.DataFrame(
        {
            "person_id": events["person_id"].cast(pl.String),
            "kind": events["kind"].cast(pl.String),
            "date": event_date,
            "end_date": end_date,
        }
    )
    return Records(typed_people, typed_events, tuple(ignored))
