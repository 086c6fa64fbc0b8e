"""The "what would I pay" page: the household calculator under each option, side by side.

The form is POSTed (not a GET query) so a household's income never lands in logs or history;
nothing entered is stored.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from townhall.consult.access import database
from townhall.consult.forms import read_form, text_values
from townhall.consult.household_form import (
    ANCHORS,
    BANDS,
    CARERS,
    DISABILITY_BENEFITS,
    ESA_GROUPS,
    FIELDS,
    OTHER_ADULT_BENEFITS,
    OTHER_ADULT_ROWS,
    WORKS,
    YES_NO,
    billing_council,
    household_from_form,
    pay_under_each,
)
from townhall.consult.models import Consultation
from townhall.consult.pages import render
from townhall.consult.routes.public import published
from townhall.consult.security.csrf import require_csrf

CHOICES = {
    "yes_no": YES_NO,
    "esa": ESA_GROUPS,
    "carers": CARERS,
    "disability": DISABILITY_BENEFITS,
    "works": WORKS,
    "other_adult_benefit": OTHER_ADULT_BENEFITS,
}
router = APIRouter(
    prefix="/consultations/{slug}/what-would-i-pay", dependencies=[Depends(require_csrf)]
)


def _page(
    request: Request,
    consultation: Consultation,
    values: dict[str, str],
    extra: dict[str, Any],
    status: int = 200,
) -> Response:
    if not consultation.schemes:
        return render(
            request,
            "error.html",
            {"status": 404, "message": "This consultation has no calculator."},
            404,
        )
    context = {
        "consultation": consultation,
        "values": values,
        "bands": BANDS,
        "choices": CHOICES,
        "anchors": ANCHORS,
        "other_adult_rows": OTHER_ADULT_ROWS,
        "errors": {},
        "results": None,
        **extra,
    }
    return render(request, "resident/calculator.html", context, status)


@router.get("")
def calculator(slug: str, request: Request, session: Session = Depends(database)) -> Response:
    """The empty form."""
    return _page(request, published(session, slug), {}, {})


@router.post("")
def calculate(
    slug: str,
    request: Request,
    form: FormData = Depends(read_form),
    session: Session = Depends(database),
) -> Response:
    """What the household pays under each linked scheme, or the form again with its errors."""
    consultation = published(session, slug)
    values = {name: value[:40] for name, value in text_values(form, FIELDS).items()}
    household, errors = household_from_form(values)
    if household is None:
        return _page(request, consultation, values, {"errors": errors}, 400)
    names = [link.scheme_name for link in consultation.schemes]
    results = pay_under_each(household, names)
    return _page(
        request,
        consultation,
        values,
        {
            "results": list(zip(consultation.schemes, results, strict=True)),
            # The council's own part, shown when police, fire and other precepts make it differ.
            "council": billing_council(names),
            "council_part_differs": any(
                result.council_to_pay_yearly != result.to_pay_yearly for result in results
            ),
        },
    )
