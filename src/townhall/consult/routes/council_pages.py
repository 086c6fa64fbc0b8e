"""The council's public pages: privacy notice, accessibility statement, cookies, and the logo and
colours every page uses (a stylesheet of its own, as the Content Security Policy allows no inline
style)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from townhall.consult.access import database
from townhall.consult.pages import council_of, render
from townhall.consult.services.council import PAGE_TITLES
from townhall.consult.services.council import logo as stored_logo
from townhall.consult.services.legal_pages import page_text

router = APIRouter()
ADDRESSES = {
    "privacy_notice": "/privacy",
    "accessibility_statement": "/accessibility",
    "cookies_page": "/cookies",
}


def _page(request: Request, page: str) -> Response:
    council = council_of(request)
    text = page_text(page, council, request.app.state.settings)
    return render(
        request, "council/page.html", {"page_title": PAGE_TITLES[page], "text": text, "page": page}
    )


@router.get("/privacy")
def privacy(request: Request) -> Response:
    """How the council uses residents' information (UK GDPR Article 13)."""
    return _page(request, "privacy_notice")


@router.get("/accessibility")
def accessibility(request: Request) -> Response:
    """The accessibility statement the 2018 regulations ask for."""
    return _page(request, "accessibility_statement")


@router.get("/cookies")
def cookies(request: Request) -> Response:
    """The cookies the service sets, and why."""
    return _page(request, "cookies_page")


@router.get("/council/logo")
def logo(session: Session = Depends(database)) -> Response:
    """The council's logo as the PNG or JPEG it was re-encoded to, never sniffed as anything else."""
    found = stored_logo(session)
    if found is None:
        raise HTTPException(status_code=404, detail="This council has no logo.")
    content, content_type = found
    return Response(
        content=content,
        media_type=content_type,
        headers={"Cache-Control": "public, max-age=86400", "Content-Disposition": "inline"},
    )


@router.get("/council.css")
def colours(request: Request) -> Response:
    """The header in the council's colours (checked for contrast when they were set)."""
    council = council_of(request)
    text = council.header_text_colour
    css = (
        f".header {{ background: {council.header_colour}; color: {text}; }}\n"
        ".header-name, .header-name:visited, .header-nav a, .header-nav a:visited, "
        f".header-nav a:hover, .header .link-button {{ color: {text}; }}\n"
    )
    return Response(content=css, media_type="text/css", headers={"Cache-Control": "no-cache"})
