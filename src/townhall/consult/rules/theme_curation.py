"""What officers type when they curate themes: labels, seed terms, descriptions, how many topics.

Each check returns every problem at once, keyed by form field, in the site's plain English.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

LABEL_MAX = 120
DESCRIPTION_MAX = 2000
TERM_MAX = 80
TERMS_MAX = 20
TOPICS_MIN = 2
TOPICS_MAX = 30
KEY_MAX = 40


def theme_key(label: str, taken: Collection[str]) -> str:
    """A short key from a label ('Pensioners protected' -> 'pensioners_protected'), unique in `taken`."""
    words = re.sub(r"[^a-z0-9 ]", " ", label.lower()).split()
    base = "_".join(words)[: KEY_MAX - 4].strip("_") or "theme"
    if not base[0].isalnum():
        base = f"t{base}"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


def seed_terms(text: str) -> list[str]:
    """The seed terms in a comma- or line-separated list, trimmed, each once, in order."""
    terms = (part.strip() for part in re.split(r"[,\n]", text))
    return list(dict.fromkeys(term for term in terms if term))


def theme_problems(
    values: Mapping[str, str], prefix: str = "", terms_required: bool = False
) -> dict[str, str]:
    """Problems with a theme's label, description and seed terms (fields named `prefix` + name)."""
    problems: dict[str, str] = {}
    label = values.get(f"{prefix}label", "")
    if not label:
        problems[f"{prefix}label"] = "Enter a name for the theme"
    elif len(label) > LABEL_MAX:
        problems[f"{prefix}label"] = f"Theme name must be {LABEL_MAX} characters or fewer"
    if len(values.get(f"{prefix}description", "")) > DESCRIPTION_MAX:
        problems[f"{prefix}description"] = (
            f"Description must be {DESCRIPTION_MAX} characters or fewer"
        )
    terms = seed_terms(values.get(f"{prefix}seed_terms", ""))
    if terms_required and not terms:
        problems[f"{prefix}seed_terms"] = "Enter at least one seed term, such as a word it uses"
    elif len(terms) > TERMS_MAX:
        problems[f"{prefix}seed_terms"] = f"Enter {TERMS_MAX} seed terms or fewer"
    elif any(len(term) > TERM_MAX for term in terms):
        problems[f"{prefix}seed_terms"] = f"Each seed term must be {TERM_MAX} characters or fewer"
    return problems


def topics_problem(value: str, answers: int) -> str | None:
    """How many candidate themes to look for: a whole number the answers can support."""
    if not value.isdigit() or not TOPICS_MIN <= int(value) <= TOPICS_MAX:
        return f"Enter a whole number of themes from {TOPICS_MIN} to {TOPICS_MAX}"
    if int(value) >= answers:
        return f"There are {answers} answers with words in them: look for fewer themes than that"
    return None
