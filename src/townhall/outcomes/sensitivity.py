"""How much of a payment rests on the baseline chosen: the same outcomes priced against other
reasonable baselines (the comparison group's unmatched rate, historical rates, the matched group
with other calipers or covariates), each with its payment and its difference from the contract's."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from townhall.outcomes.metrics import person_outcomes
from townhall.outcomes.payments import PaymentResult, as_of_date, compute_payment
from townhall.outcomes.records import Records
from townhall.outcomes.spec import Baseline, Contract
from townhall.outcomes.value import compute_value
from townhall.problems import InvalidInputError


@dataclass(frozen=True)
class Alternative:
    """One baseline and what the contract would pay against it."""

    baseline: str
    rate: float  # the pooled baseline per person
    payment: Decimal
    difference: Decimal  # from the contract's own payment
    saving: Decimal | None = None  # the public saving this baseline implies (with value data)
    deadweight: Decimal | None = None


def _unmatched_comparison_rate(
    contract: Contract, records: Records, as_of: str | None
) -> float | None:
    """The whole comparison group's outcome per person, without matching (None without one)."""
    metric = contract.metric
    outcomes = person_outcomes(metric, records.people, records.events).filter(
        pl.col("group") == "comparison"
    )
    measured_on = as_of_date(as_of)
    if measured_on is not None:
        days = (pl.lit(measured_on) - pl.col("start_date")).dt.total_days()
        outcomes = outcomes.filter(days >= metric.window_days + metric.data_lag_days)
    return float(outcomes["value"].mean()) if outcomes.height else None  # type: ignore[arg-type]


def alternative_baselines(
    contract: Contract, records: Records, as_of: str | None
) -> list[tuple[str, Baseline]]:
    """The baselines to compare: those the contract lists, the comparison group's unmatched rate,
    and for a matched contract its calipers halved and doubled; unknown covariates refused."""
    own = contract.baseline
    sensitivity = contract.value.sensitivity if contract.value is not None else None
    rates = list(sensitivity.historical_rates) if sensitivity else []
    chosen: list[tuple[str, Baseline]] = []
    unmatched = _unmatched_comparison_rate(contract, records, as_of)
    if unmatched is not None:
        chosen.append(
            (
                f"comparison group, unmatched ({unmatched:.4f})",
                Baseline(
                    kind="historical",
                    rate=unmatched,
                    source="sensitivity: unmatched comparison group",
                ),
            )
        )
    for rate in rates:
        chosen.append(
            (
                f"historical rate {rate:.4f}",
                Baseline(kind="historical", rate=rate, source="value.sensitivity.historical_rates"),
            )
        )
    if own.kind == "matched":
        calipers = sensitivity.calipers if sensitivity and sensitivity.calipers else []
        calipers = calipers or [own.caliper / 2, own.caliper * 2]
        for caliper in calipers:
            chosen.append(
                (
                    f"matched, caliper {caliper:g}",
                    own.model_copy(update={"caliper": caliper}),
                )
            )
        problems = records.covariate_problems(
            [
                name
                for names in (sensitivity.covariate_sets if sensitivity else [])
                for name in names
            ],
            contract.name,
            "value.sensitivity.covariate_sets",
        )
        if problems:
            raise InvalidInputError(problems)
        for covariates in sensitivity.covariate_sets if sensitivity else []:
            chosen.append(
                (
                    f"matched on {', '.join(covariates)}",
                    own.model_copy(update={"covariates": list(covariates)}),
                )
            )
    return chosen


def sensitivity(
    contract: Contract, records: Records, as_of: str | None, payment: PaymentResult
) -> list[Alternative]:
    """The contract's own baseline first, then each alternative with its payment and, when the
    contract carries value data, the saving and deadweight that baseline implies."""
    rows = []
    choices = [(f"the contract's ({contract.baseline.kind})", contract.baseline)]
    for label, baseline in [*choices, *alternative_baselines(contract, records, as_of)]:
        changed = contract.model_copy(update={"baseline": baseline})
        result = (
            payment if baseline is contract.baseline else compute_payment(changed, records, as_of)
        )
        value = compute_value(changed, result) if contract.value is not None else None
        rows.append(
            Alternative(
                label,
                result.pooled.baseline_value,
                result.total,
                result.total - payment.total,
                None if value is None else value.total.saving,
                None if value is None else value.total.deadweight,
            )
        )
    return rows
