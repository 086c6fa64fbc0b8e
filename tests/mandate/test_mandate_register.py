"""A register as data: what validates, and every problem of a bad one reported at once."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from townhall.mandate.register import (
    bundled_place_names,
    load_bundled,
    load_register_file,
    register_from_data,
    register_from_toml,
)
from townhall.problems import InvalidInputError

TINY = Path(__file__).parent / "data" / "tiny.toml"


def tiny_data() -> dict[str, Any]:
    return tomllib.loads(TINY.read_text(encoding="utf-8"))


def problems_of(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InvalidInputError) as raised:
        register_from_data(data, "tiny.toml")
    return {p.field: p.expected for p in raised.value.problems}


def test_tiny_register_loads() -> None:
    register = load_register_file(TINY)
    assert register.place.id == "tinyshire"
    assert [b.id for b in register.bodies] == ["council", "mayor", "icb", "trust", "inspectorate"]
    assert register.body("mayor").directly_elected_locally
    assert not register.body("icb").directly_elected_locally


def test_field_errors_all_at_once_with_exact_paths() -> None:
    data = tiny_data()
    data["bodies"][0]["kind"] = "county-borough"
    data["bodies"][1]["chosen"] = "sortition"
    del data["bodies"][2]["area"]
    data["bodies"][3]["sources"] = []
    data["bodies"][0]["spending"]["amount_pounds"] = -5
    data["bodies"][0]["spending"]["year"] = "2025"
    data["roles"][4]["service"] = "street-lighting"
    data["roles"][5]["role"] = "owns"
    data["place"]["colour"] = "blue"
    problems = problems_of(data)
    assert set(problems) == {
        "bodies.0.kind",
        "bodies.1.chosen",
        "bodies.2.area",
        "bodies.3.sources",
        "bodies.0.spending.amount_pounds",
        "bodies.0.spending.year",
        "roles.4.service",
        "roles.5.role",
        "place.colour",
    }
    assert problems["bodies.2.area"] == "this value (it is required)"
    assert problems["place.colour"] == "no such field: check its spelling"
    assert "adult-social-care" in problems["roles.4.service"]
    assert "metropolitan-district-council" in problems["bodies.0.kind"]


def test_cross_reference_errors_listed_together_with_field_errors() -> None:
    data = tiny_data()
    data["roles"][0]["body"] = "counsil"
    data["roles"][3]["body"] = "inspectorat"
    data["bodies"][1]["answers_to"] = ["tiny-electors", "nobody"]
    data["bodies"][4]["id"] = "council"
    data["bodies"][2]["kind"] = "quango"
    data["roles"].append(dict(data["roles"][1]))
    problems = problems_of(data)
    assert set(problems) == {
        "roles.0.body",
        "roles.3.body",
        "bodies.1.answers_to.1",
        "bodies.4.id",
        "bodies.2.kind",
        f"roles.{len(data['roles']) - 1}",
    }
    assert "council, mayor, icb, trust" in problems["roles.0.body"]
    assert "tiny-electors, minister" in problems["bodies.1.answers_to.1"]


def test_a_body_cannot_answer_to_itself() -> None:
    data = tiny_data()
    data["bodies"][0]["answers_to"] = ["council"]
    assert "cannot answer to itself" in problems_of(data)["bodies.0.answers_to.0"]


def test_bad_url_and_bad_toml() -> None:
    data = tiny_data()
    data["bodies"][0]["sources"][0]["url"] = "example.org/no-scheme"
    assert set(problems_of(data)) == {"bodies.0.sources.0.url"}
    with pytest.raises(InvalidInputError) as raised:
        register_from_toml("[place\nid=", "broken.toml")
    assert raised.value.problems[0].field == "(file)"


def test_missing_file_and_unknown_place_name_the_choices() -> None:
    with pytest.raises(InvalidInputError) as raised:
        load_register_file("no-such-register.toml")
    assert raised.value.problems[0].field == "file"
    with pytest.raises(InvalidInputError) as unknown:
        load_bundled("atlantis")
    assert "birmingham" in unknown.value.problems[0].expected


def test_bundled_birmingham_validates_and_cites_every_body_and_figure() -> None:
    assert "birmingham" in bundled_place_names()
    register = load_bundled("birmingham")
    assert str(register.place.checked) == "2026-11-25"
    assert all(body.sources for body in register.bodies)
    for body in register.bodies:
        assert body.spending is not None or body.spending_note, body.id
        if body.spending is not None:
            assert body.spending.source.url.startswith("http")
    pcc = register.body("west-midlands-pcc")
    assert pcc.chosen == "directly-elected-individual" and "2 May 2024" in pcc.note
    assert register.body("birmingham-and-solihull-icb").since.startswith("July 2022")
