"""Every candidate is costed by `evaluate`'s rules, for every bundled template: the best scheme's
file, and a sample of candidates built here independently, save what the optimiser says, to the
penny. Levers not named keep the template's values; a question a template cannot answer is refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scheme_kinds import representative_schemes

from townhall.tax.claims.caseload import Caseload
from townhall.tax.optimise.candidates import cap_band, groups_of
from townhall.tax.optimise.problem import LeverRanges, Objective, Problem
from townhall.tax.optimise.report import write_scheme
from townhall.tax.optimise.search import CannotOptimiseError, Outcome, optimise
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import (
    NonDependantBand,
    Scheme,
    Sourced,
    load_bundled_scheme,
    load_scheme,
)
from townhall.tax.synthetic import synthetic_caseload

# Claims on Universal Credit too, so the UC income and passport rules are costed as well.
CASELOAD = synthetic_caseload("birmingham-2013", seed=21, size=2500, universal_credit_share=0.5)


def ranges_for(template: Scheme) -> LeverRanges:
    """Every lever moved at least once, as far as the template allows."""
    working = template.working_age
    upper = working.capital.upper_limit.value
    other_limit = (
        6000.0 if upper != 6000.0 and working.capital.lower_limit.value <= 6000 else 16000.0
    )
    return LeverRanges(
        minimum_contribution=(0.0, 0.6),
        tapers=None if template.levers.income_grid else (working.taper.value, 0.3),
        band_caps=("none", "C"),
        minimum_awards_weekly=(template.levers.minimum_award_weekly.value, 1.5),
        protectable_groups=("disability_premium", "carer"),
        capital_upper_limits=(upper, other_limit),
        non_dependant_scales=(1.0, 1.5),
    )


def by_hand(template: Scheme, outcome: Outcome, index: int) -> Scheme:
    """Candidate `index` as a scheme, built here from its lever values alone."""
    final = outcome.candidates
    scale = float(final.non_dependant_scale[index])
    working = template.working_age

    def scaled(deduction_weekly: float) -> float:
        """The template's own figure at scale 1 (Southampton states £7.335); else to the penny."""
        return deduction_weekly if scale == 1.0 else round(deduction_weekly * scale + 1e-9, 2)

    bands = [
        NonDependantBand(
            from_gross_weekly_income=band.from_gross_weekly_income,
            deduction_weekly=scaled(band.deduction_weekly),
        )
        for band in working.non_dependant_deductions.value
    ]
    not_in_work = working.non_dependant_deduction_not_in_work_weekly
    working = working.model_copy(
        update={
            "taper": Sourced(value=float(final.taper[index]), source="test"),
            "capital": working.capital.model_copy(
                update={
                    "upper_limit": Sourced(value=float(final.capital_upper[index]), source="test")
                }
            ),
            "non_dependant_deductions": Sourced(value=bands, source="test"),
            "non_dependant_deduction_not_in_work_weekly": None
            if not_in_work is None
            else Sourced(value=scaled(not_in_work.value), source="test"),
        }
    )
    levers = template.levers.model_copy(
        update={
            "minimum_contribution": Sourced(
                value=float(final.minimum_contribution[index]), source="test"
            ),
            "band_cap": Sourced(value=cap_band(float(final.cap_ninths[index])), source="test"),
            "minimum_award_weekly": Sourced(
                value=float(final.minimum_award_weekly[index]), source="test"
            ),
            "protected_groups": Sourced(
                value=groups_of(int(final.protected_bits[index])), source="test"
            ),
        }
    )
    return template.model_copy(update={"levers": levers, "working_age": working})


def saving(baseline: Scheme, scheme: Scheme, caseload: Caseload) -> float:
    return (
        evaluate(baseline, caseload).total_award_yearly()
        - evaluate(scheme, caseload).total_award_yearly()
    )


@pytest.mark.parametrize("name", representative_schemes())
def test_every_template_its_savings_are_evaluates_to_the_penny(name: str, tmp_path: Path) -> None:
    template = load_bundled_scheme(name)
    target = 0.03 * evaluate(template, CASELOAD).total_award_yearly()
    problem = Problem(target, Objective("lowest-deciles", lowest_deciles=4), ranges_for(template))
    outcome = optimise(template, template, CASELOAD, problem, max_combinations=48, seed=1)
    # The scheme file written, loaded back as `compare` and `run` load it.
    path = tmp_path / "best.toml"
    write_scheme(outcome.best, path)
    written = saving(template, load_scheme(path), CASELOAD)
    assert abs(written - outcome.saving_yearly[outcome.best_index]) < 0.005
    assert written >= target - 0.5
    # A sample of candidates, each built here from its lever values alone.
    rng = np.random.default_rng(7)
    for index in rng.choice(len(outcome.candidates), size=6, replace=False):
        independent = saving(template, by_hand(template, outcome, int(index)), CASELOAD)
        assert abs(independent - outcome.saving_yearly[index]) < 0.005, (name, index)


@pytest.mark.parametrize("name", representative_schemes())
def test_levers_not_named_keep_the_templates_values(name: str) -> None:
    template = load_bundled_scheme(name)
    # Ask for a saving the minimum contribution alone can make.
    target = 0.02 * evaluate(template, CASELOAD).total_award_yearly()
    outcome = optimise(template, template, CASELOAD, Problem(target, Objective("largest-loss")))
    best = outcome.best
    assert best.working_age == template.working_age
    assert (
        best.levers.model_copy(
            update={"minimum_contribution": template.levers.minimum_contribution}
        )
        == template.levers
    )
    assert [change.split(" ")[:2] for change in outcome.moved] == [["minimum", "contribution"]]


def test_a_band_d_cap_a_6000_limit_and_protections_stay_when_not_named() -> None:
    birmingham = load_bundled_scheme("birmingham-2013")
    capital = birmingham.working_age.capital.model_copy(
        update={
            "upper_limit": Sourced(value=6000.0, source="an officer's scheme"),
            "lower_limit": Sourced(value=6000.0, source="an officer's scheme"),
        }
    )
    officer = birmingham.model_copy(
        update={
            "levers": birmingham.levers.model_copy(
                update={"band_cap": Sourced(value="D", source="an officer's scheme")}
            ),
            "working_age": birmingham.working_age.model_copy(update={"capital": capital}),
        }
    )
    baseline = load_bundled_scheme("default-2013")
    target = 0.12 * evaluate(baseline, CASELOAD).total_award_yearly()
    ranges = LeverRanges(minimum_awards_weekly=(0.0, 1.0), protectable_groups=("carer",))
    outcome = optimise(
        officer, baseline, CASELOAD, Problem(target, Objective("largest-loss"), ranges)
    )
    best = outcome.best
    assert best.levers.band_cap.value == "D"
    assert best.working_age.capital.upper_limit.value == 6000.0
    assert set(officer.levers.protected_groups.value) <= set(best.levers.protected_groups.value)
    # Every lever that moved is listed, from what to what.
    for change in outcome.moved:
        assert "→" in change
    if best.levers.minimum_award_weekly.value != 0.0:
        assert "minimum award £0.00 a week → £1.00 a week" in outcome.moved


def test_questions_a_template_cannot_answer_are_refused_with_the_reason() -> None:
    oxford = load_bundled_scheme("oxford-2026")
    problem = Problem(1000.0, Objective("largest-loss"), LeverRanges(tapers=(0.2, 0.3)))
    with pytest.raises(CannotOptimiseError, match=r"income-banded.*taper does not apply"):
        optimise(oxford, oxford, CASELOAD, problem)
    problem = Problem(
        1000.0, Objective("largest-loss"), LeverRanges(protectable_groups=("child_under_age",))
    )
    with pytest.raises(CannotOptimiseError, match="protected_child_under_age"):
        optimise(oxford, oxford, CASELOAD, problem)
