"""The e-mails' templates (plain text and HTML), shared by the receipt and the resume link."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).parent.parent / "templates" / "mail"
MAIL_TEMPLATES = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),  # the plain-text templates are not escaped
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
