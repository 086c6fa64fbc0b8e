"""The public page of a council's published outcomes contract figures: each recorded payment with
its sign-offs and what the public got for the money, read from the file `townhall outcomes export`
wrote (`TOWNHALL_OUTCOMES_PUBLISHED`, read on each request so a new export shows at once).
Aggregates only: the export never holds personal records. Nothing here changes state.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from townhall.consult.pages import render

router = APIRouter(prefix="/outcomes")
PUBLISHED = "TOWNHALL_OUTCOMES_PUBLISHED"


def published_figures(path: Path) -> tuple[list[dict[str, Any]], str | None]:
    """The export's computations, or none and the reason the file cannot be shown."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return [], f"The published figures ({path.name}) cannot be read: {error}."
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict) and {"contract", "total", "lines"} <= entry.keys()
        for entry in entries
    ):
        return [], f"{path.name} is not a file written by `townhall outcomes export`."
    return entries, None


@router.get("")
def published(request: Request) -> Response:
    """Every published payment of the council's outcomes contracts, with its value for money."""
    configured = os.environ.get(PUBLISHED)
    entries, problem = ([], None) if not configured else published_figures(Path(configured))
    return render(
        request,
        "outcomes/published.html",
        {"entries": entries, "configured": bool(configured), "problem": problem},
        status_code=503 if problem else 200,
    )
