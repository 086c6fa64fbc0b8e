"""What makes a spreadsheet cell safe: text that a spreadsheet would run as a formula is kept inert.

A cell of text beginning with =, +, -, @, a tab or a carriage return is read by Excel, LibreOffice
and Google Sheets as a formula (CSV injection; OWASP's advice). Every CSV and Excel writer in
Townhall goes through here: in CSV such text gets a leading apostrophe (the OWASP advice: the
spreadsheet then shows it as text, and a reader sees why); in Excel it is a string cell with the
quote prefix, so it stays text even when edited. Numbers are numbers: -5 in a numeric column is
written as -5; only text is neutralised, so the text "-5 is too much" is written '-5 is too much.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The same rule as a regular expression, for whole columns of text (polars' `str.contains`).
FORMULA_PATTERN = r"^[=+\-@\t\r]"
QUOTE = "'"


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def inert_text(text: str) -> str:
    """The text as a CSV cell a spreadsheet shows as text: a leading apostrophe when it would run."""
    return QUOTE + text if starts_like_formula(text) else text
