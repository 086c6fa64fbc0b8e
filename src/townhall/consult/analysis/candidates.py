"""Candidate themes for one open question, found by TF-IDF and non-negative matrix factorisation.

Each candidate has a label (the short clause of its most typical answers that carries the topic
best, e.g. "It will cost more to collect than it brings in"), its key terms and the answers that express it
most strongly, for officers to curate into the theme set they keep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.decomposition import NMF

from townhall.consult.analysis.features import topic_vectoriser
from townhall.consult.analysis.themeset import Theme, ThemeSet
from townhall.problems import InvalidInputError, Problem


@dataclass(frozen=True)
class CandidateTheme:
    """A theme found in the answers: label, key terms, representative quotes, answers it leads."""

    key: str
    label: str
    key_terms: list[str]
    quotes: list[str]
    quote_rows: list[int]
    size: int


def candidate_themes(
    texts: list[str], topics: int = 8, terms: int = 8, quotes: int = 3, seed: int = 0
) -> list[CandidateTheme]:
    """The `topics` strongest themes in `texts`, largest first; deterministic for a given seed."""
    usable = [index for index, text in enumerate(texts) if re.search(r"[A-Za-z]{3}", text)]
    if topics < 1 or len(usable) < max(2, topics):
        raise InvalidInputError(
            [
                Problem(
                    "answers",
                    "topics",
                    str(topics),
                    f"between 1 and {max(1, len(usable) - 1)} for {len(usable)} answers with words",
                )
            ]
        )
    vectoriser = topic_vectoriser(len(usable))
    try:
        matrix = vectoriser.fit_transform([texts[index] for index in usable])
    except ValueError:  # scikit-learn: no term left once stop words and rare or common ones go
        raise InvalidInputError(
            [
                Problem(
                    "answers", "text", "(no usable words)", "answers with words beyond stop words"
                )
            ]
        ) from None
    vocabulary = np.asarray(vectoriser.get_feature_names_out())
    if matrix.shape[1] < topics:
        raise InvalidInputError(
            [
                Problem(
                    "answers", "topics", str(topics), f"at most {matrix.shape[1]} (distinct words)"
                )
            ]
        )
    model = NMF(n_components=topics, init="nndsvda", random_state=seed, max_iter=400)
    weights = model.fit_transform(matrix)
    leaders = np.where(weights.max(axis=1) > 0, weights.argmax(axis=1), -1)
    found = []
    for topic in range(topics):
        top_terms = _distinct_terms(vocabulary[np.argsort(model.components_[topic])[::-1]], terms)
        rows = _quote_rows(weights[:, topic], [texts[i] for i in usable], quotes)
        found.append(
            CandidateTheme(
                key=_key(top_terms, topic),
                label=representative_phrase(
                    [texts[usable[row]] for row in rows], vectoriser, model.components_[topic]
                )
                or " / ".join(top_terms[:3]),
                key_terms=top_terms,
                quotes=[texts[usable[row]] for row in rows],
                quote_rows=[usable[row] for row in rows],
                size=int((leaders == topic).sum()),
            )
        )
    return sorted(found, key=lambda candidate: -candidate.size)


def candidate_theme_set(candidates: list[CandidateTheme], question: str = "") -> ThemeSet:
    """A first theme set from the candidates (top terms as seeds, quotes as examples) to curate."""
    keys: set[str] = set()
    themes = []
    for candidate in candidates:
        key = candidate.key if candidate.key not in keys else f"{candidate.key}_{len(keys)}"
        keys.add(key)
        themes.append(
            Theme(
                key=key,
                label=candidate.label,
                description="Found automatically: describe what belongs here and what does not.",
                seed_terms=candidate.key_terms[:5],
                examples=candidate.quotes,
            )
        )
    return ThemeSet(question=question, themes=themes)


PHRASE_WORDS = (3, 12)
"""The fewest and most words a representative phrase may have."""


def representative_phrase(quotes: list[str], vectoriser: Any, topic: np.ndarray) -> str:
    """The clause of the quotes that weighs most on the topic per word: a label people can read.

    Clauses are split at sentence ends, commas and 'but'; the one with the highest topic weight
    (its TF-IDF vector against the topic's term weights), among those of 3 to 12 words, wins.
    Empty when no clause fits.
    """
    clauses = [
        " ".join(part.split()).strip(" -'\"")
        for quote in quotes
        for part in re.split(r"[.!?;:,()]+|\bbut\b|\n", quote)
    ]
    fitting = [c for c in clauses if PHRASE_WORDS[0] <= len(c.split()) <= PHRASE_WORDS[1]]
    if not fitting:
        return ""
    scores = np.asarray(vectoriser.transform(fitting) @ topic).ravel()
    best = fitting[int(np.argmax(scores))]
    return best[0].upper() + best[1:] if scores.max() > 0 else ""


def _distinct_terms(ranked: np.ndarray, count: int) -> list[str]:
    """Top terms, skipping a single word already shown inside a chosen two-word term and vice versa."""
    chosen: list[str] = []
    for term in ranked:
        words = set(str(term).split())
        if any(words <= set(other.split()) or set(other.split()) <= words for other in chosen):
            continue
        chosen.append(str(term))
        if len(chosen) == count:
            break
    return chosen


def _quote_rows(weights: np.ndarray, texts: list[str], count: int) -> list[int]:
    """The rows that weigh most on a topic, one per distinct text (campaign copies shown once)."""
    rows: list[int] = []
    seen: set[str] = set()
    for row in np.argsort(weights)[::-1]:
        normal = " ".join(texts[row].lower().split())
        if weights[row] <= 0 or len(rows) == count:
            break
        if normal not in seen:
            seen.add(normal)
            rows.append(int(row))
    return rows


def _key(terms: list[str], topic: int) -> str:
    """A theme key from the top terms, e.g. 'collection_costs'."""
    words = re.sub(r"[^a-z0-9 ]", "", " ".join(terms[:2]).lower()).split()
    return "_".join(words[:3])[:40].strip("_") or f"theme_{topic + 1}"
