"""Measures of fragmentation: bodies per service, services decided by directly elected local bodies,
and the share of recorded spending under directly elected local control, with its coverage."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean
from typing import Literal

from townhall.mandate.register import Register
from townhall.mandate.vocabulary import DECIDING_ROLES, SERVICE_IDS

ElectedStatus = Literal["all directly elected", "partly", "none", "no deciding body recorded"]


@dataclass(frozen=True)
class ServiceMeasure:
    """How many bodies have a part in one service, and whether those deciding it face local voters."""

    service: str
    bodies: int
    deciding_bodies: tuple[str, ...]
    directly_elected_deciders: int
    status: ElectedStatus


@dataclass(frozen=True)
class SpendingShare:
    """Recorded spending of the deciding bodies, and the part under directly elected local control.

    Only bodies with a deciding role count: a provider paid by a commissioner (an NHS trust paid by
    the integrated care board) would otherwise be counted twice.
    """

    counted: tuple[tuple[str, float], ...]
    missing: tuple[str, ...]
    not_counted: tuple[str, ...]
    total_pounds: float
    directly_elected_pounds: float

    @property
    def share(self) -> float | None:
        """Directly elected share of the counted spending; None when no figure is recorded."""
        return self.directly_elected_pounds / self.total_pounds if self.total_pounds else None

    @property
    def coverage(self) -> float | None:
        """Deciding bodies with a figure, as a share of all deciding bodies."""
        deciding = len(self.counted) + len(self.missing)
        return len(self.counted) / deciding if deciding else None


@dataclass(frozen=True)
class Fragmentation:
    """Every measure for one place."""

    per_service: tuple[ServiceMeasure, ...]
    unmapped_services: tuple[str, ...]
    spending: SpendingShare

    @property
    def mean_bodies_per_service(self) -> float:
        """Mean count of bodies with any role, over the services mapped here."""
        return fmean(m.bodies for m in self.per_service)

    @property
    def max_bodies_per_service(self) -> int:
        """The most bodies with a part in one service."""
        return max(m.bodies for m in self.per_service)

    @property
    def busiest_services(self) -> tuple[str, ...]:
        """The services with the most bodies."""
        return tuple(m.service for m in self.per_service if m.bodies == self.max_bodies_per_service)

    def _decided(self) -> list[ServiceMeasure]:
        return [m for m in self.per_service if m.status != "no deciding body recorded"]

    @property
    def share_all_directly_elected(self) -> float | None:
        """Share of services (with a deciding body recorded) decided only by directly elected bodies."""
        decided = self._decided()
        if not decided:
            return None
        return sum(m.status == "all directly elected" for m in decided) / len(decided)

    @property
    def share_any_directly_elected(self) -> float | None:
        """Share of services (with a deciding body recorded) where at least one decider is directly elected."""
        decided = self._decided()
        if not decided:
            return None
        return sum(m.status in ("all directly elected", "partly") for m in decided) / len(decided)


def _status(deciders: int, elected: int) -> ElectedStatus:
    if deciders == 0:
        return "no deciding body recorded"
    if elected == deciders:
        return "all directly elected"
    return "partly" if elected else "none"


def service_measures(register: Register) -> tuple[ServiceMeasure, ...]:
    """One measure per service mapped here, in vocabulary order."""
    measures = []
    for service in register.mapped_services():
        roles = [r for r in register.roles if r.service == service]
        bodies = {r.body for r in roles}
        deciders = sorted({r.body for r in roles if r.role in DECIDING_ROLES})
        elected = sum(register.body(b).directly_elected_locally for b in deciders)
        measures.append(
            ServiceMeasure(
                service=service,
                bodies=len(bodies),
                deciding_bodies=tuple(deciders),
                directly_elected_deciders=elected,
                status=_status(len(deciders), elected),
            )
        )
    return tuple(measures)


def spending_share(register: Register) -> SpendingShare:
    """Spending under directly elected local control, over the deciding bodies with a figure."""
    deciding = {r.body for r in register.roles if r.role in DECIDING_ROLES}
    counted, missing, not_counted = [], [], []
    for body in register.bodies:
        if body.id not in deciding:
            if body.spending is not None:
                not_counted.append(body.id)
        elif body.spending is None:
            missing.append(body.id)
        else:
            counted.append((body.id, body.spending.amount_pounds))
    elected = sum(
        amount for body_id, amount in counted if register.body(body_id).directly_elected_locally
    )
    return SpendingShare(
        counted=tuple(counted),
        missing=tuple(missing),
        not_counted=tuple(not_counted),
        total_pounds=sum(amount for _, amount in counted),
        directly_elected_pounds=elected,
    )


def fragmentation(register: Register) -> Fragmentation:
    """All the measures of one register."""
    mapped = set(register.mapped_services())
    return Fragmentation(
        per_service=service_measures(register),
        unmapped_services=tuple(s for s in SERVICE_IDS if s not in mapped),
        spending=spending_share(register),
    )
