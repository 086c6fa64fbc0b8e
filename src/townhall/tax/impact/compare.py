"""Compare a base scheme with options over one caseload: cost, saving, gap closed, winners and
losers by group, the transition grant criteria and collection. Pure data in, tables out."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from townhall.tax.claims.caseload import Caseload
from townhall.tax.impact.breakdowns import (
    by_band,
    by_claimant_type,
    by_household,
    by_income_decile,
    by_ward,
    income_deciles,
)
from townhall.tax.impact.collection import CollectionAssumptions, CollectionResult, collection
from townhall.tax.impact.grant import (
    Criterion,
    earning_a_pound_more,
    grant_applies,
    transition_grant,
)
from townhall.tax.impact.like_for_like import comparison_warnings
from townhall.tax.impact.preceptors import PreceptorSaving, saving_by_preceptor
from townhall.tax.impact.winners import (
    Change,
    Flags,
    Partition,
    change,
    change_table,
    partition_change_table,
)
from townhall.tax.rules.evaluate import Evaluation, evaluate
from townhall.tax.rules.scheme import Scheme


@dataclass(frozen=True)
class OptionResult:
    """One option against the base. `grant` is empty where the transition grant does not apply
    (a scheme not for 2013/14); `preceptors` is None for an option of another council."""

    scheme: Scheme
    evaluation: Evaluation
    cost_yearly: float
    saving_yearly: float
    gap_closed_share: float | None
    overall: Change
    working_age: Change
    grant: list[Criterion]
    collection: CollectionResult
    preceptors: list[PreceptorSaving] | None = None

    @property
    def grant_applies(self) -> bool:
        return grant_applies(self.scheme)


@dataclass(frozen=True)
class Comparison:
    """The base, each option, the breakdown tables (option × group), and warnings of options of
    another council or year than the base."""

    base: Evaluation
    options: list[OptionResult]
    gap_yearly: float | None
    breakdowns: dict[str, pl.DataFrame] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    assumptions: CollectionAssumptions = field(default_factory=CollectionAssumptions)
    grant_baseline: Scheme | None = None

    @property
    def grant_applies(self) -> bool:
        """Whether any option is for 2013/14, the transition grant's one year."""
        return any(option.grant_applies for option in self.options)

    def summary(self) -> pl.DataFrame:
        """One row per option: cost, saving, gap closed, who gains and loses."""
        rows = []
        for option in self.options:
            rows.append(
                {
                    "option": option.scheme.name,
                    "cost_yearly": option.cost_yearly,
                    "saving_yearly": option.saving_yearly,
                    "gap_closed": option.gap_closed_share,
                    "gain": option.overall.gainers,
                    "lose": option.overall.losers,
                    "unchanged": option.overall.unchanged,
                    "lose_share": option.overall.loser_share,
                    "average_loss_weekly": option.overall.average_loss_weekly,
                    "largest_loss_weekly": option.overall.largest_loss_weekly,
                    "now_paying": option.overall.moved_to_paying,
                    "grant_criteria_met": sum(criterion.passed for criterion in option.grant)
                    if option.grant_applies
                    else None,
                }
            )
        return pl.DataFrame(rows)

    def grant_table(self) -> pl.DataFrame:
        """Each option's transition grant criteria, pass or fail, with the deciding figure."""
        rows = [
            {
                "option": o.scheme.name,
                "criterion": c.name,
                "result": "pass" if c.passed else "fail",
                "figure": c.figure,
            }
            for o in self.options
            for c in o.grant
        ]
        return pl.DataFrame(
            rows,
            schema={
                "option": pl.String,
                "criterion": pl.String,
                "result": pl.String,
                "figure": pl.String,
            },
        )

    def preceptor_table(self) -> pl.DataFrame:
        """Each option's saving split between the billing authority and each preceptor."""
        rows = [
            {
                "option": option.scheme.name,
                "authority": part.authority,
                "band_d_yearly": part.band_d_yearly,
                "share": part.share,
                "saving_yearly": part.saving_yearly,
            }
            for option in self.options
            for part in option.preceptors or []
        ]
        return pl.DataFrame(
            rows,
            schema={
                "option": pl.String,
                "authority": pl.String,
                "band_d_yearly": pl.Float64,
                "share": pl.Float64,
                "saving_yearly": pl.Float64,
            },
        )

    def collection_table(self) -> pl.DataFrame:
        """Gross saving against what is collected and what collecting it costs."""
        rows = []
        for option in self.options:
            c = option.collection
            rows.append(
                {
                    "option": option.scheme.name,
                    "gross_saving_yearly": c.gross_saving_yearly,
                    "new_charge_yearly": c.new_charge_yearly,
                    "collected_yearly": c.collected_yearly,
                    "collection_cost_yearly": c.collection_cost_yearly,
                    "net_saving_yearly": c.net_saving_yearly,
                    "newly_charged_accounts": c.newly_charged_accounts,
                }
            )
        return pl.DataFrame(rows)


BREAKDOWNS = ("claimant", "household", "band", "ward", "decile")


class MissingColumnError(Exception):
    """A breakdown was asked for that the caseload has no data for."""


def compare(
    base: Scheme,
    options: list[Scheme],
    caseload: Caseload,
    gap_yearly: float | None = None,
    grant_baseline: Scheme | None = None,
    assumptions: CollectionAssumptions | None = None,
    breakdowns: tuple[str, ...] | None = None,
) -> Comparison:
    """Evaluate the base and each option over the caseload and compare them.

    `grant_baseline` (default: the base) decides who had full support, for the 8.5% criterion.
    `breakdowns` (default: every one the caseload has data for) names the groupings; asking for
    wards of a caseload without them raises MissingColumnError before anything is computed.
    """
    wanted = set(BREAKDOWNS if breakdowns is None else breakdowns)
    has_wards = caseload.table.get_column("ward").null_count() < len(caseload)
    if breakdowns is not None and "ward" in wanted and not has_wards:
        raise MissingColumnError(
            "The caseload has no ward for any claim, so it cannot be broken down by ward: add a "
            "`ward` column (see docs/caseload.md) or leave `ward` out of --by."
        )
    assumptions = assumptions or CollectionAssumptions()
    base_result = evaluate(base, caseload)
    grant_base = base_result if grant_baseline is None else evaluate(grant_baseline, caseload)
    base_cost = base_result.total_award_yearly()
    deciles = income_deciles(base_result)
    # The cliff-edge check evaluates every claim again: only when some option is for 2013/14.
    raised = earning_a_pound_more(caseload) if any(map(grant_applies, options)) else None
    fixed_groups = {
        "Band": by_band(caseload) if "band" in wanted else None,
        "Ward": by_ward(caseload) if "ward" in wanted else None,
        "Income decile": by_income_decile(deciles) if "decile" in wanted else None,
    }
    weights = caseload.weight
    before = base_result.to_pay_yearly  # computed on each access: once for every option
    results: list[OptionResult] = []
    tables: dict[str, list[pl.DataFrame]] = {}
    for scheme in options:
        option = evaluate(scheme, caseload)
        saving = base_cost - option.total_award_yearly()
        after = option.to_pay_yearly
        results.append(
            OptionResult(
                scheme=scheme,
                evaluation=option,
                cost_yearly=option.total_award_yearly(),
                saving_yearly=saving,
                gap_closed_share=saving / gap_yearly if gap_yearly else None,
                overall=change(before, after, weights),
                working_age=change(
                    before,
                    after,
                    weights,
                    ~caseload.arrays.pensioner,
                ),
                grant=transition_grant(option, grant_base, raised) if grant_applies(scheme) else [],
                collection=collection(option, base_result, assumptions),
                preceptors=saving_by_preceptor(scheme.council, saving)
                if scheme.council.name == base.council.name
                else None,
            )
        )
        groupings: dict[str, Partition | dict[str, Flags] | None] = {
            "Claimant type": by_claimant_type(option) if "claimant" in wanted else None,
            "Household": by_household(option) if "household" in wanted else None,
            **fixed_groups,
        }
        for title, groups in groupings.items():
            if groups is None:
                continue
            if isinstance(groups, Partition):
                table = partition_change_table(before, after, weights, groups, "group")
            else:
                table = change_table(before, after, weights, groups, "group")
            tables.setdefault(title, []).append(
                table.select(pl.lit(scheme.name).alias("option"), pl.all())
            )
    return Comparison(
        base=base_result,
        options=results,
        gap_yearly=gap_yearly,
        breakdowns={title: pl.concat(parts) for title, parts in tables.items()},
        warnings=comparison_warnings(base, options),
        assumptions=assumptions,
        grant_baseline=grant_baseline,
    )
