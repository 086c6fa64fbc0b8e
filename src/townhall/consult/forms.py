"""Reading submitted forms: text fields as stripped strings, passwords as typed, uploads apart."""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import Request
from starlette.datastructures import FormData, UploadFile


async def read_form(request: Request) -> FormData:
    """The request's form (parsed once; the CSRF check has usually parsed it already)."""
    return await request.form()


def text_values(form: FormData, names: Iterable[str]) -> dict[str, str]:
    """Each named field as stripped text with Windows line ends made plain ("" if absent)."""
    values = {}
    for name in names:
        value = form.get(name)
        values[name] = value.replace("\r\n", "\n").strip() if isinstance(value, str) else ""
    return values


def password_value(form: FormData, name: str) -> str:
    """A password field exactly as typed ("" if absent): passwords are never stripped."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def all_values(form: FormData) -> dict[str, list[str]]:
    """Every text field with all its values (checkboxes send one value per ticked box)."""
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            values.setdefault(key, []).append(value)
    return values


def upload(form: FormData, name: str) -> UploadFile | None:
    """The uploaded file in field `name`, if one was chosen."""
    value = form.get(name)
    return value if isinstance(value, UploadFile) and value.filename else None
