"""One log line a request, and a reference for every unhandled error.

The access line holds the method, the route's path template (`/consultations/{slug}/respond/…`,
never the concrete path, which can hold tokens), the status and the duration: never the query
string, the body, headers, cookies or the client's address. Health checks that pass are not
logged, so a load balancer polling every few seconds does not bury the requests people made.
An unhandled error is logged with its traceback under a short random reference, which the error
page shows, so a resident's report can be matched to the log.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ACCESS = logging.getLogger("townhall.access")
ERRORS = logging.getLogger("townhall.errors")
QUIET_PATHS = frozenset({"/healthz", "/readyz"})
UNMATCHED = "(no route)"
REFERENCE_KEY = "townhall.error_reference"
TEMPLATE_KEY = "townhall.path_template"


def new_reference() -> str:
    """A short reference for one error, easy to read out on the phone: E- and 8 hex digits."""
    return f"E-{secrets.token_hex(4).upper()}"


def path_template(scope: Scope) -> str:
    """The pattern of the route that answered this request (the path with its ids left out), from
    what routing noted in the scope; "(no route)" when nothing matched."""
    route = scope.get("route")
    if isinstance(getattr(route, "path", None), str):
        return str(route.path)  # type: ignore[union-attr]
    if "app_root_path" in scope and "endpoint" in scope:  # a mounted app: the static files
        return f"{scope['root_path']}/{{path}}"
    return UNMATCHED


class AccessLogMiddleware:
    """Logs one line a request to `townhall.access` when its response has been sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})  # shared with the inner copies of the scope (HEAD as GET)
        started = time.perf_counter()
        status = 500  # if the app fails before answering, the server answers 500

        async def noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, noting_status)
        finally:
            if not (scope["path"] in QUIET_PATHS and status < 400):
                _log_access(scope, status, time.perf_counter() - started)


def _log_access(scope: Scope, status: int, seconds: float) -> None:
    method = str(scope["method"])
    state = scope.get("state", {})
    path = state.get(TEMPLATE_KEY) or path_template(scope)
    duration_ms = round(seconds * 1000, 1)
    reference = state.get(REFERENCE_KEY)
    fields = {"method": method, "path": path, "status": status, "duration_ms": duration_ms}
    if reference:
        fields["reference"] = reference
    ACCESS.info(
        "%s %s %s %.1fms%s",
        method,
        path,
        status,
        duration_ms,
        f" {reference}" if reference else "",
        extra=fields,
    )


class ErrorReferenceMiddleware:
    """Turns an unhandled error into the error page with a reference, logging the traceback once;
    notes the route's template for the access line (inner middleware may copy the scope, but
    its "state" is shared).

    Sits inside the session and security-header middleware, so the page has both.
    """

    def __init__(self, app: ASGIApp, error_page: Callable[[Request, str], Response]) -> None:
        self.app = app
        self.error_page = error_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def noting_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, noting_start)
            scope.setdefault("state", {})[TEMPLATE_KEY] = path_template(scope)
        except Exception as error:
            scope.setdefault("state", {})[TEMPLATE_KEY] = path_template(scope)
            reference = new_reference()
            scope.setdefault("state", {})[REFERENCE_KEY] = reference
            ERRORS.error(
                "unhandled error %s in %s %s",
                reference,
                scope["method"],
                path_template(scope),
                exc_info=error,
                extra={"reference": reference},
            )
            if started:  # too late for a page: the client sees the connection end
                return
            await self._page(scope, reference)(scope, receive, send)

    def _page(self, scope: Scope, reference: str) -> Response:
        try:
            return self.error_page(Request(scope), reference)
        except Exception:  # the page itself failed: say so plainly, with the reference
            ERRORS.exception(
                "the error page for %s failed", reference, extra={"reference": reference}
            )
            return PlainTextResponse(
                f"Sorry, there is a problem with the service. Reference: {reference}", 500
            )
