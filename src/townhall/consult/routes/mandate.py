"""Public, read-only pages of the accountability map: a place's map with its diagram, and
"who decides this here?" as a GET form. Nothing here changes state."""

from __future__ import annotations

from functools import lru_cache

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from townhall.consult.pages import render
from townhall.mandate.diagram import diagram_sentences, map_chart
from townhall.mandate.lookup import who_decides
from townhall.mandate.measures import fragmentation
from townhall.mandate.register import Register, bundled_place_names, load_bundled
from townhall.mandate.report import summary_sentences
from townhall.mandate.tables import roles_table
from townhall.mandate.vocabulary import SELECTIONS_SHORT, SERVICE_IDS, SERVICES
from townhall.reports.charts import chart_svg

router = APIRouter(prefix="/mandate")


@lru_cache(maxsize=16)
def _register(place: str) -> Register:
    """A bundled register (they never change while the service runs); 404 for an unknown place."""
    if place not in bundled_place_names():
        raise HTTPException(
            status_code=404, detail="There is no accountability map for that place."
        )
    return load_bundled(place)


@lru_cache(maxsize=16)
def _map_svg(place: str) -> str:
    """The diagram rendered once per place."""
    return chart_svg(map_chart(_register(place)))


@router.get("")
def places(request: Request) -> Response:
    """The places with an accountability map."""
    registers = [_register(name) for name in bundled_place_names()]
    return render(request, "mandate/places.html", {"registers": registers})


@router.get("/{place}")
def place_map(place: str, request: Request) -> Response:
    """A place's map: the summary, the diagram with its text alternative, who decides what."""
    register = _register(place)
    return render(
        request,
        "mandate/map.html",
        {
            "register": register,
            "summary": summary_sentences(register, fragmentation(register)),
            "sentences": diagram_sentences(register),
            "roles": roles_table(register).to_dicts(),
            "services": [(s, SERVICES[s]) for s in SERVICE_IDS],
            "chosen": SELECTIONS_SHORT,
        },
    )


@router.get("/{place}/map.svg")
def place_map_svg(place: str) -> Response:
    """The diagram as an SVG image (no scripts), shown by the map page with its text alternative."""
    return Response(
        _map_svg(place),
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/{place}/who")
def who(place: str, request: Request, service: str | None = None) -> Response:
    """Who decides this here? The answer for one service, or the question with an error."""
    register = _register(place)
    errors: dict[str, str] = {}
    answers = None
    if service is not None:
        if service in SERVICE_IDS:
            answers = who_decides(register, service)
        else:
            errors["service"] = "Select a service from the list"
    return render(
        request,
        "mandate/who.html",
        {
            "register": register,
            "services": [(s, SERVICES[s]) for s in SERVICE_IDS],
            "selected": service if service in SERVICE_IDS else "",
            "service_label": SERVICES.get(service or "", ""),
            "answers": answers,
            "errors": errors,
        },
        status_code=400 if errors else 200,
    )
