"""A city deal as data: who agreed it, what was asked and offered, and what was promised when.

Every stated fact names one of the deal's `sources` by key, so each figure can be traced to the
document that states it. Anything no source states is left out (an empty list or None), never
guessed. Validation reports every problem at once with its exact field path.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

Objective = Literal["growth", "rebalancing", "decentralisation", "governance"]
OBJECTIVES: dict[str, str] = {
    "growth": "Boost local economic growth",
    "rebalancing": "Rebalance the economy spatially and sectorally",
    "decentralisation": "Decentralise the powers and levers cities need to drive growth",
    "governance": "Strengthen governance and leadership",
}
Status = Literal["not started", "on track", "delayed", "delivered", "dropped"]
STATUSES: tuple[Status, ...] = ("not started", "on track", "delayed", "delivered", "dropped")
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _known_source(key: str, info: ValidationInfo) -> str:
    """A fact's `source` must name one of the deal's sources (passed in the validation context)."""
    known = (info.context or {}).get("sources")
    if known is not None and key not in known:
        listed = ", ".join(sorted(known)) or "none are defined"
        raise ValueError(f"the key of one of this file's sources ({listed})")
    return key


SourceKey = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(_known_source)]


class Source(Strict):
    """A public document that states facts: its title and where to find it (URL or document)."""

    title: Text
    publisher: str | None = None
    published: dt.date | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$", max_length=500)] | None = None
    document: Text | None = Field(
        default=None, description="a document that is not online: its name, and page if useful"
    )

    @model_validator(mode="after")
    def _locatable(self) -> Source:
        if self.url is None and self.document is None:
            raise ValueError("a url or a document saying where to find this source")
        return self


class Partner(Strict):
    """A body that is party to the deal."""

    name: Text
    kind: Literal[
        "council", "combined authority", "local enterprise partnership", "government", "other"
    ]
    source: SourceKey


class DealDate(Strict):
    """A step in the deal's life; `date` is None where a source states the step but not when."""

    event: Literal["invited", "proposal submitted", "announced", "agreed", "signed", "published"]
    date: dt.date | None = None
    source: SourceKey


ITEM_KINDS_IN_WORDS = {
    "power": "A power",
    "fund": "Money",
    "jobs": "Jobs (a target)",
    "homes": "Homes (a target)",
    "apprenticeships": "Apprenticeships (a target)",
    "trainees": "Trainees (a target)",
    "other": "Something else",
}
"""Each kind of thing asked for or offered, as residents read it."""


class Item(Strict):
    """One thing asked for or offered: a power, a fund in £ with its period, or a target."""

    kind: Literal["power", "fund", "jobs", "homes", "apprenticeships", "trainees", "other"]
    description: Text
    amount_pounds: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="fund: the sum in whole pounds as the source states it"
    )
    period: Annotated[str, Field(max_length=100)] | None = Field(
        default=None, description="the period the sum or target covers, as the source puts it"
    )
    count: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="jobs, homes or apprenticeships: the number targeted"
    )
    source: SourceKey

    @model_validator(mode="after")
    def _figure_fits_kind(self) -> Item:
        if self.count is not None and self.kind not in (
            "jobs",
            "homes",
            "apprenticeships",
            "trainees",
        ):
            raise ValueError("count only on a jobs, homes, apprenticeships or trainees item")
        if self.amount_pounds is not None and self.kind not in ("fund", "other"):
            raise ValueError("amount_pounds only on a fund (or other) item")
        return self


class ObjectiveClaim(Strict):
    """The deal's own claim to serve one of the four city deal objectives."""

    objective: Objective
    claim: Text
    source: SourceKey


class Statement(Strict):
    """A governance change or a low-carbon commitment, in the source's terms."""

    text: Text
    source: SourceKey


class StatusUpdate(Strict):
    """What a source said of a milestone's progress on a date."""

    date: dt.date
    status: Status
    delivered: Text | None = Field(default=None, description="what had been delivered by then")
    source: SourceKey


class Milestone(Strict):
    """A commitment with its due date and the history of its delivery."""

    id: Slug
    commitment: Text
    due: dt.date | None = None
    source: SourceKey
    history: list[StatusUpdate] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _history_in_order(self) -> Milestone:
        dates = [update.date for update in self.history]
        if dates != sorted(dates):
            raise ValueError("history in date order, earliest first")
        return self


class Deal(Strict):
    """One city deal: place, wave, partners, dates, asks and offers, objectives and milestones."""

    id: Slug
    title: Text
    place: Text
    wave: Annotated[int, Field(ge=1, le=9)]
    sources: dict[Slug, Source] = Field(min_length=1, max_length=200)
    partners: list[Partner] = Field(default_factory=list, max_length=200)
    dates: list[DealDate] = Field(default_factory=list, max_length=50)
    asks: list[Item] = Field(
        default_factory=list, max_length=500, description="what the locality asked government for"
    )
    offers: list[Item] = Field(
        default_factory=list,
        max_length=500,
        description="what the agreed deal provides, from government or from the local partners",
    )
    objectives: list[ObjectiveClaim] = Field(default_factory=list, max_length=50)
    governance_changes: list[Statement] = Field(default_factory=list, max_length=200)
    low_carbon_commitments: list[Statement] = Field(default_factory=list, max_length=200)
    milestones: list[Milestone] = Field(default_factory=list, max_length=500)

    @model_validator(mode="after")
    def _milestone_ids_unique(self) -> Deal:
        ids = [milestone.id for milestone in self.milestones]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"each milestone id once; repeated: {', '.join(repeated)}")
        return self

    def date_of(self, event: str) -> dt.date | None:
        """The date of an event (e.g. 'agreed'), or None where no source gives it."""
        return next((d.date for d in self.dates if d.event == event), None)
