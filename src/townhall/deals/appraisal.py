"""An appraisal: the appraiser's score, note and confirmed evidence for each rubric criterion.

Stored as `<deal>.appraisal.toml` in the register. A score rests on confirmed passages of the
imported evidence, or on a published source (for a judgement taken from someone else's study).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import tomli_w
from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from townhall.deals.model import Slug, Source, SourceKey, Strict, Text
from townhall.deals.register import APPRAISAL_SUFFIX, read_toml
from townhall.deals.rubric import Rubric
from townhall.problems import InvalidInputError, Problem, problems_from_validation
from townhall.reports.files import atomic_path


class Score(Strict):
    """The score given on one criterion, why, by whom, and the evidence it rests on."""

    criterion: Annotated[str, Field(min_length=1, max_length=60)]
    score: Annotated[int, Field(ge=0)]
    note: Text
    appraiser: Annotated[str, Field(min_length=1, max_length=200)]
    date: dt.date
    passages: list[Annotated[str, Field(max_length=300)]] = Field(
        default_factory=list, max_length=50, description="ids of confirmed evidence passages"
    )
    source: SourceKey | None = Field(
        default=None, description="a published judgement this score takes, from [sources]"
    )

    @field_validator("criterion")
    @classmethod
    def _known_criterion(cls, value: str, info: ValidationInfo) -> str:
        maxima: dict[str, int] | None = (info.context or {}).get("criteria")
        if maxima is not None and value not in maxima:
            raise ValueError(f"one of: {', '.join(maxima)}")
        return value

    @field_validator("score")
    @classmethod
    def _within_levels(cls, value: int, info: ValidationInfo) -> int:
        maxima: dict[str, int] | None = (info.context or {}).get("criteria")
        criterion = info.data.get("criterion")
        if maxima is not None and criterion in maxima and value > maxima[criterion]:
            raise ValueError(f"a score from 0 to {maxima[criterion]}")
        return value

    @model_validator(mode="after")
    def _has_evidence(self) -> Score:
        if not self.passages and self.source is None:
            raise ValueError("evidence: confirmed passages, or a source")
        return self


class Appraisal(Strict):
    """Every score given to one deal."""

    deal: Slug
    sources: dict[Slug, Source] = Field(default_factory=dict, max_length=100)
    scores: list[Score] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _one_score_per_criterion(self) -> Appraisal:
        criteria = [s.criterion for s in self.scores]
        repeated = sorted({c for c in criteria if criteria.count(c) > 1})
        if repeated:
            raise ValueError(f"one score per criterion; repeated: {', '.join(repeated)}")
        return self

    def score_for(self, criterion: str) -> Score | None:
        """The score given on a criterion, or None if it has not been appraised."""
        return next((s for s in self.scores if s.criterion == criterion), None)


def appraisal_path(register: Path, deal: str) -> Path:
    """Where a deal's appraisal is kept."""
    return register / f"{deal}{APPRAISAL_SUFFIX}"


def appraisal_from_data(data: dict[str, Any], rubric: Rubric, source: str) -> Appraisal:
    """Validate an appraisal against the rubric; every problem reported at once."""
    sources = data.get("sources")
    context = {
        "criteria": {c.key: c.max_score for c in rubric.criteria},
        "sources": set(sources) if isinstance(sources, dict) else set(),
    }
    try:
        return Appraisal.model_validate(data, context=context)
    except ValidationError as error:
        raise InvalidInputError(problems_from_validation(error, source)) from None


def score_from_data(data: dict[str, Any], rubric: Rubric, source: str) -> Score:
    """Validate one score given on the command line or a form against the rubric."""
    context = {"criteria": {c.key: c.max_score for c in rubric.criteria}, "sources": set()}
    try:
        return Score.model_validate(data, context=context)
    except ValidationError as error:
        raise InvalidInputError(problems_from_validation(error, source)) from None


def load_appraisal(register: Path, deal: str, rubric: Rubric) -> Appraisal:
    """A deal's appraisal, or an empty one when it has not been appraised."""
    path = appraisal_path(register, deal)
    if not path.exists():
        return Appraisal(deal=deal)
    appraisal = appraisal_from_data(read_toml(path), rubric, str(path))
    if appraisal.deal != deal:
        raise InvalidInputError([Problem(str(path), "deal", appraisal.deal, f"'{deal}'")])
    return appraisal


def record_score(appraisal: Appraisal, score: Score) -> Appraisal:
    """The appraisal with `score` in place of any earlier score on the same criterion."""
    kept = [s for s in appraisal.scores if s.criterion != score.criterion]
    return appraisal.model_copy(update={"scores": [*kept, score]})


def unknown_passages(score: Score, known_ids: Iterable[str], source: str) -> list[Problem]:
    """A Problem for each confirmed passage id that is not in the deal's evidence."""
    known = set(known_ids)
    return [
        Problem(source, "passages", passage, "the id of an imported passage of this deal")
        for passage in score.passages
        if passage not in known
    ]


def save_appraisal(register: Path, appraisal: Appraisal) -> Path:
    """Write the appraisal as TOML, atomically."""
    path = appraisal_path(register, appraisal.deal)
    data = appraisal.model_dump(exclude_none=True)
    with atomic_path(path) as temporary:
        temporary.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path
