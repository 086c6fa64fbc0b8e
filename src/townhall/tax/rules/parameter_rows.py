"""A scheme's parameters as rows (path, value, source), for `townhall tax show` and reports."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from townhall.tax.rules.scheme import Scheme, Sourced


def parameter_rows(scheme: Scheme) -> list[dict[str, str]]:
    """Every sourced parameter of the scheme, in file order, with a readable value."""
    rows: list[dict[str, str]] = []
    for section in ("council", "pensioner", "working_age", "levers"):
        _walk(getattr(scheme, section), section, rows)
    return rows


def _walk(model: BaseModel, path: str, rows: list[dict[str, str]]) -> None:
    for name in type(model).model_fields:
        value = getattr(model, name)
        where = f"{path}.{name}"
        if isinstance(value, Sourced):
            rows.append(
                {
                    "parameter": where,
                    "value": describe(value.value),
                    "source": value.source,
                    "note": value.note or "",
                }
            )
        elif isinstance(value, BaseModel):
            _walk(value, where, rows)
        elif (
            value is None
            and path.split(".")[0] in {"pensioner", "working_age"}
            and "Sourced" in str(type(model).model_fields[name].annotation)
        ):
            rows.append(
                {
                    "parameter": where,
                    "value": "not stated",
                    "source": "",
                    "note": "no sourced figure in this scheme for its year: not applied",
                }
            )


def describe(value: Any) -> str:
    """A parameter value in words: fractions as %, lists and tables compactly."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}" if value >= 1 or value == 0 else f"{value:.1%}"
    if isinstance(value, list):
        return "; ".join(describe(item) for item in value) or "none"
    if isinstance(value, dict):
        return ", ".join(f"{key} {describe(item)}" for key, item in value.items())
    if isinstance(value, BaseModel):
        return ", ".join(
            f"{key.replace('_', ' ')} {describe(item)}" for key, item in value.model_dump().items()
        )
    return "none" if value is None else str(value)
