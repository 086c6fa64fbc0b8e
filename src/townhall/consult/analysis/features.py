"""Turning answers into numbers: TF-IDF over words, and over character n-grams for misspellings."""

from __future__ import annotations

from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from townhall.consult.analysis.embeddings import EmbeddingFeatures, SentenceEncoder

EMBEDDING_WEIGHT = 1.0
"""The scale of the sentence embedding beside the TF-IDF blocks (each of length 1), chosen on the
mean of the fresh and first independent sets (see docs/consult-analysis.md)."""

TOPIC_STOP_WORDS = sorted(
    ENGLISH_STOP_WORDS
    | {"don", "doesn", "didn", "isn", "wasn", "aren", "won", "wouldn", "shouldn", "couldn"}
    | {"haven", "ll", "ve", "re", "im", "ive", "dont", "cant", "think", "just", "really"}
    | {"like", "know", "want", "going", "get", "got", "make", "say", "said"}
)
"""Stop words for topics: English ones plus contraction stems and fillers that name no theme."""


def topic_vectoriser(documents: int) -> Any:
    """Word and two-word TF-IDF for finding topics: English stop words and very common words out."""
    return TfidfVectorizer(
        stop_words=TOPIC_STOP_WORDS,
        ngram_range=(1, 2),
        min_df=2 if documents >= 20 else 1,
        max_df=0.5 if documents >= 20 else 1.0,
        sublinear_tf=True,
        token_pattern=r"(?u)\b[a-zA-Z]{2,}\b",  # noqa: S106 (a regular expression, not a password)
        max_features=50_000,
    )


def answer_vectoriser(encoder: SentenceEncoder | None = None) -> Any:
    """Words, word pairs and character 3-5-grams (which survive typos such as 'aford', 'familys'),
    with the sentence embedding beside them when an encoder is given."""
    embedding = [("embedding", EmbeddingFeatures(encoder, EMBEDDING_WEIGHT))] if encoder else []
    return FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    ngram_range=(1, 2), sublinear_tf=True, min_df=1, max_features=100_000
                ),
            ),
            (
                "characters",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(3, 5),
                    sublinear_tf=True,
                    min_df=2,
                    max_features=100_000,
                ),
            ),
            *embedding,
        ]
    )
