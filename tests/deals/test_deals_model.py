"""A deal as data: the bundled register, and every problem of a bad deal file reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from deal_documents import DEAL_TOML

from townhall.deals.register import bundled_register, load_deal, load_deal_file, load_deals
from townhall.problems import InvalidInputError

WAVE_ONE = {
    "birmingham",
    "bristol",
    "leeds",
    "liverpool",
    "manchester",
    "newcastle",
    "nottingham",
    "sheffield",
}


def test_bundled_register_holds_the_eight_core_cities_and_twenty_wave_two_localities() -> None:
    deals = load_deals(bundled_register())
    assert {d.id for d in deals if d.wave == 1} == WAVE_ONE
    assert len([d for d in deals if d.wave == 2]) == 20


def test_every_bundled_fact_is_sourced_and_every_source_locatable() -> None:
    for deal in load_deals(bundled_register()):
        keys = set(deal.sources)
        facts = [
            *deal.partners,
            *deal.dates,
            *deal.asks,
            *deal.offers,
            *deal.objectives,
            *deal.governance_changes,
            *deal.low_carbon_commitments,
            *deal.milestones,
        ]
        assert {fact.source for fact in facts} <= keys
        assert all(s.url or s.document for s in deal.sources.values())


def test_bundled_figures_as_their_sources_state_them() -> None:
    manchester = load_deal(bundled_register(), "manchester")
    assert manchester.offers[0].amount_pounds == 1_200_000_000  # "up to £1.2 billion" Earnback
    sheffield = load_deal(bundled_register(), "sheffield")
    assert [o.count for o in sheffield.offers if o.kind == "apprenticeships"] == [4_000]
    cambridge = load_deal(bundled_register(), "greater-cambridge")
    # £100m from April 2015, £200m from April 2020 and £200m from April 2025: £500m in all
    tranches = [o.amount_pounds for o in cambridge.offers if o.period and "April" in o.period]
    assert tranches == [100_000_000, 200_000_000, 200_000_000]
    assert len(load_deal(bundled_register(), "tees-valley").low_carbon_commitments) == 2


def test_wave_two_deals_agreed_per_gov_uk_have_no_invented_dates() -> None:
    deals = [d for d in load_deals(bundled_register()) if d.wave == 2]
    agreed = [d.id for d in deals if any(step.event == "agreed" for step in d.dates)]
    assert len(agreed) == 18 and "milton-keynes" not in agreed and "bournemouth-poole" not in agreed
    # GOV.UK's list says which were agreed, not when: no date may rest on it alone
    assert all(
        step.date is None for d in deals for step in d.dates if step.source == "gov-uk-wave-2"
    )


def _write(tmp_path: Path, text: str, name: str = "testville.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_deal_loads(tmp_path: Path) -> None:
    deal = load_deal_file(_write(tmp_path, DEAL_TOML))
    assert deal.offers[0].amount_pounds == 10_000_000
    assert deal.date_of("agreed") is not None


def test_every_problem_is_reported_at_once_with_its_field_path(tmp_path: Path) -> None:
    bad = (
        DEAL_TOML.replace("wave = 1", "wave = 0")
        .replace('kind = "council"', 'kind = "charity"')
        .replace("amount_pounds = 10_000_000", "amount_pounds = -5")
        .replace('status = "delayed"', 'status = "finished"')
        .replace(
            'description = "New jobs"\ncount = 1_000\nsource = "deal-document"',
            'description = "New jobs"\ncount = 1_000\nsource = "press-release"',
        )
        .replace('document = "Testville City Deal, 2012"', 'url = "www.example.org"')
    )
    with pytest.raises(InvalidInputError) as caught:
        load_deal_file(_write(tmp_path, bad))
    fields = {p.field for p in caught.value.problems}
    assert fields == {
        "wave",
        "sources.deal-document.url",
        "partners.0.kind",
        "offers.0.amount_pounds",
        "offers.1.source",
        "milestones.0.history.1.status",
    }
    unknown = next(p for p in caught.value.problems if p.field == "offers.1.source")
    assert unknown.value == "press-release" and "deal-document" in unknown.expected


def test_a_figure_that_does_not_fit_its_kind_and_history_out_of_order(tmp_path: Path) -> None:
    bad = DEAL_TOML.replace('kind = "jobs"', 'kind = "fund"').replace(
        "date = 2013-09-01", "date = 2012-09-01"
    )
    with pytest.raises(InvalidInputError) as caught:
        load_deal_file(_write(tmp_path, bad))
    problems = {p.field: p.expected for p in caught.value.problems}
    assert problems == {
        "offers.1": "count only on a jobs, homes, apprenticeships or trainees item",
        "milestones.0": "history in date order, earliest first",
    }


def test_missing_and_unknown_fields(tmp_path: Path) -> None:
    bad = DEAL_TOML.replace('place = "Testville"\n', "").replace(
        "wave = 1", "wave = 1\nmayor = true"
    )
    with pytest.raises(InvalidInputError) as caught:
        load_deal_file(_write(tmp_path, bad))
    assert {(p.field, p.value) for p in caught.value.problems} == {
        ("place", "(missing)"),
        ("mayor", "True"),
    }


def test_id_must_match_the_file_name_and_toml_must_parse(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as caught:
        load_deal_file(_write(tmp_path, DEAL_TOML, "elsewhere.toml"))
    assert caught.value.problems[0].field == "id"
    with pytest.raises(InvalidInputError) as caught:
        load_deal_file(_write(tmp_path, "id = ", "broken.toml"))
    assert "valid TOML" in caught.value.problems[0].expected


def test_a_register_reports_the_problems_of_all_its_files_together(tmp_path: Path) -> None:
    _write(tmp_path, DEAL_TOML.replace("wave = 1", "wave = 0"))
    _write(
        tmp_path,
        DEAL_TOML.replace('id = "testville"', 'id = "other"').replace(
            'title = "Testville City Deal"', 'titel = "Testville"'
        ),
        "other.toml",
    )
    with pytest.raises(InvalidInputError) as caught:
        load_deals(tmp_path)
    assert {(Path(p.source).name, p.field) for p in caught.value.problems} == {
        ("testville.toml", "wave"),
        ("other.toml", "title"),
        ("other.toml", "titel"),
    }


def test_an_unknown_deal_names_the_known_ones(tmp_path: Path) -> None:
    _write(tmp_path, DEAL_TOML)
    with pytest.raises(InvalidInputError) as caught:
        load_deal(tmp_path, "nowhere")
    assert caught.value.problems[0].expected == "one of: testville"
