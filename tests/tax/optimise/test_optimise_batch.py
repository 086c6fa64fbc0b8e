"""The batched evaluator gives exactly `evaluate`'s awards for every candidate scheme."""

from __future__ import annotations

import numpy as np

from townhall.tax.impact.winners import weighted_deciles
from townhall.tax.optimise.batch import CLAIMS_PER_BLOCK, Prepared, awards_for
from townhall.tax.optimise.candidates import Candidates, bits_of, scheme_for
from townhall.tax.rules.evaluate import evaluate
from townhall.tax.rules.scheme import load_bundled_scheme
from townhall.tax.synthetic import synthetic_caseload


def test_every_candidates_awards_equal_evaluate_to_the_penny() -> None:
    template = load_bundled_scheme("birmingham-2013")
    caseload = synthetic_caseload("birmingham-2013", seed=3, size=CLAIMS_PER_BLOCK + 2000)
    baseline = evaluate(load_bundled_scheme("default-2013"), caseload)
    deciles = weighted_deciles(baseline.stages.income_weekly, caseload.weight)
    prepared = Prepared.of(template, caseload, baseline.award_yearly, deciles)
    rng = np.random.default_rng(1)
    count = 12
    candidates = Candidates(
        minimum_contribution=rng.uniform(0, 0.4, count).round(4),
        taper=rng.choice([0.2, 0.25, 0.3, 0.35], count),
        cap_ninths=rng.choice([6.0, 8.0, 9.0, np.inf], count),
        minimum_award_weekly=rng.choice([0.0, 1.0, 3.5], count),
        protected_bits=np.array(
            [
                bits_of(g)
                for g in [
                    ["carer"],
                    ["disability_premium", "child_under_age"],
                    [],
                    ["lone_parent", "war_pension"],
                ]
                * 3
            ]
        ),
        capital_upper=rng.choice([6000.0, 16000.0], count),
        non_dependant_scale=rng.choice([1.0, 1.5, 2.0], count),
    )
    batched = np.concatenate(
        [
            awards_for(prepared, candidates, start, min(start + 4000, len(caseload)))
            for start in range(0, len(caseload), 4000)
        ],
        axis=1,
    )
    for index in range(count):
        scheme = scheme_for(template, candidates, index, f"candidate-{index}", "test")
        assert np.array_equal(batched[index], evaluate(scheme, caseload).award_yearly), index
