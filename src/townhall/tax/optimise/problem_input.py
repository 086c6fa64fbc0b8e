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
    tapers: str,
    band_caps: str,
    minimum_awards: str,
    protect: str,
    capital_limits: str,
    non_dependant_scales: str,
    constraints: list[str],
) -> Problem:
    """The optimiser's Problem from option text; raise InvalidInputError listing every bad value."""
    problems: list[InputProblem] = []

    def numbers(text: str, option: str, low: float, high: float) -> tuple[float, ...]:
        values = []
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
    caps: list[str | None] = []
    for part in filter(None, (p.strip() for p in band_caps.split(","))):
        if part.lower() == "none":
            caps.append(None)
        elif part.upper() in BANDS:
            caps.append(part.upper())
        else:
            problems.append(
                InputProblem(
                    "--band-cap", "--band-cap", part, "none or a band A to H, separated by commas"
                )
            )
    groups = tuple(filter(None, (p.strip() for p in protect.split(","))))
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
        tapers=numbers(tapers, "--taper", 0, 1),
        band_caps=tuple(caps) or (None,),
        minimum_awards_weekly=numbers(minimum_awards, "--minimum-award", 0, 100),
        protectable_groups=tuple(g for g in groups if g in PROTECTED_GROUPS),
        capital_upper_limits=numbers(capital_limits, "--capital-limit", 0, 1_000_000),
        non_dependant_scales=numbers(non_dependant_scales, "--non-dependant-scale", 0, 10),
    )
    if problems:
        raise InvalidInputError(problems)
    return Problem(saving_yearly, parsed_objective, ranges, grant, limit)
