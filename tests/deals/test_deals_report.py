"""The comparison report and workbook: offline HTML, the same figures in Excel, written whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from townhall.deals.appraisal import Appraisal, load_appraisal
from townhall.deals.register import bundled_register, load_deals
from townhall.deals.report import build_report, summary_sentences, write_outputs
from townhall.deals.rubric import bundled_rubric
from townhall.deals.scorecard import Scorecard, scorecard

RUBRIC = bundled_rubric()


def _wave_one() -> tuple[list[Scorecard], list[Appraisal]]:
    register = bundled_register()
    deals = [d for d in load_deals(register) if d.wave == 1]
    appraisals = [load_appraisal(register, d.id, RUBRIC) for d in deals]
    return [scorecard(d, a, RUBRIC) for d, a in zip(deals, appraisals, strict=True)], appraisals


def test_summary_says_what_was_appraised() -> None:
    cards, _ = _wave_one()
    sentences = dict(zip([c.deal.id for c in cards], summary_sentences(cards), strict=True))
    assert sentences["bristol"].endswith(
        "objectives: not appraised; low carbon: 0 of 9 points (3 of 3 criteria appraised)."
    )
    assert sentences["leeds"].endswith("low carbon: 2 of 3 points (1 of 3 criteria appraised).")


def test_report_opens_offline_and_cites_the_essay() -> None:
    cards, appraisals = _wave_one()
    html = build_report(cards, appraisals, {}, RUBRIC, "Wave one").render()
    assert "<svg" in html and "https://inlogov.com/tag/martin-stott/page/2/" in html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", html)
    assert "<script" not in html


def test_a_failed_workbook_leaves_the_old_one_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards, appraisals = _wave_one()
    workbook = tmp_path / "deals.xlsx"
    write_outputs(cards, appraisals, {}, RUBRIC, None, workbook)
    before = workbook.read_bytes()
    assert load_workbook(workbook, read_only=True)["Comparison"].max_row == 9  # heading + 8 deals

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("townhall.reports.excel._write_sheet", broken)
    with pytest.raises(OSError, match="disk full"):
        write_outputs(cards, appraisals, {}, RUBRIC, None, workbook)
    assert workbook.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["deals.xlsx"]
