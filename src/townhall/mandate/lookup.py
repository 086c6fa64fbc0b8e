""" "Who decides this here?": the bodies with a part in one service, how each is chosen and whom it answers to."""

from __future__ import annotations

from dataclasses import dataclass

from townhall.mandate.register import Register
from townhall.mandate.vocabulary import (
    BODY_KINDS,
    DECIDING_ROLES,
    ROLES,
    SELECTIONS,
    SERVICE_IDS,
    SERVICES,
)
from townhall.problems import InvalidInputError, Problem

ROLE_ORDER = tuple(ROLES)


@dataclass(frozen=True)
class ServiceAnswer:
    """One body's part in a service, with what a resident needs to hold it to account."""

    service: str
    body_id: str
    body_name: str
    kind: str
    role: str
    deciding: bool
    chosen: str
    directly_elected_locally: bool
    answers_to: tuple[str, ...]
    area: str
    note: str


def check_service(service: str) -> str:
    """The service id if it is in the vocabulary; otherwise an error listing the valid ones."""
    if service not in SERVICE_IDS:
        raise InvalidInputError(
            [Problem("townhall mandate", "service", service, f"one of {', '.join(SERVICE_IDS)}")]
        )
    return service


def who_decides(register: Register, service: str) -> list[ServiceAnswer]:
    """Every body with a role in `service` here, deciding roles first, then by body name."""
    check_service(service)
    answers = []
    for role in register.roles:
        if role.service != service:
            continue
        body = register.body(role.body)
        answers.append(
            ServiceAnswer(
                service=service,
                body_id=body.id,
                body_name=body.name,
                kind=BODY_KINDS[body.kind],
                role=role.role,
                deciding=role.role in DECIDING_ROLES,
                chosen=SELECTIONS[body.chosen],
                directly_elected_locally=body.directly_elected_locally,
                answers_to=tuple(register.accountable_name(t) for t in body.answers_to),
                area=body.area,
                note=role.note,
            )
        )
    return sorted(answers, key=lambda a: (ROLE_ORDER.index(a.role), a.body_name))


def service_label(service: str) -> str:
    """The plain-English name of a service id."""
    return SERVICES[service]
