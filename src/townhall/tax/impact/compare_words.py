"""A comparison said in words: savings and costs, the gap, who pays more or less, who keeps the
saving. Never a minus sign where a sentence can say "costs more" or "widens the gap"."""

from __future__ import annotations

from townhall.reports.formats import millions, percent, pounds, whole_pounds
from townhall.tax.impact.compare import Comparison, OptionResult
from townhall.tax.impact.preceptors import others_phrase

NO_CHANGE_YEARLY = 0.5  # differences under 50p a year are "the same"


def amount(value: float) -> str:
    """A positive yearly amount as people say it: £10.90m, £311, £3.43."""
    size = abs(value)
    if size >= 100_000:
        return millions(size)
    return whole_pounds(size) if size >= 100 else pounds(size)


def claims_phrase(count: float, noun: str = "claimant") -> str:
    """'1 working-age claimant', '7,490 working-age claimants' (counts are whole numbers)."""
    shown = round(count)
    return f"{shown:,} {noun}{'' if shown == 1 else 's'}"


def saving_phrase(saving_yearly: float, short: bool = False) -> str:
    """'saves £5.44m a year', 'costs £3.62m more a year than the base', 'costs the same';
    `short` leaves out "a year" and "than the base" (for a table that says so)."""
    a_year = "" if short else " a year"
    if saving_yearly >= NO_CHANGE_YEARLY:
        return f"saves {amount(saving_yearly)}{a_year}"
    if saving_yearly <= -NO_CHANGE_YEARLY:
        return f"costs {amount(saving_yearly)} more{a_year}{'' if short else ' than the base'}"
    return "costs the same" if short else "costs the same as the base"


def gap_phrase(saving_yearly: float, gap_yearly: float) -> str:
    """How a saving stands against the gap, in words, with the share only when it is 0–100%."""
    gap = amount(gap_yearly)
    if saving_yearly <= -NO_CHANGE_YEARLY:
        return f"widens the {gap} gap by {amount(saving_yearly)}"
    if saving_yearly < NO_CHANGE_YEARLY:
        return f"does nothing to close the {gap} gap"
    if saving_yearly >= gap_yearly:
        spare = saving_yearly - gap_yearly
        extra = f", with {amount(spare)} to spare" if spare >= NO_CHANGE_YEARLY else ""
        return f"closes the {gap} gap{extra}"
    return (
        f"closes {percent(saving_yearly / gap_yearly, 0)} of the {gap} gap, leaving "
        f"{amount(gap_yearly - saving_yearly)} to find"
    )


def net_phrase(net_saving_yearly: float) -> str:
    """What the option yields once collection is counted."""
    if net_saving_yearly >= NO_CHANGE_YEARLY:
        return f"yields {amount(net_saving_yearly)} a year"
    if net_saving_yearly <= -NO_CHANGE_YEARLY:
        return f"costs {amount(net_saving_yearly)} a year more than the base"
    return "yields nothing"


def who_pays_phrase(option: OptionResult) -> str:
    """Working-age claimants who pay more (with their losses) and who pay less."""
    change = option.working_age
    if change.losers >= 0.5:
        more = (
            f"{claims_phrase(change.losers, 'working-age claimant')} "
            f"{'pays' if round(change.losers) == 1 else 'pay'} more, on average "
            f"{pounds(change.average_loss_weekly)} a week (the most {pounds(change.largest_loss_weekly)})"
        )
        if change.moved_to_paying >= 0.5:
            more += f"; {round(change.moved_to_paying):,} of them paid nothing before"
    else:
        more = "no working-age claimant pays more"
    less = (
        f"{round(change.gainers):,} {'pays' if round(change.gainers) == 1 else 'pay'} less"
        if change.gainers >= 0.5
        else "none pays less"
    )
    return f"{more[0].upper()}{more[1:]}; {less}."


def keeps_phrase(option: OptionResult) -> str | None:
    """Who keeps the saving (or bears the extra cost): the council's own share, the rest to the
    preceptors. None for an option of another council than the base."""
    if option.preceptors is None:
        return None
    own, others = option.preceptors[0], option.preceptors[1:]
    total = option.saving_yearly
    if abs(total) < NO_CHANGE_YEARLY:
        return None
    precepts = option.scheme.council.precepts_band_d_yearly
    keys = list(precepts.value) if precepts is not None else []
    if not others:
        verb = "keeps all of the saving" if total > 0 else "bears all of the extra cost"
        return f"{own.authority} {verb}: the bill has no precepts."
    rest = others_phrase(keys)
    if total > 0:
        return (
            f"{own.authority} keeps {amount(own.saving_yearly)} of the {amount(total)} saved "
            f"({percent(own.share)}); the rest goes to {rest}."
        )
    return (
        f"{own.authority} bears {amount(own.saving_yearly)} of the {amount(total)} extra cost "
        f"({percent(own.share)}); the rest falls on {rest}."
    )


def option_sentence(option: OptionResult, gap_yearly: float | None) -> str:
    """One option in words: saving, gap, who pays, what collection leaves, grant, who keeps it."""
    gap = f", {gap_phrase(option.saving_yearly, gap_yearly)}" if gap_yearly else ""
    parts = [
        f"{option.scheme.name}: {saving_phrase(option.saving_yearly)}{gap}.",
        who_pays_phrase(option),
        f"Once collection is counted it {net_phrase(option.collection.net_saving_yearly)}.",
    ]
    if option.grant_applies:
        met = sum(criterion.passed for criterion in option.grant)
        parts.append(f"It meets {met} of the 3 transition grant criteria (2013/14).")
    kept = keeps_phrase(option)
    if kept:
        parts.append(kept)
    return " ".join(parts)


def summary_sentences(comparison: Comparison) -> list[str]:
    """The plain-English summary a cabinet member reads first (warnings are shown apart)."""
    base = comparison.base
    working_age = ~base.caseload.arrays.pensioner
    claims_working = base.claims(working_age)
    sentences = [
        f"{base.claims():,.0f} claims: {base.claims() - claims_working:,.0f} pensioners, whose "
        f"support no option may cut, and {claims_working:,.0f} of working age. Under "
        f"{base.scheme.name} support costs {amount(base.total_award_yearly())} a year."
    ]
    sentences += [option_sentence(o, comparison.gap_yearly) for o in comparison.options]
    return sentences
