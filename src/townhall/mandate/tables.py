"""A register and its measures as tables, shared by the HTML report, the Excel workbook and the CLI."""

from __future__ import annotations

import polars as pl

from townhall.mandate.lookup import who_decides
from townhall.mandate.measures import Fragmentation
from townhall.mandate.register import Register
from townhall.mandate.vocabulary import BODY_KINDS, SELECTIONS_SHORT, SERVICES

MONEY = ("amount_yearly",)
PERCENT = ("share",)


def bodies_table(register: Register) -> pl.DataFrame:
    """One row per body: what it is, how it is chosen, whom it answers to, its area and sources."""
    return pl.DataFrame(
        [
            {
                "body": body.name,
                "id": body.id,
                "kind": BODY_KINDS[body.kind],
                "chosen": SELECTIONS_SHORT[body.chosen],
                "directly_elected_locally": body.directly_elected_locally,
                "answers_to": "; ".join(register.accountable_name(t) for t in body.answers_to),
                "area": body.area,
                "since": body.since,
                "sources": "; ".join(f"{s.title} <{s.url}>" for s in body.sources),
            }
            for body in register.bodies
        ]
    )


def roles_table(register: Register) -> pl.DataFrame:
    """One row per body's part in a service, services in vocabulary order, deciders first."""
    rows = []
    for service in register.mapped_services():
        for answer in who_decides(register, service):
            rows.append(
                {
                    "service": SERVICES[service],
                    "body": answer.body_name,
                    "role": answer.role,
                    "chosen": SELECTIONS_SHORT[register.body(answer.body_id).chosen],
                    "answers_to": "; ".join(answer.answers_to),
                    "note": answer.note,
                }
            )
    return pl.DataFrame(rows)


def services_table(register: Register, measures: Fragmentation) -> pl.DataFrame:
    """Bodies per service and whether the deciding bodies face local voters directly."""
    return pl.DataFrame(
        [
            {
                "service": SERVICES[m.service],
                "bodies": m.bodies,
                "deciding_bodies": "; ".join(register.body(b).name for b in m.deciding_bodies),
                "directly_elected_deciders": m.directly_elected_deciders,
                "decided_by_directly_elected": m.status,
            }
            for m in measures.per_service
        ]
    )


def spending_table(register: Register, measures: Fragmentation) -> pl.DataFrame:
    """Every body's spending figure or the reason there is none, and whether it is counted."""
    counted = {body_id for body_id, _ in measures.spending.counted}
    rows = []
    for body in register.bodies:
        spending = body.spending
        if body.id in counted:
            status = "counted"
        elif body.id in measures.spending.missing:
            status = "missing: excluded"
        elif spending is not None:
            status = "not counted: no deciding role"
        else:
            status = "not a deciding body"
        rows.append(
            {
                "body": body.name,
                "directly_elected_locally": body.directly_elected_locally,
                "status": status,
                "amount_yearly": None if spending is None else spending.amount_pounds,
                "year": "" if spending is None else spending.year,
                "what": body.spending_note if spending is None else spending.what,
                "area": "" if spending is None else spending.area,
                "source": ""
                if spending is None
                else f"{spending.source.title} <{spending.source.url}>",
            }
        )
    return pl.DataFrame(rows, schema_overrides={"amount_yearly": pl.Float64})


def summary_table(measures: Fragmentation) -> pl.DataFrame:
    """The headline measures, one per row, shares as fractions."""
    spending = measures.spending
    rows: list[dict[str, object]] = [
        {"measure": "services mapped", "value": float(len(measures.per_service)), "share": None},
        {
            "measure": "bodies per service, mean",
            "value": measures.mean_bodies_per_service,
            "share": None,
        },
        {
            "measure": "bodies per service, most",
            "value": float(measures.max_bodies_per_service),
            "share": None,
        },
        {
            "measure": "services decided only by directly elected local bodies",
            "value": None,
            "share": measures.share_all_directly_elected,
        },
        {
            "measure": "services with at least one directly elected local decider",
            "value": None,
            "share": measures.share_any_directly_elected,
        },
        {
            "measure": "recorded spending under directly elected local control",
            "value": None,
            "share": spending.share,
        },
        {
            "measure": "deciding bodies with a spending figure (coverage)",
            "value": None,
            "share": spending.coverage,
        },
    ]
    return pl.DataFrame(
        rows, schema={"measure": pl.String, "value": pl.Float64, "share": pl.Float64}
    )
