"""Recording payments in the ledger, checking the chain, recomputing every recorded payment, and
the transparency export (aggregates only)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import polars as pl

from townhall import __version__
from townhall.outcomes.ledger import GENESIS, Ledger, LedgerError, Role, entry_hash
from townhall.outcomes.payments import PaymentResult, compute_payment
from townhall.outcomes.records import validated
from townhall.outcomes.spec import contract_from_toml
from townhall.problems import InvalidInputError


@dataclass(frozen=True)
class Finding:
    """One thing wrong in the ledger, and the entry where it is."""

    entry_id: int
    problem: str


def record_submission(
    ledger: Ledger, name: str, content: bytes, kind: str, actor: str, role: Role
) -> int:
    """Store a submitted file and record who submitted it."""
    digest = ledger.store(content)
    entry = ledger.append(
        "submission",
        actor,
        role,
        {"file": name, "kind": kind, "sha256": digest, "bytes": len(content)},
    )
    return entry.id


def record_computation(
    ledger: Ledger,
    contract_text: bytes,
    people: bytes,
    events: bytes,
    as_of: str | None,
    result: PaymentResult,
    actor: str,
    role: Role,
) -> int:
    """Record a payment computation with the hashes of every input and its result."""
    payload = {
        "contract": result.contract.name,
        "contract_sha256": ledger.store(contract_text),
        "people_sha256": ledger.store(people),
        "events_sha256": ledger.store(events),
        "as_of": as_of,
        "code_version": __version__,
        "total": str(result.total),
        "lines": [
            {"clause": line.clause, "item": line.item, "amount": str(line.amount)}
            for line in result.lines
        ],
    }
    return ledger.append("computation", actor, role, payload).id


def record_sign_off(
    ledger: Ledger, computation_id: int, decision: str, note: str, actor: str, role: Role
) -> int:
    """A verifier's decision on a recorded computation."""
    if ledger.entry(computation_id).kind != "computation":
        raise LedgerError(f"entry {computation_id} is not a computation")
    return ledger.append(
        "sign_off", actor, role, {"computation": computation_id, "decision": decision, "note": note}
    ).id


def recompute(ledger: Ledger, payload: dict[str, Any]) -> PaymentResult:
    """A recorded payment computed again from its stored inputs."""
    contract = contract_from_toml(
        ledger.content(payload["contract_sha256"]).decode(), "stored contract"
    )
    people = pl.read_csv(io.BytesIO(ledger.content(payload["people_sha256"])), infer_schema=False)
    events = pl.read_csv(io.BytesIO(ledger.content(payload["events_sha256"])), infer_schema=False)
    return compute_payment(contract, validated(people, events), payload.get("as_of"))


def verify(ledger: Ledger) -> list[Finding]:
    """Check every entry's hash and link, and recompute every recorded payment."""
    findings: list[Finding] = []
    previous = GENESIS
    for entry in ledger.entries():
        expected = entry_hash(
            entry.kind,
            entry.actor,
            entry.role,
            entry.created_at,
            entry.payload,
            entry.previous_hash,
        )
        if entry.previous_hash != previous:
            findings.append(
                Finding(
                    entry.id,
                    "its link to the previous entry is broken (an entry was removed or reordered)",
                )
            )
        if expected != entry.entry_hash:
            findings.append(
                Finding(entry.id, "its content does not match its hash (the entry was altered)")
            )
        previous = entry.entry_hash
        if entry.kind == "computation":
            try:
                again = recompute(ledger, entry.payload)
            except (LedgerError, ValueError) as error:
                findings.append(Finding(entry.id, f"its inputs cannot be read again: {error}"))
                continue
            except InvalidInputError as error:  # recorded before a check that now refuses them
                findings.append(
                    Finding(entry.id, f"its inputs no longer pass validation: {error.problems[0]}")
                )
                continue
            if str(again.total) != entry.payload["total"]:
                findings.append(
                    Finding(
                        entry.id,
                        f"recomputing gives £{again.total:,} but £{entry.payload['total']} was recorded",
                    )
                )
    return findings


def published_value(ledger: Ledger, payload: dict[str, Any]) -> dict[str, Any] | None:
    """A recorded payment's value for money, recomputed from its stored inputs, as aggregates;
    None when its contract carries no value data."""
    from townhall.outcomes.value import compute_value
    from townhall.outcomes.value_tables import public_value

    try:
        contract_text = ledger.content(payload["contract_sha256"]).decode()
        if contract_from_toml(contract_text, "stored contract").value is None:
            return None
        again = recompute(ledger, payload)
        return public_value(compute_value(again.contract, again))
    except (LedgerError, ValueError, InvalidInputError) as error:
        return {"unavailable": f"its inputs cannot be recomputed ({error}); run `outcomes verify`"}


def transparency_export(ledger: Ledger) -> list[dict[str, Any]]:
    """What the public may see: each computation's contract, payment lines, sign-offs and value for
    money (aggregates); no personal records and no file contents."""
    sign_offs: dict[int, list[dict[str, str]]] = {}
    for entry in ledger.entries():
        if entry.kind == "sign_off":
            sign_offs.setdefault(entry.payload["computation"], []).append(
                {"decision": entry.payload["decision"], "by": entry.role, "on": entry.created_at}
            )
    published = []
    for entry in ledger.entries():
        if entry.kind == "computation":
            published.append(
                {
                    "entry": entry.id,
                    "contract": entry.payload["contract"],
                    "computed_on": entry.created_at,
                    "code_version": entry.payload["code_version"],
                    "total": entry.payload["total"],
                    "lines": entry.payload["lines"],
                    "sign_offs": sign_offs.get(entry.id, []),
                    "entry_hash": entry.entry_hash,
                }
                | ({"value": found} if (found := published_value(ledger, entry.payload)) else {})
            )
    return published
