"""Appraisal: scores against the rubric, totals and comparison worked by hand, evidence search,
and milestones promised against delivered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from deal_documents import DEAL_TOML
from hypothesis import given
from hypothesis import strategies as st

from townhall.deals.appraisal import (
    Appraisal,
    appraisal_from_data,
    load_appraisal,
    record_score,
    save_appraisal,
    score_from_data,
    unknown_passages,
)
from townhall.deals.evidence import Passage
from townhall.deals.model import Deal
from townhall.deals.monitoring import delivery_over_time, milestones_table
from townhall.deals.register import bundled_register, deal_from_data, load_deals
from townhall.deals.rubric import bundled_rubric
from townhall.deals.scorecard import comparison_table, scorecard, scores_long
from townhall.deals.search import rank_passages
from townhall.problems import InvalidInputError

RUBRIC = bundled_rubric()
DAY = dt.date(2026, 11, 25)


def _deal(deal_id: str = "testville") -> Deal:
    import tomllib

    data = tomllib.loads(DEAL_TOML)
    data["id"] = deal_id
    return deal_from_data(data, "test")


def _score(
    criterion: str, score: int, passages: tuple[str, ...] = ("testville:doc.txt:1",)
) -> dict[str, object]:
    return {
        "criterion": criterion,
        "score": score,
        "note": "seen in the deal document",
        "appraiser": "A. Officer",
        "date": DAY,
        "passages": list(passages),
    }


def test_rubric_has_four_objectives_and_three_low_carbon_questions_scored_0_to_3() -> None:
    assert [c.key for c in RUBRIC.of_lens("objectives")] == [
        "growth",
        "rebalancing",
        "decentralisation",
        "governance",
    ]
    assert [c.key for c in RUBRIC.of_lens("low carbon")] == [
        "low_carbon_vision",
        "climate_resilience",
        "carbon_commitments",
    ]
    assert {c.max_score for c in RUBRIC.criteria} == {3}


def test_scorecard_totals_count_only_appraised_criteria() -> None:
    # growth 3 + governance 1 = 4 of 6 possible (two objectives appraised of four);
    # low carbon vision 2 = 2 of 3 (one of three appraised).
    appraisal = appraisal_from_data(
        {
            "deal": "testville",
            "scores": [
                _score("growth", 3),
                _score("governance", 1),
                _score("low_carbon_vision", 2),
            ],
        },
        RUBRIC,
        "test",
    )
    card = scorecard(_deal(), appraisal, RUBRIC)
    objectives, low_carbon = card.total("objectives"), card.total("low carbon")
    assert (objectives.points, objectives.possible, objectives.appraised, objectives.criteria) == (
        4,
        6,
        2,
        4,
    )
    assert (low_carbon.points, low_carbon.possible, low_carbon.appraised) == (2, 3, 1)
    assert objectives.share == pytest.approx(4 / 6)
    assert (
        card.lines[0].level
        == "Specific means with measurable targets, dates and a way of tracking them."
    )


@given(st.dictionaries(st.sampled_from(RUBRIC.keys), st.integers(0, 3)))
def test_totals_are_the_sum_of_scores_out_of_three_per_criterion_appraised(
    given_scores: dict[str, int],
) -> None:
    appraisal = appraisal_from_data(
        {
            "deal": "testville",
            "scores": [_score(key, value) for key, value in given_scores.items()],
        },
        RUBRIC,
        "t",
    )
    card = scorecard(_deal(), appraisal, RUBRIC)
    for total in card.totals:
        mine = {k: v for k, v in given_scores.items() if RUBRIC.criterion(k).lens == total.lens}
        assert (total.points, total.possible, total.appraised) == (
            sum(mine.values()),
            3 * len(mine),
            len(mine),
        )
        assert 0 <= total.points <= total.possible


def test_nothing_appraised_has_no_share() -> None:
    card = scorecard(_deal(), Appraisal(deal="testville"), RUBRIC)
    assert card.total("objectives").share is None and card.total("low carbon").points == 0


def test_comparison_side_by_side() -> None:
    first = appraisal_from_data(
        {"deal": "testville", "scores": [_score("growth", 2), _score("carbon_commitments", 3)]},
        RUBRIC,
        "t",
    )
    second = appraisal_from_data(
        {"deal": "other", "scores": [_score("growth", 1), _score("low_carbon_vision", 0)]},
        RUBRIC,
        "t",
    )
    cards = [scorecard(_deal(), first, RUBRIC), scorecard(_deal("other"), second, RUBRIC)]
    table = comparison_table(cards, RUBRIC)
    assert table.select("deal", "growth", "low_carbon_vision", "carbon_commitments").rows() == [
        ("testville", 2, None, 3),
        ("other", 1, 0, None),
    ]
    assert table.select(
        "objectives_points", "objectives_possible", "low_carbon_points", "low_carbon_possible"
    ).rows() == [
        (2, 3, 3, 3),
        (1, 3, 0, 3),
    ]
    assert scores_long(cards).height == 4


def test_every_appraisal_problem_at_once() -> None:
    data = {
        "deal": "testville",
        "scores": [
            _score("growth", 4),
            _score("happiness", 1),
            {**_score("governance", 1), "passages": []},
            {**_score("rebalancing", 1), "source": "nowhere"},
        ],
    }
    with pytest.raises(InvalidInputError) as caught:
        appraisal_from_data(data, RUBRIC, "test")
    problems = {p.field: p.expected for p in caught.value.problems}
    assert problems["scores.0.score"] == "a score from 0 to 3"
    assert problems["scores.1.criterion"].startswith("one of: growth, rebalancing")
    assert problems["scores.2"] == "evidence: confirmed passages, or a source"
    assert problems["scores.3.source"].startswith("the key of one of this file's sources")


def test_one_score_per_criterion_and_recording_replaces() -> None:
    with pytest.raises(InvalidInputError) as caught:
        appraisal_from_data(
            {"deal": "testville", "scores": [_score("growth", 1), _score("growth", 2)]}, RUBRIC, "t"
        )
    assert caught.value.problems[0].expected == "one score per criterion; repeated: growth"
    appraisal = appraisal_from_data(
        {"deal": "testville", "scores": [_score("growth", 1)]}, RUBRIC, "t"
    )
    updated = record_score(appraisal, score_from_data(_score("growth", 3), RUBRIC, "t"))
    assert [(s.criterion, s.score) for s in updated.scores] == [("growth", 3)]


def test_confirmed_passages_must_be_imported() -> None:
    score = score_from_data(
        _score("growth", 1, ("testville:doc.txt:1", "testville:doc.txt:9")), RUBRIC, "t"
    )
    problems = unknown_passages(score, ["testville:doc.txt:1"], "--passage")
    assert [p.value for p in problems] == ["testville:doc.txt:9"]


def test_appraisal_round_trips_through_toml(tmp_path: Path) -> None:
    appraisal = appraisal_from_data(
        {"deal": "testville", "scores": [_score("growth", 2)]}, RUBRIC, "t"
    )
    save_appraisal(tmp_path, appraisal)
    assert load_appraisal(tmp_path, "testville", RUBRIC) == appraisal
    assert load_appraisal(tmp_path, "elsewhere", RUBRIC).scores == []


def test_bundled_appraisals_record_the_essay_judgements() -> None:
    register = bundled_register()
    cards = {
        d.id: scorecard(d, load_appraisal(register, d.id, RUBRIC), RUBRIC)
        for d in load_deals(register)
    }
    assert cards["leeds"].total("low carbon").points == 2
    assert (
        cards["newcastle"].lines[5].score is not None
        and cards["newcastle"].lines[5].score.score == 2
    )
    bristol = cards["bristol"].total("low carbon")
    assert (bristol.points, bristol.possible, bristol.appraised) == (0, 9, 3)
    assert sum(card.total("objectives").appraised for card in cards.values()) == 0


def _passage(number: int, text: str) -> Passage:
    return Passage(id=f"t:doc.txt:{number}", deal="t", file="doc.txt", paragraph=number, text=text)


def test_search_ranks_the_passage_sharing_the_rarest_terms_first() -> None:
    passages = [
        _passage(1, "The deal creates jobs in the city centre."),
        _passage(2, "Growth will be framed by a low-carbon vision for the city."),
        _passage(3, "A new combined authority will govern transport."),
        _passage(4, "Carbon appears once here with jobs."),
    ]
    matches = rank_passages(passages, ["low carbon", "carbon"], limit=10)
    assert [m.passage.paragraph for m in matches] == [2, 4]
    assert matches[0].score > matches[1].score > 0
    assert rank_passages(passages, ["tram"]) == []
    assert rank_passages([], ["carbon"]) == []
    assert [m.passage.paragraph for m in rank_passages(passages, ["jobs", "carbon"], limit=1)] == [
        4
    ]


def test_milestones_promised_against_delivered_over_time() -> None:
    deal = _deal()
    over_time = delivery_over_time(deal)
    # growth fund: due 2013-04-01, on track 2013-01-10, delayed 2013-06-01, delivered 2013-09-01;
    # skills hub: due 2014-01-01, dropped 2014-03-01; tram: no due date, no report.
    assert over_time.rows() == [
        (dt.date(2013, 1, 10), 0, 0, 0, 0),
        (dt.date(2013, 4, 1), 1, 0, 0, 0),
        (dt.date(2013, 6, 1), 1, 0, 0, 1),
        (dt.date(2013, 9, 1), 1, 1, 0, 0),
        (dt.date(2014, 1, 1), 2, 1, 0, 0),
        (dt.date(2014, 3, 1), 2, 1, 1, 0),
    ]
    on_day = milestones_table(deal, dt.date(2013, 7, 1))
    assert on_day.select("milestone", "status", "overdue").rows() == [
        ("growth-fund", "delayed", True),
        ("skills-hub", "not reported", False),
        ("tram", "not reported", False),
    ]
    latest = milestones_table(deal)
    assert latest.row(0, named=True)["delivered"] == "Fund opened with £10m"
