"""Cross-reference checks on a register's raw data: ids unique, every reference to a known id.

They run on the parsed TOML before (and whatever the result of) field validation, so an officer sees
a misspelt body id in the same list as a wrong kind or a missing source.
"""

from __future__ import annotations

from typing import Any

from townhall.problems import Problem, shorten


def _tables(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """The array of tables under `key` with their indices, skipping anything that is not a table."""
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


def _known(ids: list[str], limit: int = 12) -> str:
    shown = ", ".join(ids[:limit]) + (", …" if len(ids) > limit else "")
    return shown or "(none defined)"


def cross_reference_problems(data: dict[str, Any], source: str) -> list[Problem]:
    """Every duplicate id and every reference to an id the register does not define."""
    problems: list[Problem] = []
    body_ids: list[str] = []
    for index, body in _tables(data, "bodies"):
        body_id = body.get("id")
        if isinstance(body_id, str):
            if body_id in body_ids:
                problems.append(
                    Problem(source, f"bodies.{index}.id", body_id, "an id no other body uses")
                )
            body_ids.append(body_id)
    overseer_ids: list[str] = []
    for index, overseer in _tables(data, "overseers"):
        overseer_id = overseer.get("id")
        if isinstance(overseer_id, str):
            if overseer_id in overseer_ids or overseer_id in body_ids:
                problems.append(
                    Problem(
                        source,
                        f"overseers.{index}.id",
                        overseer_id,
                        "an id no body or other overseer uses",
                    )
                )
            overseer_ids.append(overseer_id)
    targets = body_ids + overseer_ids
    for index, body in _tables(data, "bodies"):
        answers_to = body.get("answers_to")
        if not isinstance(answers_to, list):
            continue
        for position, target in enumerate(answers_to):
            if isinstance(target, str) and target not in targets:
                problems.append(
                    Problem(
                        source,
                        f"bodies.{index}.answers_to.{position}",
                        shorten(target),
                        f"the id of a body or overseer in this register: {_known(targets)}",
                    )
                )
            if isinstance(target, str) and target == body.get("id"):
                problems.append(
                    Problem(
                        source,
                        f"bodies.{index}.answers_to.{position}",
                        target,
                        "another body or overseer: a body cannot answer to itself",
                    )
                )
    seen: set[tuple[str, str, str]] = set()
    for index, role in _tables(data, "roles"):
        body_id = role.get("body")
        if isinstance(body_id, str) and body_id not in body_ids:
            problems.append(
                Problem(
                    source,
                    f"roles.{index}.body",
                    shorten(body_id),
                    f"the id of a body in this register: {_known(body_ids)}",
                )
            )
        key = (str(body_id), str(role.get("service")), str(role.get("role")))
        if key in seen:
            problems.append(
                Problem(
                    source,
                    f"roles.{index}",
                    " / ".join(key),
                    "each body, service and role listed once",
                )
            )
        seen.add(key)
    return problems
