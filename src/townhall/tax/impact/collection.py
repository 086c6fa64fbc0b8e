"""What a scheme really yields once collection is counted: charge × collection rate − cost.

Claimants who are newly charged pay less reliably than other council tax payers, and chasing small
debts costs money (reminders, summonses). The seed essay notes that collection costs "cancel out
much of" an 8.5% charge; these figures show how much.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from townhall.tax.rules.evaluate import Evaluation


class CollectionAssumptions(BaseModel):
    """Collection rates and costs. Defaults are stated assumptions: set your council's own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rate_newly_charged: float = Field(
        default=0.75,
        ge=0,
        le=1,
        description="Share of the new charge collected from claimants who paid nothing before. "
        "Assumption: no published rate was found; DCLG's 2013/14 collection statistics showed "
        "in-year arrears up by £145m (over 20%) after CTS began (New Statesman, 2014).",
    )
    rate_already_paying: float = Field(
        default=0.95,
        ge=0,
        le=1,
        description="Share of the extra charge collected from claimants who already paid something. "
        "Assumption, below England's all-payer in-year rate of about 97%.",
    )
    cost_per_new_account_yearly: float = Field(
        default=12.0,
        ge=0,
        description="Yearly cost of billing, reminders and payment handling for each newly charged "
        "account, in pounds. Assumption.",
    )
    summons_share: float = Field(
        default=0.25,
        ge=0,
        le=1,
        description="Share of newly charged accounts summonsed. Assumption.",
    )
    cost_per_summons: float = Field(
        default=40.0,
        ge=0,
        description="Net cost to the council of a summons after costs recovered, in pounds. Assumption.",
    )


@dataclass(frozen=True)
class CollectionResult:
    """Gross saving (less support paid) against what is really collected, net of costs."""

    gross_saving_yearly: float
    new_charge_yearly: float
    collected_yearly: float
    collection_cost_yearly: float
    net_saving_yearly: float
    newly_charged_accounts: float


def collection(
    option: Evaluation, baseline: Evaluation, assumptions: CollectionAssumptions
) -> CollectionResult:
    """How much of an option's saving is collected, and what collecting it costs."""
    weights = option.caseload.weight
    before = baseline.to_pay_yearly  # computed on each access: once here
    extra = np.maximum(option.to_pay_yearly - before, 0.0)
    newly = (before < 0.005) & (extra > 0)
    collected = (
        np.where(newly, assumptions.rate_newly_charged, assumptions.rate_already_paying) * extra
    )
    accounts = float(weights[newly].sum())
    cost = accounts * (
        assumptions.cost_per_new_account_yearly
        + assumptions.summons_share * assumptions.cost_per_summons
    )
    gross = baseline.total_award_yearly() - option.total_award_yearly()
    uncollected = float(np.dot(weights, extra - collected))
    return CollectionResult(
        gross_saving_yearly=gross,
        new_charge_yearly=float(np.dot(weights, extra)),
        collected_yearly=float(np.dot(weights, collected)),
        collection_cost_yearly=cost,
        net_saving_yearly=gross - uncollected - cost,
        newly_charged_accounts=accounts,
    )
