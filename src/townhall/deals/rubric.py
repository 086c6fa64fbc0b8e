"""The appraisal rubric as data: each criterion's question, its four score levels and the search
terms that propose evidence. The bundled rubric is `rubric.toml` beside this module."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from townhall.problems import InvalidInputError, Problem, problems_from_validation

Lens = Literal["objectives", "low carbon"]
LENSES: tuple[Lens, ...] = ("objectives", "low carbon")


class Criterion(BaseModel):
    """One question an appraiser scores, with what each score means."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    lens: Lens
    title: str
    question: str
    search_terms: list[str] = Field(min_length=1)
    levels: list[str] = Field(
        min_length=2, max_length=11, description="levels[n] describes score n"
    )

    @property
    def max_score(self) -> int:
        """The highest score: the number of levels less one."""
        return len(self.levels) - 1


class Rubric(BaseModel):
    """Every criterion, in the order they are shown."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _keys_unique(self) -> Rubric:
        keys = [c.key for c in self.criteria]
        if len(set(keys)) != len(keys):
            raise ValueError("each criterion key once")
        return self

    def criterion(self, key: str) -> Criterion:
        """The criterion with this key."""
        for criterion in self.criteria:
            if criterion.key == key:
                return criterion
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        """The criteria's keys in order."""
        return [c.key for c in self.criteria]

    def of_lens(self, lens: str) -> list[Criterion]:
        """The criteria of one lens."""
        return [c for c in self.criteria if c.lens == lens]


def rubric_from_toml(text: str, source: str) -> Rubric:
    """A rubric from TOML text; every problem reported at once."""
    try:
        return Rubric.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError([Problem(source, "(file)", "", f"valid TOML: {error}")]) from None
    except ValidationError as error:
        raise InvalidInputError(problems_from_validation(error, source)) from None


def bundled_rubric() -> Rubric:
    """The rubric shipped with Townhall: four objectives and three low-carbon questions, 0-3."""
    text = resources.files("townhall.deals").joinpath("rubric.toml").read_text(encoding="utf-8")
    return rubric_from_toml(text, "rubric.toml (bundled)")
