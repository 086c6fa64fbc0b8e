"""What an administrator may set as the council's identity: its colours (the header's text must
contrast 4.5:1 with its background, WCAG 2.2 SC 1.4.3), its logo (a PNG or JPEG, proved by
decoding it, never SVG: an SVG can carry script) and its contact details."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from coloraide import Color
from PIL import Image, UnidentifiedImageError

MINIMUM_CONTRAST = 4.5  # WCAG 2.2 AA, normal text
MAX_LOGO_BYTES = 200 * 1024
MAX_LOGO_PIXELS = 2000  # on either side
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

# Field: (label for messages, longest length). Colours are checked apart.
IDENTITY_FIELDS: dict[str, tuple[str, int]] = {
    "name": ("the council's name", 200),
    "website": ("the council's website", 300),
    "address": ("the council's address", 1000),
    "phone": ("the phone number", 60),
    "email": ("the e-mail address", 254),
    "data_protection_contact": ("the data protection officer's contact details", 1000),
}


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two sRGB colours written as #rrggbb (1 to 21)."""
    return float(Color(foreground).contrast(Color(background), method="wcag21"))


def colour_problems(text_colour: str, background: str) -> dict[str, str]:
    """Why the header's colours cannot be used, by field (none: they can)."""
    problems = {}
    for field, value, label in (
        ("header_colour", background, "The header colour"),
        ("header_text_colour", text_colour, "The header text colour"),
    ):
        if not _HEX.fullmatch(value):
            problems[field] = f"{label} must be 6 hexadecimal digits after #, like #1d70b8"
    if problems:
        return problems
    ratio = contrast_ratio(text_colour, background)
    if ratio < MINIMUM_CONTRAST:
        problems["header_text_colour"] = (
            f"The header text colour contrasts {ratio:.2f}:1 with the header colour; it must "
            f"be at least {MINIMUM_CONTRAST}:1 so everyone can read it (choose a darker or "
            "lighter colour)"
        )
    return problems


def identity_problems(values: dict[str, str]) -> dict[str, str]:
    """Every problem with the identity form's values, by field, in one pass."""
    problems = {}
    if not values.get("name", "").strip():
        problems["name"] = "Enter the council's name"
    for field, (label, longest) in IDENTITY_FIELDS.items():
        length = len(values.get(field, ""))
        if length > longest:
            problems[field] = (
                f"Enter {label} in {longest:,} characters or fewer (it has {length:,})"
            )
    email = values.get("email", "").strip()
    if email and "email" not in problems and not _EMAIL.fullmatch(email):
        problems["email"] = (
            "Enter the e-mail address in the correct format, like name@example.gov.uk"
        )
    phone = values.get("phone", "").strip()
    digits = sum(character.isdigit() for character in phone)
    if phone and "phone" not in problems and not 10 <= digits <= 13:
        problems["phone"] = "Enter the phone number with its area code, like 0121 496 0000"
    website = values.get("website", "").strip()
    if website and "website" not in problems and not website.startswith("https://"):
        problems["website"] = "Enter the website's full address, starting https://"
    problems.update(
        colour_problems(values.get("header_text_colour", ""), values.get("header_colour", ""))
    )
    return problems


@dataclass(frozen=True)
class Logo:
    """A checked logo, re-encoded from its pixels so nothing else in the file is kept."""

    content: bytes
    content_type: str


def read_logo(content: bytes) -> Logo | str:
    """The logo in `content`, or why it cannot be used."""
    if not content:
        return "Select a logo file"
    if len(content) > MAX_LOGO_BYTES:
        return f"The logo must be smaller than {MAX_LOGO_BYTES // 1024} KB"
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = image.format or ""
            if kind not in LOGO_TYPES:
                return "The logo must be a PNG or JPEG image (SVG and other types are not accepted)"
            if max(image.size) > MAX_LOGO_PIXELS:
                return f"The logo must be at most {MAX_LOGO_PIXELS} pixels wide and high"
            image.load()
            cleaned = io.BytesIO()
            image.save(cleaned, format=kind)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return "The logo must be a PNG or JPEG image (SVG and other types are not accepted)"
    return Logo(cleaned.getvalue(), LOGO_TYPES[kind])
