"""CSRF protection: a signed token per session in every POST form, checked by a dependency.

The session holds a random secret; forms carry it signed with the app's key and a timestamp. A POST
without a valid token for this session is refused with 403 before its handler runs. When the
session itself is missing (cookies blocked, cleared or expired) the refusal says cookies are needed
and links back to where the person can carry on, rather than suggesting the form was forged.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

FIELD = "csrf_token"
_SESSION_KEY = "csrf_secret"
MAX_AGE_SECONDS = 8 * 3600


def _serializer(request: Request) -> URLSafeTimedSerializer:
    serializer: URLSafeTimedSerializer = request.app.state.csrf_serializer
    return serializer


def csrf_token(request: Request) -> str:
    """The token to put in this session's forms (the session's secret, signed)."""
    secret = request.session.get(_SESSION_KEY)
    if not isinstance(secret, str):
        secret = secrets.token_urlsafe(24)
        request.session[_SESSION_KEY] = secret
    return str(_serializer(request).dumps(secret))


def rotate_csrf_secret(request: Request) -> None:
    """A new secret (on log-in and log-out), so a token seen before no longer works."""
    request.session[_SESSION_KEY] = secrets.token_urlsafe(24)


def token_is_valid(request: Request, token: object) -> bool:
    """True if `token` is this session's secret, signed by us, and not too old."""
    secret = request.session.get(_SESSION_KEY)
    if not isinstance(token, str) or not isinstance(secret, str):
        return False
    try:
        signed = _serializer(request).loads(token, max_age=MAX_AGE_SECONDS)
    except BadSignature:
        return False
    return isinstance(signed, str) and hmac.compare_digest(signed, secret)


class CookiesNeededError(Exception):
    """A form came without this browser's session: its cookie was blocked, cleared or expired."""

    def __init__(self, back: str) -> None:
        super().__init__(back)
        self.back = back


def way_back(request: Request) -> str:
    """Where to carry on after a lost session: a consultation's own page for a resident's form,
    else the page the form was on (when it was on this site), else the home page."""
    parts = request.url.path.split("/")
    if len(parts) > 2 and parts[1] == "consultations" and parts[2]:
        return f"/consultations/{parts[2]}"
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/"):
        return referer.path
    return "/"


async def require_csrf(request: Request) -> None:
    """Dependency on every router: any POST must carry this session's valid token."""
    if request.method != "POST":
        return
    form = await request.form()
    if not isinstance(request.session.get(_SESSION_KEY), str):
        raise CookiesNeededError(way_back(request))
    if not token_is_valid(request, form.get(FIELD)):
        raise HTTPException(
            status_code=403,
            detail="This form has expired or did not come from this site. Go back, reload "
            "the page and try again.",
        )
