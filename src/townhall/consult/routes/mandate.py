"""Public, read-only pages of the accountability map: a place's map with its diagram, and
"who decides this here?" as a GET form. Nothing here changes state.

The places are the bundled ones and any a council added (`TOWNHALL_MANDATE_REGISTERS`), loaded at
start-up; see `townhall.consult.published_registers`.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from townhall.consult.pages import render
from townhall.consult.published_registers import PlaceMap, loaded_registers
from townhall.mandate.diagram import diagram_sentences
from townhall.mandate.lookup import who_decides
from townhall.mandate.measures import fragmentation
from townhall.mandate.report import resident_summary
from townhall.mandate.tables import roles_table
from townhall.mandate.vocabulary import SELECTIONS_SHORT, SERVICE_IDS, SERVICES

router = APIRouter(prefix="/mandate")


def _place(request: Request, place: str) -> PlaceMap:
    """A place's map; 404 for a place with none."""
    found = loaded_registers(request).places.get(place)
    if found is None:
        raise HTTPException(
            status_code=404, detail="There is no accountability map for that place."
        )
    return found


@router.get("")
def places(request: Request) -> Response:
    """The places with an accountability map."""
    registers = [found.register for found in loaded_registers(request).places.values()]
    return render(request, "mandate/places.html", {"registers": registers})


@router.get("/{place}")
def place_map(place: str, request: Request) -> Response:
    """A place's map: the summary, the diagram with its text alternative, who decides what."""
    register = _place(request, place).register
    return render(
        request,
        "mandate/map.html",
        {
            "register": register,
            "summary": resident_summary(register, fragmentation(register)),
            "sentences": diagram_sentences(register),
            "roles": roles_table(register).to_dicts(),
            "services": [(s, SERVICES[s]) for s in SERVICE_IDS],
            "chosen": SELECTIONS_SHORT,
        },
    )


@router.get("/{place}/map.svg")
def place_map_svg(place: str, request: Request) -> Response:
    """The diagram as an SVG image (no scripts), shown by the map page with its text alternative."""
    return Response(
        _place(request, place).svg,
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.get("/{place}/who")
def who(place: str, request: Request, service: str | None = None) -> Response:
    """Who decides this here? The answer for one service, or the question with an error."""
    register = _place(request, place).register
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
