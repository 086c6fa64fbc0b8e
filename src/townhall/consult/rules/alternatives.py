"""Which options of the closed questions speak to the proposal or to each alternative consulted on.

Questions rarely name alternatives exactly ("Keep full support and raise council tax" is asked as
"Raise council tax for everyone"), so an option belongs to the alternative whose title shares the
most content words with it: at least two, and at least a third of the option's words. An option
that says "proposal" belongs to the proposal. Options matching nothing are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

PROPOSAL = -1
_STOP_WORD_TEXT = """a an and are as at be by for from if in into is it its no none not of on or
our so than that the their these this those to under we what which who will with you your all
any each every only other some such"""
STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())
MIN_SHARED = 2
MIN_SHARE = 1 / 3


def content_words(text: str) -> frozenset[str]:
    """The words of a title or option that carry meaning (lower case, stop words out)."""
    return frozenset(w for w in re.findall(r"[a-z0-9%]+", text.lower()) if w not in STOP_WORDS)


def option_owner(option: str, alternatives: Sequence[str]) -> int | None:
    """PROPOSAL, the index of the best-matching alternative, or None for an option matching none."""
    if re.search(r"\bproposal\b", option, re.IGNORECASE):
        return PROPOSAL
    words = content_words(option)
    best, best_score = None, 0.0
    for index, title in enumerate(alternatives):
        shared = len(words & content_words(title))
        score = shared / len(words) if words else 0.0
        if shared >= MIN_SHARED and score >= MIN_SHARE and score > best_score:
            best, best_score = index, score
    return best
