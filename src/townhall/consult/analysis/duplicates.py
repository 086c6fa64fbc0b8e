"""Campaigns and copy-and-paste: answers that are the same or nearly the same text, grouped.

Texts are compared as sets of character 5-grams (after lower-casing and collapsing spaces and
punctuation). Identical texts are grouped at once; the rest by MinHash signatures with
locality-sensitive hashing to find candidate pairs, each then checked by its exact Jaccard
similarity against the threshold. Groups are the connected pieces of "similar" pairs, so a chain
A~B~C is one group even if A and C differ more. Nothing is ever removed: the result only labels
rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import HashingVectorizer

SHINGLE = 5
HASHES = 64
BANDS = 16
EMPTY = np.uint64(1 << 32)
"""The signature value of a text with no 5-grams (every real value is below 2**32)."""


@dataclass(frozen=True)
class DuplicateGroup:
    """Answers that are (nearly) the same text: their rows and the text most of them share."""

    rows: list[int]
    exact_copies: int
    text: str


@dataclass(frozen=True)
class Duplicates:
    """Group number of every answer (-1: no copy found) and the groups, largest first."""

    labels: list[int]
    groups: list[DuplicateGroup]

    @property
    def answers_in_groups(self) -> int:
        """How many answers have at least one (near) copy."""
        return sum(len(group.rows) for group in self.groups)


def normalised(text: str) -> str:
    """The text as compared: lower case, punctuation and runs of space as one space."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def duplicate_groups(texts: list[str], threshold: float = 0.8, seed: int = 0) -> Duplicates:
    """Group answers whose 5-gram sets have Jaccard similarity of at least `threshold`."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold {threshold}: expected a number above 0 and at most 1")
    normal = [normalised(text) for text in texts]
    distinct, first_of, inverse = np.unique(
        np.asarray(normal, dtype=object), return_index=True, return_inverse=True
    )
    edges = [np.stack([np.arange(len(texts)), first_of[inverse]])]
    if threshold < 1.0 and len(distinct) > 1:
        shingles = _shingles([str(text) for text in distinct])
        pairs = _similar_pairs(shingles, threshold, seed)
        edges.append(first_of[pairs])
    graph = np.concatenate(edges, axis=1)
    count = len(texts)
    adjacency = coo_matrix((np.ones(graph.shape[1]), (graph[0], graph[1])), shape=(count, count))
    _, component = connected_components(adjacency, directed=False)
    return _groups(texts, normal, component)


def _shingles(texts: list[str]) -> csr_matrix:
    """Each text's set of hashed character 5-grams, as a binary sparse matrix."""
    vectoriser = HashingVectorizer(
        analyzer="char",
        ngram_range=(SHINGLE, SHINGLE),
        n_features=1 << 22,
        alternate_sign=False,
        norm=None,
        binary=True,
        lowercase=False,
    )
    matrix: csr_matrix = vectoriser.transform(texts).tocsr()
    matrix.sort_indices()
    return matrix


def _signatures(shingles: csr_matrix, seed: int) -> np.ndarray:
    """MinHash signatures: for each of HASHES random hash functions, a text's least 5-gram hash."""
    rng = np.random.default_rng(seed)
    multipliers = rng.integers(0, 1 << 63, size=HASHES, dtype=np.uint64) * np.uint64(2) + np.uint64(
        1
    )
    offsets = rng.integers(0, 1 << 63, size=HASHES, dtype=np.uint64)
    lengths = np.diff(shingles.indptr)
    filled = np.flatnonzero(lengths)
    starts = shingles.indptr[filled]
    values = shingles.indices.astype(np.uint64)
    signatures = np.full((shingles.shape[0], HASHES), EMPTY, dtype=np.uint64)
    for number in range(HASHES):
        # Multiply-shift hashing: (a x + b) mod 2**64 (numpy wraps), top 32 bits.
        hashed = (values * multipliers[number] + offsets[number]) >> np.uint64(32)
        if len(starts):
            signatures[filled, number] = np.minimum.reduceat(hashed, starts)
    return signatures


def _similar_pairs(shingles: csr_matrix, threshold: float, seed: int) -> np.ndarray:
    """Pairs of rows (2 x n) whose exact Jaccard similarity is at least `threshold`."""
    signatures = _signatures(shingles, seed)
    rows_per_band = HASHES // BANDS
    candidates = []
    for band in range(BANDS):
        block = np.ascontiguousarray(
            signatures[:, band * rows_per_band : (band + 1) * rows_per_band]
        )
        usable = np.flatnonzero(block[:, 0] != EMPTY)
        keys = block[usable].view(np.dtype((np.void, block.dtype.itemsize * rows_per_band))).ravel()
        order = np.argsort(keys, kind="stable")
        ordered_keys = keys[order]
        same = ordered_keys[1:] == ordered_keys[:-1]
        bucket_start = np.maximum.accumulate(np.where(np.r_[True, ~same], np.arange(len(order)), 0))
        later = np.flatnonzero(np.r_[False, same])
        # Each text in a bucket is checked against the bucket's first text and its predecessor.
        for partner in (bucket_start[later], later - 1):
            candidates.append(np.stack([usable[order[partner]], usable[order[later]]]))
    if not candidates:
        return np.zeros((2, 0), dtype=np.int64)
    joined = np.concatenate(candidates, axis=1).astype(np.int64)
    low, high = joined.min(axis=0), joined.max(axis=0)
    count = np.int64(shingles.shape[0])
    codes = np.unique((low * count + high)[low != high])
    pairs = np.stack([codes // count, codes % count])
    estimate = (signatures[pairs[0]] == signatures[pairs[1]]).mean(axis=1)
    pairs = pairs[:, estimate >= threshold - 0.2]
    return pairs[:, _jaccard(shingles, pairs) >= threshold]


def _jaccard(shingles: csr_matrix, pairs: np.ndarray, chunk: int = 50_000) -> np.ndarray:
    """Exact Jaccard similarity of the 5-gram sets of each pair of rows."""
    sizes = np.diff(shingles.indptr)
    result = np.empty(pairs.shape[1])
    for start in range(0, pairs.shape[1], chunk):
        left, right = pairs[0, start : start + chunk], pairs[1, start : start + chunk]
        common = np.asarray(shingles[left].multiply(shingles[right]).sum(axis=1)).ravel()
        union = sizes[left] + sizes[right] - common
        result[start : start + chunk] = np.divide(
            common, union, out=np.zeros(len(common)), where=union > 0
        )
    return result


def _groups(texts: list[str], normal: list[str], component: np.ndarray) -> Duplicates:
    """Groups of two or more answers, largest first, each with its most common text."""
    sizes = np.bincount(component)
    shared = sorted((int(c) for c in np.flatnonzero(sizes > 1)), key=lambda c: (-sizes[c], c))
    numbered = {old: new for new, old in enumerate(shared)}
    labels = [numbered.get(int(c), -1) for c in component]
    members: list[list[int]] = [[] for _ in numbered]
    for row, label in enumerate(labels):
        if label >= 0:
            members[label].append(row)
    groups = []
    for rows in members:
        counts = Counter(normal[row] for row in rows)
        common, copies = max(counts.items(), key=lambda item: (item[1], item[0]))
        first = next(row for row in rows if normal[row] == common)
        groups.append(DuplicateGroup(rows=rows, exact_copies=copies, text=texts[first]))
    return Duplicates(labels=labels, groups=groups)
