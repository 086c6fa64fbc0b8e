"""Reading the optimiser's question from command-line text, every mistake reported at once."""

from __future__ import annotations

from townhall.problems import InvalidInputError
from townhall.problems import Problem as InputProblem
from townhall.tax.bands import BANDS
from townhall.tax.optimise.problem import GROUPS, GroupLimit, LeverRanges, Objective, Problem
from townhall.tax.rules.scheme import PROTECTED_GROUPS


def problem_from_options(
    saving_yearly: float,
    objective: str,
    contribution: str,
    tapers: str | None,
    band_caps: str | None,
    minimum_awards: str | None,
    protect: str | None,
    capital_limits: str | None,
    non_dependant_scales: str | None,
    constraints: list[str],
) -> Problem:
    """The optimiser's Problem from option text; raise InvalidInputError listing every bad value.
    A lever option not given (None) keeps the template's value."""
    problems: list[InputProblem] = []

    def numbers(text: str, option: str, low: float, high: float) -> tuple[float, ...]:
        values: list[float] = []
        for part in filter(None, (p.strip() for p in text.split(","))):
            try:
                value = float(part)
            except ValueError:
                value = float("nan")
            if not low <= value <= high:
                problems.append(
                    InputProblem(
                        option,
                        option,
                        part,
                        f"numbers from {low:g} to {high:g}, separated by commas",
                    )
                )
            else:
                values.append(value)
        return tuple(values)

    kind, _, argument = objective.partition(":")
    parsed_objective = Objective("largest-loss")
    if kind == "paying-more":
        parsed_objective = Objective(
            "paying-more",
            threshold_weekly=(numbers(argument or "0", "--objective", 0, 1000) or (0.0,))[0],
        )
    elif kind == "lowest-deciles":
        parsed_objective = Objective(
            "lowest-deciles",
            lowest_deciles=int((numbers(argument or "3", "--objective", 1, 10) or (3,))[0]),
        )
    elif kind != "largest-loss":
        problems.append(
            InputProblem(
                "--objective",
                "--objective",
                objective,
                "paying-more:X, lowest-deciles:K or largest-loss",
            )
        )

    low, _, high = contribution.partition(":")
    bounds = numbers(f"{low},{high or low}", "--contribution", 0, 1)

    def listed(text: str | None, option: str, low: float, high: float) -> tuple[float, ...] | None:
        if text is None:
            return None
        values = numbers(text, option, low, high)
        if not values and not any(p.field == option for p in problems):
            problems.append(InputProblem(option, option, text, "at least one value"))
        return values

    caps: list[str | None] = []
    for part in filter(None, (p.strip() for p in (band_caps or "").split(","))):
        if part.lower() == "none":
            caps.append("none")
        elif part.upper() in BANDS:
            caps.append(part.upper())
        else:
            problems.append(
                InputProblem(
                    "--band-cap", "--band-cap", part, "none or a band A to H, separated by commas"
                )
            )
    groups = tuple(filter(None, (p.strip() for p in (protect or "").split(","))))
    for group in groups:
        if group not in PROTECTED_GROUPS:
            problems.append(
                InputProblem(
                    "--protect", "--protect", group, f"groups from {', '.join(PROTECTED_GROUPS)}"
                )
            )
    grant, limit = False, None
    for text in constraints:
        if text == "grant":
            grant = True
            continue
        name, _, amount = text.partition("<=")
        value = numbers(amount, "--constraint", 0, 1000)
        if name.strip() not in GROUPS or not value:
            problems.append(
                InputProblem(
                    "--constraint",
                    "--constraint",
                    text,
                    f"'grant' or GROUP<=£ a week with GROUP one of {', '.join(GROUPS)}",
                )
            )
        else:
            limit = GroupLimit(name.strip(), value[0])
    ranges = LeverRanges(
        minimum_contribution=(bounds[0], bounds[-1]) if len(bounds) == 2 else (0.0, 0.5),
        tapers=listed(tapers, "--taper", 0, 1),
        band_caps=tuple(caps) if band_caps is not None else None,
        minimum_awards_weekly=listed(minimum_awards, "--minimum-award", 0, 100),
        protectable_groups=tuple(g for g in groups if g in PROTECTED_GROUPS),
        capital_upper_limits=listed(capital_limits, "--capital-limit", 0, 1_000_000),
        non_dependant_scales=listed(non_dependant_scales, "--non-dependant-scale", 0, 10),
    )
    if problems:
        raise InvalidInputError(problems)
    return Problem(saving_yearly, parsed_objective, ranges, grant, limit)
