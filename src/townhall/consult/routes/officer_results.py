"""Officers' results: counts, percentages and charts, filtered by ward and respondent type;
exports of responses (CSV, Excel) and, separately, of equality data."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from townhall.consult.access import database, staff
from townhall.consult.audit import record_separately
from townhall.consult.charts import tally_chart, tally_description
from townhall.consult.models import User
from townhall.consult.pages import render
from townhall.consult.routes.consultation_changes import staff_consultation
from townhall.consult.rules.respondents import RESPONDENT_TYPES
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services.equality_report import equality_csv, equality_tables
from townhall.consult.services.exports import responses_csv, responses_xlsx
from townhall.consult.services.results import (
    Filters,
    asked_counts,
    closed_results,
    counts_by_version,
    counts_by_ward,
    free_text,
    other_texts,
    response_count,
    typed_counts,
)
from townhall.consult.services.routing import condition_words

router = APIRouter(
    prefix="/staff/consultations/{consultation_id}", dependencies=[Depends(require_csrf)]
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Free-text answers listed on the page for each question; all of them are in the exports and on
# the themes pages, where they can be read, grouped and corrected.
TEXTS_SHOWN = 50


def filters_from(request: Request, ward_ids: set[int]) -> Filters:
    """The ward and respondent type chosen in the filter form (ignored when not valid)."""
    ward = request.query_params.get("ward", "")
    kind = request.query_params.get("respondent_type", "")
    return Filters(
        ward_id=int(ward) if ward.isdigit() and int(ward) in ward_ids else None,
        respondent_type=kind if kind in RESPONDENT_TYPES else None,
    )


@router.get("/results")
def results(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Closed questions counted with charts; free text; responses by ward; equality aggregates."""
    consultation = staff_consultation(session, consultation_id)
    filters = filters_from(request, {ward.id for ward in consultation.wards})
    closed = closed_results(session, consultation, filters)
    charts = {
        result.question.id: (tally_chart(result.tally), tally_description(result.tally))
        for result in closed
        if result.tally.answered
    }
    record_separately(
        request.app.state.writer,
        user,
        "view results",
        f"consultation {consultation.id}",
        str(filters),
    )
    context = {
        "consultation": consultation,
        "filters": filters,
        "filtered_to": filters.described({ward.id: ward.name for ward in consultation.wards}),
        "respondent_types": RESPONDENT_TYPES,
        "total": response_count(session, consultation, filters),
        "closed": closed,
        "charts": charts,
        "free_text": free_text(session, consultation, filters, limit=TEXTS_SHOWN),
        "typed_counts": typed_counts(session, consultation, filters),
        "asked": asked_counts(session, consultation, filters),
        "others": other_texts(session, consultation, filters),
        "routing_words": {
            q.id: condition_words(q, consultation.questions) for q in consultation.questions
        },
        "by_ward": counts_by_ward(session, consultation, filters),
        "by_version": counts_by_version(session, consultation, filters),
        "equality": equality_tables(session, consultation),
    }
    return render(request, "officer/results.html", context)


def _download(content: str | bytes, media_type: str, filename: str) -> Response:
    return Response(
        content=content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/export/responses.csv")
def export_csv(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Every response as CSV (no e-mail addresses)."""
    consultation = staff_consultation(session, consultation_id)
    record_separately(
        request.app.state.writer, user, "export responses (CSV)", f"consultation {consultation.id}"
    )
    return _download(
        responses_csv(session, consultation),
        "text/csv; charset=utf-8",
        f"{consultation.slug}-responses-{date.today()}.csv",
    )


@router.get("/export/responses.xlsx")
def export_xlsx(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Every response as an Excel workbook."""
    consultation = staff_consultation(session, consultation_id)
    record_separately(
        request.app.state.writer,
        user,
        "export responses (Excel)",
        f"consultation {consultation.id}",
    )
    return _download(
        responses_xlsx(session, consultation),
        XLSX,
        f"{consultation.slug}-responses-{date.today()}.xlsx",
    )


@router.get("/export/equality.csv")
def export_equality(
    consultation_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Equality monitoring records, a file of their own with no link to responses."""
    consultation = staff_consultation(session, consultation_id)
    record_separately(
        request.app.state.writer,
        user,
        "export equality data (CSV)",
        f"consultation {consultation.id}",
    )
    return _download(
        equality_csv(session, consultation),
        "text/csv; charset=utf-8",
        f"{consultation.slug}-equality-{date.today()}.csv",
    )
