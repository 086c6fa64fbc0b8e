"""The deal register and the accountability maps the public pages show, read once at start-up.

A council can publish its own deal register (`TOWNHALL_DEALS_REGISTER`, a folder) and its own
places' maps (`TOWNHALL_MANDATE_REGISTERS`, files that add to the bundled places). Everything is
read and checked when the service starts, so a mistake stops it with every problem listed rather
than failing page by page. The diagrams are drawn on first request and kept for the process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from fastapi import Request

from townhall.deals.appraisal import Appraisal, load_appraisal
from townhall.deals.model import Deal
from townhall.deals.register import load_deals
from townhall.deals.report import heatmap
from townhall.deals.rubric import Rubric, bundled_rubric
from townhall.deals.scorecard import Scorecard, scorecard
from townhall.mandate.diagram import map_chart
from townhall.mandate.register import (
    Register,
    bundled_place_names,
    load_bundled,
    load_register_file,
)
from townhall.problems import InvalidInputError, Problem, read_every
from townhall.reports.charts import chart_svg


@dataclass(frozen=True)
class DealRegister:
    """A register's deals and their appraisals, keyed by deal id, in file-name order."""

    rubric: Rubric
    deals: dict[str, Deal]
    appraisals: dict[str, Appraisal]

    def cards(self) -> list[Scorecard]:
        """Every deal's scorecard, in register order."""
        return [
            scorecard(deal, self.appraisals[key], self.rubric) for key, deal in self.deals.items()
        ]

    def appraised_cards(self) -> list[Scorecard]:
        """The scorecards of deals scored on at least one criterion (the others have nothing to
        compare yet)."""
        return [card for card in self.cards() if any(line.score is not None for line in card.lines)]

    @cached_property
    def comparison_svg(self) -> str:
        """The comparison grid of the appraised deals, drawn once (slow to draw, never changes)."""
        return chart_svg(heatmap(self.appraised_cards(), self.rubric))


@dataclass(frozen=True)
class PlaceMap:
    """One place's accountability register and where it was read from."""

    register: Register
    source: str

    @cached_property
    def svg(self) -> str:
        """The diagram, drawn once."""
        return chart_svg(map_chart(self.register))


@dataclass(frozen=True)
class PublishedRegisters:
    """What the public `/deals` and `/mandate` pages show."""

    deals: DealRegister
    places: dict[str, PlaceMap]


def load_deal_register(folder: Path) -> DealRegister:
    """Every deal in `folder` with its appraisal; problems from all files reported together."""
    rubric = bundled_rubric()
    deals = {deal.id: deal for deal in load_deals(folder)}
    if not deals:
        raise InvalidInputError(
            [Problem(str(folder), "register", str(folder), "a folder with deal .toml files")]
        )
    appraisals = read_every(deals, lambda key: load_appraisal(folder, key, rubric))
    return DealRegister(rubric, deals, dict(zip(deals, appraisals, strict=True)))


def load_places(own_files: Sequence[Path]) -> dict[str, PlaceMap]:
    """The bundled places, then each of a council's own register files as one more place.

    An own file may not describe a place that is already mapped (bundled, or in an earlier file):
    a council that wants its own version of a bundled place gives it its own place id.
    """
    places = {
        name: PlaceMap(load_bundled(name), "bundled with Townhall")
        for name in bundled_place_names()
    }
    problems: list[Problem] = []
    for path in own_files:
        try:
            register = load_register_file(path)
        except InvalidInputError as error:
            problems.extend(error.problems)
            continue
        place = register.place.id
        if place in places:
            problems.append(
                Problem(
                    str(path),
                    "place.id",
                    place,
                    f"a place id not already mapped ({place} is {places[place].source})",
                )
            )
            continue
        places[place] = PlaceMap(register, f"in {path}")
    if problems:
        raise InvalidInputError(problems)
    return places


def load_published_registers(
    deals_folder: Path, mandate_files: Sequence[Path]
) -> PublishedRegisters:
    """The deal register and the places' maps, every problem in either listed at once."""
    problems: list[Problem] = []
    deals: DealRegister | None = None
    places: dict[str, PlaceMap] = {}
    try:
        deals = load_deal_register(deals_folder)
    except InvalidInputError as error:
        problems.extend(error.problems)
    try:
        places = load_places(mandate_files)
    except InvalidInputError as error:
        problems.extend(error.problems)
    if problems or deals is None:
        raise InvalidInputError(problems)
    return PublishedRegisters(deals, places)


def loaded_registers(request: Request) -> PublishedRegisters:
    """The registers the app loaded at start-up."""
    registers: PublishedRegisters = request.app.state.registers
    return registers
