"""The web application: settings, database, middleware and the routers, put together.

To add an area of pages, write a router in `townhall/consult/routes/` and add it to `ROUTERS`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from itsdangerous import URLSafeTimedSerializer
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from townhall.consult.access import SignInRequiredError, forget_user
from townhall.consult.background_equality import equality_tasks
from townhall.consult.background_receipts import receipt_tasks
from townhall.consult.database import make_engine, session_factory
from townhall.consult.head_requests import HeadAsGetMiddleware
from townhall.consult.migrate import require_current_schema
from townhall.consult.models import utc_now
from townhall.consult.pages import STATIC, make_templates, render
from townhall.consult.published_registers import load_published_registers
from townhall.consult.request_log import AccessLogMiddleware, ErrorReferenceMiddleware
from townhall.consult.routes import (
    calculator,
    councillor,
    deals,
    health,
    ideas,
    ideas_officer,
    mandate,
    moderation,
    officer_auth,
    officer_build,
    officer_consultations,
    officer_responses,
    officer_results,
    officer_sections,
    outcomes_published,
    previews,
    public,
    respond,
    respond_finish,
    resume,
    staff_accounts,
    staff_passwords,
    statements,
    statements_officer,
    themes,
    ward_knowledge,
    wards_admin,
)
from townhall.consult.security.headers import BodySizeLimitMiddleware, SecurityHeadersMiddleware
from townhall.consult.security.throttle import make_limits
from townhall.consult.services.shapes import ShapeCache
from townhall.consult.settings import Settings

ROUTERS = (
    health.router,
    officer_responses.router,
    wards_admin.router,
    previews.router,
    outcomes_published.router,
    public.router,
    respond.router,
    respond_finish.router,
    resume.router,
    calculator.router,
    officer_auth.router,
    officer_consultations.router,
    officer_build.router,
    officer_sections.router,
    officer_results.router,
    councillor.router,
    staff_accounts.router,
    staff_passwords.router,
    statements.router,
    statements_officer.router,
    ideas.router,
    ideas_officer.router,
    moderation.router,
    deals.router,
    mandate.router,
    themes.router,
    ward_knowledge.router,
)
UPLOAD_SUFFIX = "/documents/upload"


def create_app(
    settings: Settings | None = None, clock: Callable[[], datetime] = utc_now
) -> FastAPI:
    """The consultation service for `settings` (from the environment when not given); `clock`
    is the time staff sessions are measured by.

    A deal register or accountability map with problems raises `InvalidInputError` listing them
    all, before anything else is made; a database at another schema than this package's raises
    `SchemaMismatchError` naming the command to run (the service never migrates by itself).
    """
    settings = settings or Settings()
    registers = load_published_registers(settings.deals_register, settings.mandate_registers)
    secret_key = settings.resolved_secret_key()
    app = FastAPI(
        title="Townhall consultations",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=_background,
    )
    engine = make_engine(settings.database_url)
    try:
        require_current_schema(engine)
    except BaseException:
        engine.dispose()
        raise
    app.state.settings = settings
    app.state.clock = clock
    app.state.engine = engine
    app.state.reader = session_factory(engine)
    app.state.writer = session_factory(engine, writing=True)
    app.state.templates = make_templates()
    app.state.shapes = ShapeCache()
    app.state.registers = registers  # the public deal register and accountability maps
    app.state.csrf_serializer = URLSafeTimedSerializer(secret_key, salt="townhall-csrf")
    app.state.preview_serializer = URLSafeTimedSerializer(secret_key, salt="townhall-preview")
    app.state.limits = make_limits(
        secret_key,
        settings.submissions_per_client_per_minute,
        settings.login_attempts_per_quarter_hour,
    )
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(ErrorReferenceMiddleware, error_page=_server_error_page)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key,
        session_cookie="townhall_session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_form_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        upload_suffix=UPLOAD_SUFFIX,
    )
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.cookie_secure)
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(AccessLogMiddleware)
    _add_error_pages(app)
    return app


@asynccontextmanager
async def _background(app: FastAPI) -> AsyncIterator[None]:
    """What runs beside the pages: receipt e-mails sent and expired addresses deleted; equality
    answers released in batches and SQLite's write-ahead log cut."""
    async with receipt_tasks(app), equality_tasks(app):
        yield


def _add_error_pages(app: FastAPI) -> None:
    """Errors as plain-English pages in the site's layout, never a traceback."""

    @app.exception_handler(SignInRequiredError)
    async def sign_in(request: Request, _error: SignInRequiredError) -> Response:
        response = RedirectResponse("/staff/sign-in", status_code=303)
        forget_user(request, response)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = (
            error.detail
            if error.status_code in {403, 404, 413, 429} and isinstance(error.detail, str)
            else "Something went wrong with that request."
        )
        if error.status_code == 404 and message == "Not Found":
            message = "Page not found. If you typed the web address, check it is correct."
        return render(
            request,
            "error.html",
            {"status": error.status_code, "message": message},
            error.status_code,
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, _error: RequestValidationError) -> Response:
        return render(
            request,
            "error.html",
            {"status": 400, "message": "The address or form was not in the expected form."},
            400,
        )


def _server_error_page(request: Request, reference: str) -> Response:
    """The page for an unhandled error: an apology and the reference the log holds it under."""
    message = "Something went wrong on our side. Try again later."
    context = {"status": 500, "message": message, "reference": reference}
    return render(request, "error.html", context, 500)
