"""The comparison's tables as people read them: headers in words, the base as a row, counts,
money and percentages marked for formatting, and the assumptions the figures rest on."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from townhall import __version__
from townhall.reports.formats import millions, percent, pounds
from townhall.tax.impact.compare import Comparison
from townhall.tax.impact.compare_words import gap_phrase, saving_phrase
from townhall.tax.impact.grant import GRANT_YEAR
from townhall.tax.impact.run_record import RunRecord
from townhall.tax.rules.parameter_rows import parameter_rows
from townhall.tax.rules.scheme import Scheme

# Every column a comparison table has: its header in words and how it is shown.
LABELS: dict[str, tuple[str, str]] = {
    "option": ("Scheme", "text"),
    "scheme": ("Scheme", "text"),
    "role": ("Base or option", "text"),
    "council": ("Council", "text"),
    "year": ("Year", "text"),
    "group": ("Group", "text"),
    "claims": ("Claims", "count"),
    "cost_yearly": ("Cost a year (£)", "money"),
    "saving_yearly": ("Saving a year (£)", "money"),
    "against_base": ("Against the base", "text"),
    "gap_closed": ("Share of the gap closed", "percent"),
    "against_gap": ("Against the gap", "text"),
    "gain": ("Pay less (claims)", "count"),
    "lose": ("Pay more (claims)", "count"),
    "unchanged": ("No change (claims)", "count"),
    "lose_share": ("Share who pay more", "percent"),
    "average_loss_weekly": ("Average loss of those who pay more, a week (£)", "money"),
    "largest_loss_weekly": ("Largest loss a week (£)", "money"),
    "now_paying": ("Paid nothing before, pay now (claims)", "count"),
    "grant_criteria_met": ("Transition grant criteria met (of 3)", "count"),
    "criterion": ("Criterion", "text"),
    "result": ("Result", "text"),
    "figure": ("Deciding figure", "text"),
    "authority": ("Authority", "text"),
    "band_d_yearly": ("Band D a year (£)", "money"),
    "share": ("Share of the bill", "percent"),
    "gross_saving_yearly": ("Gross saving a year (£)", "money"),
    "new_charge_yearly": ("New charge to claimants a year (£)", "money"),
    "collected_yearly": ("Collected a year (£)", "money"),
    "collection_cost_yearly": ("Cost of collecting it a year (£)", "money"),
    "net_saving_yearly": ("Net saving a year (£)", "money"),
    "newly_charged_accounts": ("Newly charged accounts", "count"),
    "parameter": ("Parameter", "text"),
    "value": ("Value", "text"),
    "source": ("Source", "text"),
    "note": ("Note", "text"),
    "assumption": ("Assumption", "text"),
    "detail": ("Detail", "text"),
}


@dataclass(frozen=True)
class PeopleTable:
    """A table with headers in words and the headers of its money, percent and count columns."""

    table: pl.DataFrame
    money: tuple[str, ...]
    percent: tuple[str, ...]
    counts: tuple[str, ...]


def in_words(table: pl.DataFrame) -> PeopleTable:
    """Rename the columns to words and sort them into money, percentages and counts."""
    labels = {
        name: LABELS.get(name, (name.replace("_", " ").capitalize(), "text"))
        for name in table.columns
    }

    def of(kind: str) -> tuple[str, ...]:
        return tuple(label for label, shown in labels.values() if shown == kind)

    renamed = table.rename({name: label for name, (label, _) in labels.items()})
    return PeopleTable(renamed, of("money"), of("percent"), of("count"))


def summary_table(comparison: Comparison) -> pl.DataFrame:
    """The base as the first row, then each option: cost, saving in figures and words, the gap,
    who pays more or less, and the grant criteria where they apply."""
    base = comparison.base
    gap = comparison.gap_yearly
    rows = [
        {
            "scheme": base.scheme.name,
            "role": "base",
            "council": base.scheme.council.name,
            "year": base.scheme.year,
            "cost_yearly": base.total_award_yearly(),
            "saving_yearly": None,
            "against_base": "the base",
            "gap_closed": None,
            "against_gap": None,
            "lose": None,
            "gain": None,
            "unchanged": None,
            "lose_share": None,
            "average_loss_weekly": None,
            "largest_loss_weekly": None,
            "now_paying": None,
            "grant_criteria_met": None,
        }
    ]
    for option in comparison.options:
        saving = option.saving_yearly
        rows.append(
            {
                "scheme": option.scheme.name,
                "role": "option",
                "council": option.scheme.council.name,
                "year": option.scheme.year,
                "cost_yearly": option.cost_yearly,
                "saving_yearly": saving,
                "against_base": saving_phrase(saving),
                # A share of the gap only where it means one: a saving, not an extra cost.
                "gap_closed": saving / gap if gap and saving > 0 else None,
                "against_gap": gap_phrase(saving, gap) if gap else None,
                "lose": option.overall.losers,
                "gain": option.overall.gainers,
                "unchanged": option.overall.unchanged,
                "lose_share": option.overall.loser_share,
                "average_loss_weekly": option.overall.average_loss_weekly,
                "largest_loss_weekly": option.overall.largest_loss_weekly,
                "now_paying": option.overall.moved_to_paying,
                "grant_criteria_met": sum(c.passed for c in option.grant)
                if option.grant_applies
                else None,
            }
        )
    table = pl.DataFrame(rows, infer_schema_length=None)
    dropped = [] if gap else ["gap_closed", "against_gap"]
    if not comparison.grant_applies:
        dropped.append("grant_criteria_met")
    return table.drop(dropped)


def breakdown_table(table: pl.DataFrame) -> pl.DataFrame:
    """A breakdown (option × group) as people read it: losers before gainers."""
    order = ["option", "group", "claims", "lose", "gain", "unchanged", "lose_share"]
    return table.select(order + [c for c in table.columns if c not in order])


def grant_table(comparison: Comparison) -> pl.DataFrame:
    """The transition grant criteria of the options for 2013/14."""
    return comparison.grant_table()


def assumptions_table(comparison: Comparison, record: RunRecord) -> pl.DataFrame:
    """What the figures rest on: the run, the caseload, every scheme and its file, the gap,
    collection rates and costs, how the saving is split, and any warning."""
    rows: list[tuple[str, str, str]] = [
        (
            "Date and time of the run",
            record.run_at.strftime("%d %B %Y %H:%M %Z").strip(),
            f"Townhall {__version__}",
        ),
        (
            "Caseload",
            record.caseload,
            f"{len(comparison.base.caseload):,} rows standing for "
            f"{comparison.base.claims():,.0f} claims (weighted)",
        ),
        (
            "Funding gap",
            millions(comparison.gap_yearly) if comparison.gap_yearly else "none given",
            "a year, against which each option's saving is set",
        ),
    ]
    schemes: list[tuple[str, Scheme]] = [("Base scheme", comparison.base.scheme)]
    schemes += [("Option", option.scheme) for option in comparison.options]
    if comparison.grant_baseline is not None:
        schemes.append(("Grant baseline (who had full support)", comparison.grant_baseline))
    for role, scheme in schemes:
        rows.append((role, scheme.name, scheme_detail(scheme, record)))
    assumptions = comparison.assumptions
    for name, field in type(assumptions).model_fields.items():
        value = getattr(assumptions, name)
        shown = percent(value) if "rate" in name or "share" in name else pounds(value)
        rows.append((f"Collection: {name.replace('_', ' ')}", shown, field.description or ""))
    rows.append(
        (
            "Transition grant criteria",
            "checked" if comparison.grant_applies else "not applicable",
            f"only for schemes for {GRANT_YEAR}, the grant's one year; full support is judged "
            f"under {(comparison.grant_baseline or comparison.base.scheme).name}",
        )
    )
    rows.append(
        (
            "Saving split by authority",
            "by Band D share",
            "support reduces the whole bill, so each authority bears its Band D ÷ the whole "
            "Band D of the option's bill; not split for an option of another council",
        )
    )
    rows += [
        ("Warning", "options differ from the base", warning) for warning in comparison.warnings
    ]
    return pl.DataFrame(rows, schema=["assumption", "value", "detail"], orient="row")


def scheme_detail(scheme: Scheme, record: RunRecord) -> str:
    """A scheme's title, year, council, bill and file, in one line."""
    council = scheme.council
    precepts = council.precepts_band_d_yearly.value if council.precepts_band_d_yearly else {}
    bill = ", ".join(
        [f"{council.name} {pounds(council.band_d_yearly.value)}"]
        + [f"{key.replace('_', ' ')} {pounds(value)}" for key, value in precepts.items()]
    )
    source = record.scheme_files.get(scheme.name, "file not stated")
    return (
        f"{scheme.title}; year {scheme.year}; council {council.name}; Band D "
        f"{pounds(council.band_d_total_yearly())} ({bill}); from {source}"
    )


def parameters_table(scheme: Scheme) -> pl.DataFrame:
    """A scheme's parameters, values and sources as a table."""
    rows = parameter_rows(scheme)
    return pl.DataFrame(rows).select("parameter", "value", "source", "note")
