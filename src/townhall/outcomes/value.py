"""What the public got for the money: per period (cohort) and in total, the payments, the estimated
public saving from the outcomes beyond the baseline, the share of that saving paid out, payments for
outcomes the baseline says would have happened anyway (deadweight), the provider's margin, and the
investors' money multiple and internal rate of return; then the commissioner's limits checked.

Money is in Decimal pounds, rounded to the penny, halves up (`payments.pounds`), at each figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from townhall.outcomes.payments import CohortResult, PaymentResult, pounds
from townhall.outcomes.spec import Contract, Limits, Value
from townhall.problems import InvalidInputError, Problem

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Figure:
    """One figure with its working and the clause or source it rests on."""

    measure: str
    shown: str
    working: str
    source: str


@dataclass(frozen=True)
class PeriodValue:
    """One period's (cohort's) value for money, or the whole contract's."""

    period: str
    members: int
    payments: Decimal
    additional_outcomes: float
    saving: Decimal
    deadweight: Decimal
    delivery_cost: Decimal | None

    @property
    def share_of_saving(self) -> float | None:
        """Payments ÷ saving; None when nothing was saved."""
        return float(self.payments / self.saving) if self.saving > 0 else None

    @property
    def margin(self) -> Decimal | None:
        """Payments less the provider's delivery cost, where the cost is known."""
        return None if self.delivery_cost is None else self.payments - self.delivery_cost


@dataclass(frozen=True)
class InvestorReturn:
    """The investors' cash flows by contract year, their money multiple and IRR."""

    flows: list[Decimal]
    invested: Decimal
    received: Decimal
    multiple: float
    irr: float | None


@dataclass(frozen=True)
class Breach:
    """A limit the commissioner set that the figures pass, with both."""

    limit: str
    figure: str
    reading: str


@dataclass(frozen=True)
class ValueResult:
    """The whole value-for-money account of one payment computation."""

    contract: Contract
    periods: list[PeriodValue]
    total: PeriodValue
    investor: InvestorReturn | None
    breaches: list[Breach]
    figures: list[Figure]


def money(amount: Decimal, signed: bool = False) -> str:
    """£1,234.56, a loss as −£1,234.56 (and a gain as +£1,234.56 when `signed`)."""
    sign = "−" if amount < 0 else ("+" if signed else "")
    return f"{sign}£{abs(amount):,}"


def saving_per_outcome(value: Value) -> Decimal:
    """The public saving per outcome beyond the baseline: the sum of its parts."""
    return pounds(sum(Decimal(str(part.amount)) for part in value.savings))


def additional_outcomes(result: CohortResult, lower_is_better: bool) -> float:
    """Outcomes beyond the baseline: events avoided (or jobs gained) = the gap per person × members."""
    gap = (
        result.baseline_value - result.treated_value
        if lower_is_better
        else result.treated_value - result.baseline_value
    )
    return max(gap, 0.0) * result.members


def _outcome_payment(payment: PaymentResult, cohort: str) -> Decimal:
    """A cohort's outcome payment line (after any per-cohort cap), zero when not paid."""
    item = f"Cohort {cohort}: outcome payment"
    return sum((line.amount for line in payment.lines if line.item == item), ZERO)


def _deadweight(contract: Contract, result: CohortResult, paid: Decimal) -> Decimal:
    """Paid outcomes the baseline expected anyway: only a contract that pays for every outcome
    pays for them (at most the cohort's payment)."""
    price = contract.price
    if not result.qualified or price.pays_for != "every_outcome" or price.basis != "per_outcome":
        return ZERO
    expected = result.baseline_value * result.members
    return min(pounds(min(expected, result.units) * price.amount), paid)


def compute_value(contract: Contract, payment: PaymentResult) -> ValueResult:
    """The value-for-money account of a payment computation under the contract's `value` data."""
    value = contract.value
    if value is None:
        raise InvalidInputError(
            [
                Problem(
                    contract.name,
                    "value",
                    "(missing)",
                    "a [value] section: the saving per outcome with its source (see docs/outcomes.md)",
                )
            ]
        )
    per_outcome = saving_per_outcome(value)
    lower = contract.metric.lower_is_better
    attachment = contract.fees.attachment_per_member
    delivery = value.delivery
    periods = []
    for result in payment.cohorts:
        outcome_paid = _outcome_payment(payment, result.cohort)
        extra = additional_outcomes(result, lower)
        periods.append(
            PeriodValue(
                result.cohort,
                result.members,
                outcome_paid + pounds(result.members * attachment),
                extra,
                pounds(Decimal(str(extra)) * per_outcome),
                _deadweight(contract, result, outcome_paid),
                None if delivery is None else pounds(result.members * delivery.per_member),
            )
        )
    total = PeriodValue(
        "total",
        sum(p.members for p in periods),
        payment.total,
        sum(p.additional_outcomes for p in periods),
        sum((p.saving for p in periods), ZERO),
        sum((p.deadweight for p in periods), ZERO),
        None
        if delivery is None
        else sum((p.delivery_cost or ZERO for p in periods), ZERO) + pounds(delivery.fixed),
    )
    investor = _investor_return(contract, payment, periods)
    figures = _figures(contract, payment, periods, total, investor, per_outcome)
    return ValueResult(
        contract, periods, total, investor, _breaches(value, periods, total, investor), figures
    )


def _investor_return(
    contract: Contract, payment: PaymentResult, periods: list[PeriodValue]
) -> InvestorReturn | None:
    """Investors' yearly flows: capital out as drawn, their share of each cohort's outcome payment
    in its payment year; a total-cap reduction falls in the last payment year."""
    assert contract.value is not None
    terms = contract.value.investment
    if terms is None:
        return None
    missing = [p.period for p in periods if p.period not in terms.payment_year]
    if missing:
        raise InvalidInputError(
            [
                Problem(
                    contract.name,
                    "value.investment.payment_year",
                    cohort,
                    "the contract year in which this cohort's outcome payment is made",
                )
                for cohort in missing
            ]
        )
    years = max([len(terms.drawn) - 1, *terms.payment_year.values()]) + 1
    flows = [ZERO] * years
    for year, amount in enumerate(terms.drawn):
        flows[year] -= pounds(amount)
    share = Decimal(str(terms.share_of_payments))
    last = 0
    for period in periods:
        year = terms.payment_year[period.period]
        flows[year] += pounds(_outcome_payment(payment, period.period) * share)
        if _outcome_payment(payment, period.period) > 0:
            last = max(last, year)
    cap = sum((line.amount for line in payment.lines if line.clause == "caps.total"), ZERO)
    flows[last] += pounds(cap * share)
    invested = pounds(terms.capital)
    received = sum(flows, ZERO) + invested  # what came back: the flows less what went in
    return InvestorReturn(flows, invested, received, float(received / invested), _irr(flows))


def _irr(flows: list[Decimal]) -> float | None:
    """The internal rate of return of yearly flows (numpy-financial); None when it has none
    (every flow one sign)."""
    import numpy_financial as npf

    if not (any(f < 0 for f in flows) and any(f > 0 for f in flows)):
        return None
    rate = float(npf.irr([float(f) for f in flows]))
    return None if rate != rate else rate  # NaN: no real root


def _breaches(
    value: Value, periods: list[PeriodValue], total: PeriodValue, investor: InvestorReturn | None
) -> list[Breach]:
    """Every limit the commissioner set that the figures pass."""
    limits = value.limits
    if limits is None:
        return []
    found = []
    if limits.payment_share_of_saving is not None:
        cap = limits.payment_share_of_saving
        for row in [*periods, total]:
            share = row.share_of_saving
            if row.payments > 0 and (share is None or share > cap):
                shown = "no saving" if share is None else f"{share:.1%}"
                found.append(
                    Breach(
                        f"payments at most {cap:.0%} of the saving ({row.period})",
                        f"£{row.payments:,} paid against a saving of £{row.saving:,} ({shown})",
                        "the payment is more than the commissioner allowed for the saving",
                    )
                )
    if investor is not None:
        found += _investor_breaches(limits, investor)
    margin = total.margin
    above = limits.provider_margin_review_above
    if above is not None and margin is not None and total.payments > 0:
        share = float(margin / total.payments)
        if share > above:
            found.append(
                Breach(
                    f"provider margin above {above:.0%} of payments is reviewed",
                    f"{money(margin)} on £{total.payments:,} ({share:.1%})",
                    "flagged for review",
                )
            )
    return found


def _investor_breaches(limits: Limits, investor: InvestorReturn) -> list[Breach]:
    """The investors' return against the levels the commissioner reviews."""
    found = []
    above = limits.investor_irr_review_above
    if above is not None and investor.irr is not None and investor.irr > above:
        found.append(
            Breach(
                f"investor return above {above:.1%} a year is reviewed",
                f"IRR {investor.irr:.2%} a year",
                "flagged for review",
            )
        )
    multiple = limits.investor_multiple_review_above
    if multiple is not None and investor.multiple > multiple:
        found.append(
            Breach(
                f"money multiple above {multiple:.2f} is reviewed",
                f"£{investor.received:,} back on £{investor.invested:,} ({investor.multiple:.3f}×)",
                "flagged for review",
            )
        )
    return found


def _beyond_working(result: CohortResult, lower_is_better: bool) -> str:
    """How a cohort's outcomes beyond the baseline were counted."""
    if lower_is_better:
        gap = f"({result.baseline_value:.4f} baseline − {result.treated_value:.4f})"
    else:
        gap = f"({result.treated_value:.4f} − {result.baseline_value:.4f} baseline)"
    extra = additional_outcomes(result, lower_is_better)
    worse = "" if extra > 0 or result.members == 0 else ", none: no better than the baseline"
    direction = "fewer" if lower_is_better else "more"
    return f"cohort {result.cohort}: {result.members:,} × {gap} = {extra:,.2f} {direction}{worse}"


def _figures(
    contract: Contract,
    payment: PaymentResult,
    periods: list[PeriodValue],
    total: PeriodValue,
    investor: InvestorReturn | None,
    per_outcome: Decimal,
) -> list[Figure]:
    """The working of every total figure and what it rests on."""
    value = contract.value
    assert value is not None
    parts = " + ".join(
        f"£{part.amount:,.2f} {part.name} ({part.year} prices{', illustrative' if part.illustrative else ''})"
        for part in value.savings
    )
    figures = [
        Figure(
            "saving per outcome",
            f"£{per_outcome:,}",
            parts,
            "; ".join(part.source for part in value.savings),
        ),
        Figure(
            "payments",
            f"£{total.payments:,}",
            "the payment computed line by line (fees, outcome payments, caps)"
            + (" with an illustrative price" if contract.price.illustrative else ""),
            "price, fees, caps",
        ),
        Figure(
            "outcomes beyond the baseline",
            f"{total.additional_outcomes:,.2f}",
            "; ".join(_beyond_working(c, contract.metric.lower_is_better) for c in payment.cohorts),
            contract.baseline.source,
        ),
        Figure(
            "estimated public saving",
            f"£{total.saving:,}",
            f"each cohort's outcomes beyond the baseline × £{per_outcome:,}, rounded per cohort",
            "value.savings",
        ),
        Figure(
            "share of the saving paid out",
            "n/a (no saving)" if total.share_of_saving is None else f"{total.share_of_saving:.1%}",
            f"£{total.payments:,} ÷ £{total.saving:,}",
            "payments and value.savings",
        ),
        Figure(
            "deadweight",
            f"£{total.deadweight:,}",
            f"min(baseline rate × members, outcomes paid) × £{contract.price.amount:,.2f} per cohort paid"
            if contract.price.pays_for == "every_outcome"
            else "none: the contract pays only for outcomes beyond the baseline",
            "price.pays_for, baseline",
        ),
    ]
    delivery = value.delivery
    if delivery is not None and total.delivery_cost is not None and total.margin is not None:
        kind = (
            "illustrative"
            if delivery.illustrative
            else ("estimate" if delivery.estimate else "accounts")
        )
        share = (
            f" ({float(total.margin / total.payments):.1%} of payments)" if total.payments else ""
        )
        figures.append(
            Figure(
                "provider's margin",
                f"{money(total.margin)}{share}",
                f"£{total.payments:,} − (£{delivery.per_member:,.2f} × {total.members:,} members + "
                f"£{delivery.fixed:,.2f} fixed = £{total.delivery_cost:,}, {kind})",
                delivery.source,
            )
        )
    if investor is not None and value.investment is not None:
        flows = ", ".join(f"year {year}: {money(flow)}" for year, flow in enumerate(investor.flows))
        figures.append(
            Figure(
                "investors' money multiple",
                f"{investor.multiple:.3f}×",
                f"£{investor.received:,} back ÷ £{investor.invested:,} in; flows {flows}",
                value.investment.source,
            )
        )
        figures.append(
            Figure(
                "investors' internal rate of return",
                "none (the flows never change sign)"
                if investor.irr is None
                else f"{investor.irr:.2%} a year",
                "the yearly rate at which the flows above sum to zero (numpy-financial irr)",
                "value.investment" + (" (illustrative)" if value.investment.illustrative else ""),
            )
        )
    return figures
