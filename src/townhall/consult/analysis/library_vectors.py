"""The sentence vectors of a theme set's library, kept on disk between runs.

A library changes rarely and is trained on at every assignment, so embedding it afresh in each
process (about 8 to 15 s for the bundled 5,776 answers on two cores) is waste. Its vectors are
kept in the cache folder (`disk_cache`) under a name made from the model's fingerprint and the
library's texts, and handed to the encoder before training. Only a library's texts are kept this
way, never a consultation's own answers. The vectors are the exact floats the model gives, so a
run with kept vectors assigns exactly as one without.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from townhall.consult.analysis.disk_cache import array_bytes, bytes_array, keep, key, read_kept
from townhall.consult.analysis.embeddings import SentenceEncoder
from townhall.consult.analysis.transformer import HIDDEN, TransformerEncoder

KIND = "library-vectors"


def remember_library(encoder: SentenceEncoder | None, texts: Sequence[str]) -> bool:
    """Give the encoder the library's vectors: those kept from an earlier run, or embedded now
    and kept. True if they were kept ones. WordLlama (a table lookup) needs nothing kept."""
    if not isinstance(encoder, TransformerEncoder) or not texts:
        return False
    name = key(encoder.fingerprint, *texts) + ".npy"
    data = read_kept(KIND, name)
    vectors = bytes_array(data) if data is not None else None
    if (
        vectors is not None
        and vectors.shape == (len(texts), HIDDEN)
        and vectors.dtype == np.float32
        and np.isfinite(vectors).all()
    ):
        encoder.remember(texts, vectors)
        return True
    keep(KIND, name, array_bytes(encoder.encode(texts)))
    return False
