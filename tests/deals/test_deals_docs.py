"""The examples in docs/deals.md are what the commands print."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from townhall.cli import app

DOCS = Path(__file__).resolve().parents[2] / "docs" / "deals.md"


def _documented(command: str) -> str:
    """The output shown under `$ command` in the docs."""
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(rf"```console\n\$ {re.escape(command)}\n(.*?)```", text, re.DOTALL)
    assert block is not None, command
    return block.group(1)


def _run(arguments: list[str]) -> str:
    return CliRunner().invoke(app, arguments).output


def test_the_documented_rubric_and_list(console_width: Callable[[int], None]) -> None:
    console_width(100)
    assert _run(["deals", "rubric"]) == _documented("townhall deals rubric")
    assert _run(["deals", "show", "sheffield"]) == _documented("townhall deals show sheffield")
    assert _run(["deals", "monitor", "sheffield"]) == _documented(
        "townhall deals monitor sheffield"
    )
    console_width(120)
    assert _run(["deals", "list"]) == _documented("townhall deals list")


def test_the_documented_validation_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, console_width: Callable[[int], None]
) -> None:
    console_width(100)
    text = DOCS.read_text(encoding="utf-8")
    bad = re.search(r"`bad-deal.toml`:\n\n```toml\n(.*?)```", text, re.DOTALL)
    assert bad is not None
    (tmp_path / "bad-deal.toml").write_text(bad.group(1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    output = _run(["deals", "validate", "bad-deal.toml"])
    assert output + "[exit status 1]\n" == _documented("townhall deals validate bad-deal.toml")
