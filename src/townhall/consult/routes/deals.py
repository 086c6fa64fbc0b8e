"""Public, read-only pages of the city deal register: the register, one deal with its sources,
scorecard and milestones, and the deals compared. Nothing here changes state.

The register is the one the service loaded at start-up (`TOWNHALL_DEALS_REGISTER`, or the bundled
one); see `townhall.consult.published_registers`.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from townhall.consult.pages import render
from townhall.consult.published_registers import DealRegister, loaded_registers
from townhall.deals.model import ITEM_KINDS_IN_WORDS, OBJECTIVES
from townhall.deals.monitoring import milestone_states
from townhall.deals.scorecard import comparison_table, scorecard

router = APIRouter(prefix="/deals")


def _register(request: Request) -> DealRegister:
    return loaded_registers(request).deals


@router.get("")
def register(request: Request) -> Response:
    """Every deal in the register, by wave."""
    loaded = _register(request)
    return render(
        request,
        "deals/register.html",
        {
            "deals": list(loaded.deals.values()),
            "appraised": {key: len(a.scores) for key, a in loaded.appraisals.items()},
            "criteria": len(loaded.rubric.criteria),
        },
    )


@router.get("/compare")
def compare(request: Request) -> Response:
    """The deals side by side: the grid of scores (an image with its table) and totals."""
    loaded = _register(request)
    appraised = loaded.appraised_cards()
    shown = {card.deal.id for card in appraised}
    return render(
        request,
        "deals/compare.html",
        {
            "rubric": loaded.rubric,
            "rows": comparison_table(appraised, loaded.rubric).to_dicts() if appraised else [],
            "appraised": appraised,
            "not_appraised": [deal for key, deal in loaded.deals.items() if key not in shown],
        },
    )


@router.get("/compare.svg")
def compare_svg(request: Request) -> Response:
    """The comparison grid as an SVG image (no scripts)."""
    return Response(
        _register(request).comparison_svg,
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/{deal_id}")
def deal_page(deal_id: str, request: Request) -> Response:
    """One deal: what the sources state, its scorecard and its milestones."""
    loaded = _register(request)
    deal = loaded.deals.get(deal_id)
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
            "kinds": ITEM_KINDS_IN_WORDS,
            "card": scorecard(deal, loaded.appraisals[deal_id], loaded.rubric),
            "appraisal": loaded.appraisals[deal_id],
            "milestones": milestone_states(deal),
        },
    )
