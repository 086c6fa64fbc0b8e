"""Public, read-only pages of the city deal register: the register, one deal with its sources,
scorecard and milestones, and the deals compared. Nothing here changes state."""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from townhall.consult.pages import render
from townhall.deals.appraisal import Appraisal, load_appraisal
from townhall.deals.model import OBJECTIVES, Deal
from townhall.deals.monitoring import milestone_states
from townhall.deals.register import bundled_register, load_deals
from townhall.deals.report import heatmap
from townhall.deals.rubric import Rubric, bundled_rubric
from townhall.deals.scorecard import Scorecard, comparison_table, scorecard
from townhall.reports.charts import chart_svg

router = APIRouter(prefix="/deals")


@lru_cache(maxsize=1)
def _register() -> tuple[Rubric, dict[str, Deal], dict[str, Appraisal]]:
    """The bundled register, read once (it never changes while the service runs)."""
    folder, rubric = bundled_register(), bundled_rubric()
    deals = {deal.id: deal for deal in load_deals(folder)}
    appraisals = {key: load_appraisal(folder, key, rubric) for key in deals}
    return rubric, deals, appraisals


def _cards() -> list[Scorecard]:
    rubric, deals, appraisals = _register()
    return [scorecard(deal, appraisals[key], rubric) for key, deal in deals.items()]


@lru_cache(maxsize=1)
def _comparison_svg() -> str:
    """The comparison grid rendered once."""
    rubric, _, _ = _register()
    return chart_svg(heatmap(_cards(), rubric))


@router.get("")
def register(request: Request) -> Response:
    """Every deal in the register, by wave."""
    rubric, deals, appraisals = _register()
    return render(
        request,
        "deals/register.html",
        {
            "deals": list(deals.values()),
            "appraised": {key: len(a.scores) for key, a in appraisals.items()},
            "criteria": len(rubric.criteria),
        },
    )


@router.get("/compare")
def compare(request: Request) -> Response:
    """The deals side by side: the grid of scores (an image with its table) and totals."""
    rubric, _, _ = _register()
    cards = _cards()
    return render(
        request,
        "deals/compare.html",
        {
            "rubric": rubric,
            "rows": comparison_table(cards, rubric).to_dicts(),
            "appraised": [card for card in cards if any(line.score for line in card.lines)],
        },
    )


@router.get("/compare.svg")
def compare_svg() -> Response:
    """The comparison grid as an SVG image (no scripts)."""
    return Response(
        _comparison_svg(),
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/{deal_id}")
def deal_page(deal_id: str, request: Request) -> Response:
    """One deal: what the sources state, its scorecard and its milestones."""
    rubric, deals, appraisals = _register()
    deal = deals.get(deal_id)
    if deal is None:
        raise HTTPException(
            status_code=404, detail="There is no deal with that name in the register."
        )
    return render(
        request,
        "deals/deal.html",
        {
            "deal": deal,
            "objectives": OBJECTIVES,
            "card": scorecard(deal, appraisals[deal_id], rubric),
            "appraisal": appraisals[deal_id],
            "milestones": milestone_states(deal),
        },
    )
