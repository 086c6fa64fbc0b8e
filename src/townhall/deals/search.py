"""Evidence search: rank a deal's passages against a criterion's search terms by TF-IDF, so the
appraiser starts from the passages most likely to bear on the question (and confirms or not)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from townhall.deals.evidence import Passage


@dataclass(frozen=True)
class Match:
    """A passage and how closely it matches the search terms (cosine similarity, 0 to 1)."""

    passage: Passage
    score: float


def rank_passages(
    passages: Sequence[Passage], terms: Sequence[str], limit: int = 10
) -> list[Match]:
    """The passages that share any word or two-word phrase with the terms, best first.

    Words and two-word phrases are weighted by TF-IDF over the deal's own passages (English stop
    words dropped, 'low-carbon' read as 'low carbon'); ties keep document order.
    """
    if not passages or not terms:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(
        ngram_range=(1, 2), stop_words="english", sublinear_tf=True, lowercase=True
    )
    try:
        matrix = vectoriser.fit_transform([p.text for p in passages])
    except ValueError:  # only stop words in every passage: nothing to match
        return []
    query = vectoriser.transform([" ".join(terms)])
    scores = (matrix @ query.T).toarray().ravel()
    order = sorted(range(len(passages)), key=lambda i: (-scores[i], i))
    return [Match(passages[i], float(scores[i])) for i in order if scores[i] > 0][:limit]
