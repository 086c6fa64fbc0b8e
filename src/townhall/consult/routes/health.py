"""Health checks for a load balancer or process manager: `/healthz` (the process answers) and
`/readyz` (the database answers and is at this version's schema). Neither reveals any data,
needs a session or a form token, or counts against a rate limit; a failing check's reason goes
to the log, not to the caller."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from sqlalchemy.exc import SQLAlchemyError

from townhall.consult.migrate import schema_problem

router = APIRouter()
LOG = logging.getLogger("townhall.health")
NO_STORE = {"Cache-Control": "no-store"}


@router.get("/healthz", response_class=PlainTextResponse, include_in_schema=False)
def healthz() -> PlainTextResponse:
    """The process is up and answering."""
    return PlainTextResponse("ok\n", headers=NO_STORE)


@router.get("/readyz", response_class=PlainTextResponse, include_in_schema=False)
def readyz(request: Request) -> PlainTextResponse:
    """Ready for requests: the database is reachable and its schema is this version's."""
    try:
        with request.app.state.engine.connect() as connection:
            problem = schema_problem(connection)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        problem = f"the database cannot be reached: {reason}"
    if problem is not None:
        LOG.warning("not ready: %s", problem)
        return PlainTextResponse("not ready\n", status_code=503, headers=NO_STORE)
    return PlainTextResponse("ready\n", headers=NO_STORE)
