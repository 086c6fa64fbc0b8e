"""An outcomes contract as data: metrics, cohorts, baseline, thresholds, prices, caps and fees.

A contract is a TOML file validated by pydantic; every problem is reported at once. Each rule
carries the clause or source it comes from, so a payment line can cite it.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from townhall.input_files import read_utf8
from townhall.problems import InvalidInputError, Problem, problems_from_validation

MetricKind = Literal["binary", "frequency", "time_to_outcome", "sustained"]
Test = Literal["none", "two-proportion", "poisson-rate"]
CONTRACTS_PACKAGE = "townhall.outcomes.contracts"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Metric(Strict):
    """What is measured for each cohort member, and over which window."""

    name: str
    kind: MetricKind
    event: str = Field(
        description="the event kind in the events file that counts, e.g. 'reconviction'"
    )
    window_days: Annotated[int, Field(gt=0)] = Field(
        description="days after the start the event must happen within"
    )
    data_lag_days: Annotated[int, Field(ge=0)] = 0
    sustain_days: Annotated[int, Field(gt=0)] | None = Field(
        default=None, description="sustained: days the outcome must last"
    )
    lower_is_better: bool = Field(
        description="True for reoffending (fewer is better), False for jobs"
    )
    source: str = Field(min_length=3)

    @model_validator(mode="after")
    def _sustained_needs_days(self) -> Metric:
        if self.kind == "sustained" and self.sustain_days is None:
            raise ValueError("a sustained metric needs sustain_days")
        return self


class Baseline(Strict):
    """What the cohort is compared with: a historical rate, or a matched comparison group."""

    kind: Literal["historical", "matched"]
    rate: Annotated[float, Field(ge=0)] | None = Field(
        default=None, description="historical: the baseline rate per person"
    )
    covariates: list[str] = Field(default_factory=list, description="matched: columns to match on")
    matches_per_member: Annotated[int, Field(ge=1, le=20)] = 1
    caliper: Annotated[float, Field(gt=0)] = 0.2
    source: str = Field(min_length=3)

    @model_validator(mode="after")
    def _complete(self) -> Baseline:
        if self.kind == "historical" and self.rate is None:
            raise ValueError("a historical baseline needs a rate")
        if self.kind == "matched" and not self.covariates:
            raise ValueError("a matched baseline needs covariates")
        return self


class Threshold(Strict):
    """The improvement that must be reached before anything is paid."""

    per_cohort: Annotated[float, Field(ge=0, le=1)] | None = Field(
        default=None, description="relative improvement in one cohort"
    )
    pooled: Annotated[float, Field(ge=0, le=1)] | None = Field(
        default=None, description="relative improvement over all cohorts"
    )
    significance: Test = "none"
    alpha: Annotated[float, Field(gt=0, lt=1)] = 0.05
    source: str = Field(min_length=3)


class Price(Strict):
    """How an achieved outcome is paid."""

    basis: Literal["per_outcome", "per_point"] = Field(
        description="per_outcome: each outcome above the baseline; per_point: each percentage point of improvement"
    )
    amount: Annotated[float, Field(ge=0)]
    pays_for: Literal["improvement", "every_outcome"] = Field(
        default="improvement",
        description="improvement: outcomes beyond the baseline; every_outcome: each outcome achieved",
    )
    illustrative: bool = Field(default=False, description="True where no published price was found")
    source: str = Field(min_length=3)


class Fees(Strict):
    """Payments that do not depend on outcomes."""

    attachment_per_member: Annotated[float, Field(ge=0)] = 0.0
    fixed: Annotated[float, Field(ge=0)] = 0.0
    source: str = Field(min_length=3)


class Caps(Strict):
    """Limits on outcome payments."""

    per_cohort: Annotated[float, Field(gt=0)] | None = None
    total: Annotated[float, Field(gt=0)] | None = None
    source: str = Field(min_length=3)


class Saving(Strict):
    """One part of what the public saves per outcome beyond the baseline (a reconviction event
    avoided, a job held), in pounds of its price year, with its source."""

    name: str = Field(min_length=3)
    amount: Annotated[float, Field(ge=0)]
    year: Annotated[int, Field(ge=1990, le=2100)] = Field(description="the price year")
    illustrative: bool = Field(
        default=False, description="True where no published figure was found"
    )
    source: str = Field(min_length=3)


class Delivery(Strict):
    """What it costs the provider to deliver the service, or an estimate of it."""

    per_member: Annotated[float, Field(ge=0)] = 0.0
    fixed: Annotated[float, Field(ge=0)] = 0.0
    estimate: bool = Field(default=True, description="False where the provider's accounts give it")
    illustrative: bool = False
    source: str = Field(min_length=3)


class Investment(Strict):
    """Investors' capital and terms: what they put in and when, and when each cohort's payment
    reaches them (years from the contract's start)."""

    capital: Annotated[float, Field(gt=0)]
    drawn: list[Annotated[float, Field(ge=0)]] = Field(
        description="capital drawn in year 0, 1, 2... of the contract"
    )
    payment_year: dict[str, Annotated[int, Field(ge=0, le=50)]] = Field(
        description="cohort name: the contract year its outcome payment is made"
    )
    share_of_payments: Annotated[float, Field(gt=0, le=1)] = Field(
        default=1.0, description="the share of outcome payments passed to investors"
    )
    illustrative: bool = False
    source: str = Field(min_length=3)

    @model_validator(mode="after")
    def _drawn_is_the_capital(self) -> Investment:
        if abs(sum(self.drawn) - self.capital) > 0.005:
            raise ValueError(
                f"the capital drawn ({sum(self.drawn):,.2f}) must add up to the capital "
                f"({self.capital:,.2f})"
            )
        return self


class Limits(Strict):
    """What the commissioner sets: payments at most a share of the saving; returns and margins
    above a level flagged for review."""

    payment_share_of_saving: Annotated[float, Field(gt=0)] | None = None
    investor_irr_review_above: float | None = None
    investor_multiple_review_above: Annotated[float, Field(gt=0)] | None = None
    provider_margin_review_above: float | None = None
    source: str = Field(min_length=3)


class Sensitivity(Strict):
    """Other reasonable baselines to price the same outcomes against."""

    historical_rates: list[Annotated[float, Field(ge=0)]] = Field(default_factory=list)
    calipers: list[Annotated[float, Field(gt=0)]] = Field(default_factory=list)
    covariate_sets: list[list[str]] = Field(default_factory=list)


class Value(Strict):
    """What the public got for the money: the saving per outcome, the provider's cost, the
    investors' capital, the commissioner's limits and the baselines to compare."""

    savings: list[Saving] = Field(min_length=1)
    delivery: Delivery | None = None
    investment: Investment | None = None
    limits: Limits | None = None
    sensitivity: Sensitivity = Field(default_factory=Sensitivity)


class Contract(Strict):
    """A whole outcomes contract."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    description: str = ""
    metric: Metric
    baseline: Baseline
    threshold: Threshold
    price: Price
    fees: Fees
    caps: Caps
    value: Value | None = None


def bundled_contract_names() -> list[str]:
    """Names of the contracts shipped with Townhall."""
    folder = resources.files(CONTRACTS_PACKAGE)
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def load_contract(path_or_name: str | Path) -> Contract:
    """A contract from a TOML file, or a bundled one by name; every problem reported at once."""
    text = str(path_or_name)
    if not text.endswith(".toml") and text in bundled_contract_names():
        body = (
            resources.files(CONTRACTS_PACKAGE).joinpath(f"{text}.toml").read_text(encoding="utf-8")
        )
        return contract_from_toml(body, f"{text} (bundled)")
    path = Path(path_or_name)
    if not path.exists():
        raise InvalidInputError(
            [
                Problem(
                    str(path),
                    "file",
                    str(path),
                    f"a contract file or one of {', '.join(bundled_contract_names())}",
                )
            ]
        )
    return contract_from_toml(read_utf8(path, "a contract file (.toml)"), str(path))


def contract_from_toml(text: str, source: str) -> Contract:
    """Parse and validate a contract's TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError([Problem(source, "(file)", "", f"valid TOML: {error}")]) from None
    try:
        return Contract.model_validate(data)
    except ValidationError as error:
        raise InvalidInputError(problems_from_validation(error, source)) from None
