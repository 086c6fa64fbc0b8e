"""The ledger's head, published and checked: so that cutting the ledger short, or rewriting an
entry and every hash after it, is caught by anyone holding an earlier published head.

A head is the last entry's hash and the number of entries. It is signed with HMAC-SHA256 under a
key the commissioner and the verifier share (never stored in the ledger or the repository), so a
head cannot be forged by someone who can write to the database but does not hold the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass

from townhall.outcomes.ledger import GENESIS, Ledger
from townhall.outcomes.verification import Finding
from townhall.problems import InvalidInputError, Problem

ALGORITHM = "HMAC-SHA256"
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Head:
    """The last entry's hash and how many entries the ledger held; signed when a key was given."""

    entry_hash: str
    entries: int
    signature: str | None = None

    def message(self) -> bytes:
        """The bytes the signature covers: the count and the hash, nothing else."""
        return f"townhall-outcomes-ledger-head:{self.entries}:{self.entry_hash}".encode()

    def document(self) -> str:
        """The head as the JSON a commissioner publishes."""
        body = {"head": self.entry_hash, "entries": self.entries, "signature": self.signature}
        if self.signature is not None:
            body["algorithm"] = ALGORITHM
        return json.dumps(body, indent=2) + "\n"


def sign(head: Head, key: bytes) -> Head:
    """The head with its HMAC-SHA256 signature under `key`."""
    signature = hmac.new(key, head.message(), hashlib.sha256).hexdigest()
    return Head(head.entry_hash, head.entries, signature)


def signature_holds(head: Head, key: bytes) -> bool:
    """Whether the head's signature was made with `key` (compared in constant time)."""
    if head.signature is None:
        return False
    return hmac.compare_digest(sign(head, key).signature or "", head.signature)


def current_head(ledger: Ledger) -> Head:
    """The ledger's head now: the last entry's hash (the genesis hash when empty) and the count."""
    recorded = ledger.entries()
    return Head(recorded[-1].entry_hash if recorded else GENESIS, len(recorded))


def read_anchor(text: str, source: str) -> Head:
    """A published head from its JSON document, or a bare 64-hex-digit hash (no count, unsigned)."""
    stripped = text.strip()
    if _HASH.fullmatch(stripped.lower()):
        return Head(stripped.lower(), -1)
    try:
        body = json.loads(stripped)
    except json.JSONDecodeError:
        body = None
    problems = []
    if not isinstance(body, dict):
        raise InvalidInputError(
            [
                Problem(
                    source,
                    "(whole)",
                    stripped[:40],
                    "a head document written by `townhall outcomes head --out` "
                    "or a 64-hex-digit entry hash",
                )
            ]
        )
    head, count, signature = body.get("head"), body.get("entries"), body.get("signature")
    if not isinstance(head, str) or not _HASH.fullmatch(head):
        problems.append(Problem(source, "head", str(head), "a 64-hex-digit SHA-256 entry hash"))
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        problems.append(Problem(source, "entries", str(count), "a whole number, 0 or more"))
    if signature is not None and (not isinstance(signature, str) or not _HASH.fullmatch(signature)):
        problems.append(Problem(source, "signature", str(signature), "64 hex digits, or null"))
    if problems:
        raise InvalidInputError(problems)
    return Head(str(head), int(str(count)), signature)


def check_anchor(ledger: Ledger, anchor: Head) -> list[Finding]:
    """What is wrong with the ledger against a published head: the entry it names must still be
    there, at the same place, with the same hash (a missing head means entries were removed or
    rewritten after it was published)."""
    recorded = ledger.entries()
    if anchor.entries == -1:  # a bare hash: it must be some entry's hash
        if anchor.entry_hash == GENESIS or any(e.entry_hash == anchor.entry_hash for e in recorded):
            return []
        return [
            Finding(
                0,
                f"the published head {anchor.entry_hash[:12]}… is no entry's hash: entries were "
                "removed, or rewritten with new hashes, after it was published",
            )
        ]
    if anchor.entries > len(recorded):
        return [
            Finding(
                0,
                f"the published head counted {anchor.entries} entries but the ledger holds "
                f"{len(recorded)}: its last {anchor.entries - len(recorded)} were removed",
            )
        ]
    found = recorded[anchor.entries - 1].entry_hash if anchor.entries else GENESIS
    if found != anchor.entry_hash:
        where = recorded[anchor.entries - 1].id if anchor.entries else 0
        return [
            Finding(
                where,
                f"the ledger's entry number {anchor.entries} has hash {found[:12]}… but the "
                f"published head is {anchor.entry_hash[:12]}…: the ledger was rewritten up to "
                "there (or entries removed and others added)",
            )
        ]
    return []
