"""A place's accountability register as data: bodies, whom they answer to, services and roles.

A register is a TOML file an officer can edit, validated by pydantic; type errors and broken
cross-references (unknown body ids, answers_to targets) are reported together, in one pass.
"""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from townhall.input_files import read_utf8
from townhall.mandate.cross_references import cross_reference_problems
from townhall.mandate.vocabulary import (
    DIRECTLY_ELECTED_LOCALLY,
    BodyKind,
    OverseerKind,
    Role,
    Selection,
    ServiceId,
)
from townhall.problems import InvalidInputError, Problem, problems_from_validation

PLACES_PACKAGE = "townhall.mandate.places"
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Where a fact comes from: a title a person can recognise and an address to check it."""

    title: Text
    url: Annotated[str, Field(pattern=r"^https?://\S+$", max_length=500)]


class Spending(Strict):
    """One published spending figure for a body, in pounds a year."""

    amount_pounds: Annotated[float, Field(gt=0)]
    year: Annotated[
        str, Field(pattern=r"^\d{4}/\d{2}$", description="financial year, e.g. 2025/26")
    ]
    what: Text = Field(description="what the figure is, e.g. 'net revenue budget'")
    area: Text = Field(description="the area the figure covers, which may be wider than the place")
    source: Source


class Body(Strict):
    """A body that runs, commissions, funds or oversees a local service."""

    id: Identifier
    name: Text
    kind: BodyKind
    chosen: Selection
    chosen_detail: str = Field(default="", max_length=2000)
    answers_to: Annotated[list[Identifier], Field(min_length=1)]
    area: Text
    since: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=4000)
    sources: Annotated[list[Source], Field(min_length=1)]
    spending: Spending | None = None
    spending_note: str = Field(
        default="", max_length=2000, description="why no figure is recorded, where none is"
    )

    @property
    def directly_elected_locally(self) -> bool:
        """True when local voters choose this body's members or holder directly."""
        return self.chosen in DIRECTLY_ELECTED_LOCALLY


class Overseer(Strict):
    """Someone a body answers to that runs no local service: voters, a minister, a panel."""

    id: Identifier
    name: Text
    kind: OverseerKind
    sources: list[Source] = Field(default_factory=list)


class ServiceRole(Strict):
    """One body's part in one service here."""

    body: Identifier
    service: ServiceId
    role: Role
    note: str = Field(default="", max_length=2000)
    sources: list[Source] = Field(default_factory=list)


class Place(Strict):
    """The place a register describes and when its facts were checked."""

    id: Identifier
    name: Text
    checked: date = Field(description="the date the facts were last checked against the sources")
    note: str = Field(default="", max_length=4000)


class Register(Strict):
    """A whole accountability map for one place."""

    place: Place
    bodies: Annotated[list[Body], Field(min_length=1)]
    overseers: list[Overseer] = Field(default_factory=list)
    roles: Annotated[list[ServiceRole], Field(min_length=1)]

    def body(self, body_id: str) -> Body:
        """The body with this id."""
        return next(body for body in self.bodies if body.id == body_id)

    def accountable_name(self, target_id: str) -> str:
        """The name of a body or overseer that something answers to."""
        for body in self.bodies:
            if body.id == target_id:
                return body.name
        return next(o.name for o in self.overseers if o.id == target_id)

    def mapped_services(self) -> list[str]:
        """Services with at least one role here, in vocabulary order."""
        from townhall.mandate.vocabulary import SERVICE_IDS

        present = {role.service for role in self.roles}
        return [service for service in SERVICE_IDS if service in present]


def bundled_place_names() -> list[str]:
    """Ids of the registers shipped with Townhall."""
    folder = resources.files(PLACES_PACKAGE)
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def load_bundled(place: str) -> Register:
    """A bundled register by place id; an unknown id names the known ones."""
    if place not in bundled_place_names():
        raise InvalidInputError(
            [
                Problem(
                    "townhall mandate", "place", place, f"one of {', '.join(bundled_place_names())}"
                )
            ]
        )
    text = resources.files(PLACES_PACKAGE).joinpath(f"{place}.toml").read_text(encoding="utf-8")
    return register_from_toml(text, f"{place} (bundled)")


def load_register_file(path: str | Path) -> Register:
    """A register from a TOML file an officer edited; every problem reported at once."""
    file = Path(path)
    if not file.is_file():
        raise InvalidInputError(
            [Problem(str(file), "file", str(file), "an existing register file")]
        )
    return register_from_toml(read_utf8(file, "a register file (.toml)"), str(file))


def register_from_toml(text: str, source: str) -> Register:
    """Parse and validate a register's TOML text: field errors and cross-references together."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError([Problem(source, "(file)", "", f"valid TOML: {error}")]) from None
    return register_from_data(data, source)


def register_from_data(data: dict[str, Any], source: str) -> Register:
    """Validate parsed register data; raise InvalidInputError listing every problem found."""
    problems: list[Problem] = []
    register: Register | None = None
    try:
        register = Register.model_validate(data)
    except ValidationError as error:
        problems.extend(problems_from_validation(error, source))
    problems.extend(cross_reference_problems(data, source))
    if problems or register is None:
        raise InvalidInputError(problems)
    return register
