"""Councillors' ward view: responses from their own wards beside the whole area.

A councillor sees only wards they represent, never e-mail addresses, receipt references or
equality data; a ward's answers only when at least `ward_minimum_responses` responded (and each
question's only when that many answered it), and its free text masked as everywhere published.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from townhall.consult.access import councillor_or_staff, database
from townhall.consult.analysis.masking import mask_personal_data
from townhall.consult.audit import record_separately
from townhall.consult.charts import comparison_chart
from townhall.consult.models import Consultation, Question, User
from townhall.consult.pages import render
from townhall.consult.rules.counting import SMALL_COUNT, WardComparison, compare_with_area
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services.results import (
    Filters,
    closed_results,
    free_text,
    other_texts,
    response_count,
)

router = APIRouter(prefix="/councillor", dependencies=[Depends(require_csrf)])


@dataclass(frozen=True)
class WardQuestion:
    """One closed question in the ward beside the area: the rows and chart only when enough in
    the ward answered it."""

    question: Question
    ward_answered: int
    area_answered: int
    rows: list[WardComparison] | None
    chart: str | None

    @property
    def largest(self) -> WardComparison | None:
        """The option whose ward share differs most from the area's."""
        return max(self.rows or [], key=lambda row: abs(row.difference_points), default=None)


def _own_wards(user: User) -> dict[int, str]:
    return {ward.id: ward.name for ward in user.wards}


@router.get("")
def wards_home(
    request: Request,
    user: User = Depends(councillor_or_staff),
    session: Session = Depends(database),
) -> Response:
    """The councillor's wards and the consultations that asked about them."""
    consultations = session.scalars(
        select(Consultation)
        .where(Consultation.status != "draft")
        .order_by(Consultation.closes_on.desc())
    ).all()
    own = _own_wards(user)
    rows = [
        (
            consultation,
            ward_id,
            name,
            response_count(session, consultation, Filters(ward_id=ward_id)),
        )
        for consultation in consultations
        for ward_id, name in own.items()
        if ward_id in {ward.id for ward in consultation.wards}
    ]
    minimum = request.app.state.settings.ward_minimum_responses
    return render(request, "councillor/home.html", {"rows": rows, "wards": own, "minimum": minimum})


@router.get("/consultations/{consultation_id}/wards/{ward_id}")
def ward_view(
    consultation_id: int,
    ward_id: int,
    request: Request,
    user: User = Depends(councillor_or_staff),
    session: Session = Depends(database),
) -> Response:
    """The ward's responses: how many, closed answers beside the area, its free text."""
    own = _own_wards(user)
    if ward_id not in own:
        raise HTTPException(status_code=403, detail="You can see only the wards you represent.")
    consultation = session.get(Consultation, consultation_id)
    if consultation is None or consultation.status == "draft":
        raise HTTPException(status_code=404, detail="There is no such consultation.")
    minimum: int = request.app.state.settings.ward_minimum_responses
    ward_filter = Filters(ward_id=ward_id)
    ward_total = response_count(session, consultation, ward_filter)
    shown = ward_total >= minimum
    area = {result.question.id: result for result in closed_results(session, consultation)}
    comparisons = [
        WardQuestion(
            result.question,
            result.tally.answered,
            area[result.question.id].tally.answered,
            rows,
            comparison_chart(rows, own[ward_id]) if rows else None,
        )
        for result in closed_results(session, consultation, ward_filter)
        for rows in [
            compare_with_area(result.tally, area[result.question.id].tally)
            if result.tally.answered >= minimum
            else None
        ]
    ]
    written = [
        (
            question,
            len(texts),
            [mask_personal_data(text).text for text in texts] if len(texts) >= minimum else None,
        )
        for question, texts in free_text(session, consultation, ward_filter)
    ]
    record_separately(
        request.app.state.writer,
        user,
        "view ward results",
        f"consultation {consultation.id}",
        own[ward_id],
    )
    context = {
        "consultation": consultation,
        "ward_name": own[ward_id],
        "ward_total": ward_total,
        "area_total": response_count(session, consultation),
        "minimum": minimum,
        "small": SMALL_COUNT,
        "shown": shown,
        "comparisons": comparisons if shown else [],
        "free_text": written if shown else [],
        # "Other (please specify)" words, masked, where enough in the ward wrote them
        "others": {
            question_id: [mask_personal_data(text).text for text in texts]
            for question_id, texts in other_texts(session, consultation, ward_filter).items()
            if shown and len(texts) >= minimum
        },
    }
    return render(request, "councillor/ward.html", context)
