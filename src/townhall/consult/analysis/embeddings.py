"""Sentence embeddings from the optional packages, read from their own files offline.

The encoder used is all-MiniLM-L6-v2 (`transformer.py`) when its package and onnxruntime are
installed, else WordLlama's table of token vectors, else none (the lexical model alone).

WordLlama (MIT, github.com/dleemiller/WordLlama) ships its default model inside the wheel: a
32,000 x 256 table of token vectors (16 MB, `weights/l2_supercat_256.safetensors`) trained from
the token embeddings of LLaMA 2 70B and Phi-3 medium, and the LLaMA 2 tokenizer
(`tokenizers/l2_supercat_tokenizer_config.json`). An answer's vector is the mean of its tokens'
vectors, scaled to length 1. The two files are read with `safetensors` and `tokenizers` directly:
`WordLlama.load()` looks for the tokenizer in a folder the wheel does not have and then fetches it
from the Hugging Face hub, and importing `wordllama` configures the root logger, so neither is
used. Without the package (`pip install 'townhall[embeddings]'`) the lexical model runs alone.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol, TypeAlias

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.base import BaseEstimator, TransformerMixin

from townhall.consult.analysis import transformer
from townhall.consult.analysis.transformer import installed_transformer

PACKAGE = "wordllama"
WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
MODEL_NAME = "WordLlama l2_supercat, 256 dimensions"


INSTALLED: Literal["installed"] = "installed"
"""Use the packaged model if it is installed (the default everywhere), else the lexical one."""


class SentenceEncoder(Protocol):
    """What the models need of an encoder: its name, and texts turned into unit-length rows."""

    @property
    def name(self) -> str:
        """The model's name, for officers reading the output."""
        ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length row per text."""
        ...

    def forget(self) -> None:
        """Drop any vectors kept in memory."""
        ...


@dataclass(frozen=True)
class WordLlamaEncoder:
    """A token-vector table and its tokenizer: turns texts into unit-length mean vectors."""

    name: str
    vectors: np.ndarray
    tokenizer: Any

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length row per text (zeros for a blank one, which says nothing)."""
        result = np.zeros((len(texts), self.vectors.shape[1]), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        for row, (text, encoding) in enumerate(zip(texts, encodings, strict=True)):
            if encoding.ids and text.strip():
                result[row] = self.vectors[encoding.ids].mean(axis=0)
        lengths = np.linalg.norm(result, axis=1, keepdims=True)
        np.divide(result, lengths, out=result, where=lengths > 0)
        return result

    def forget(self) -> None:
        """Nothing is kept: each text is looked up afresh (a table lookup costs next to nothing)."""


def model_note(encoder: SentenceEncoder | None) -> str:
    """Which model ran, for officers reading the output (and how to add embeddings if absent)."""
    if encoder is not None:
        return f"Model: lexical + sentence embeddings ({encoder.name})"
    if (
        _package_root() is None and transformer.model_folder() is None
    ):  # found, not loaded: that takes seconds
        return "Model: lexical alone (for sentence embeddings: pip install 'townhall[embeddings]')"
    return "Model: lexical alone"


def _package_root() -> Path | None:
    """The installed package's folder if it holds the model's two files, found without importing
    it (importing `wordllama` configures the root logger)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    return root if (root / WEIGHTS).is_file() and (root / TOKENIZER).is_file() else None


@lru_cache(maxsize=1)
def installed_encoder() -> SentenceEncoder | None:
    """all-MiniLM-L6-v2 if installed, else WordLlama if installed, else None (lexical only)."""
    return installed_transformer() or installed_wordllama()


@lru_cache(maxsize=1)
def installed_wordllama() -> WordLlamaEncoder | None:
    """The packaged model if `wordllama` is installed with its files, else None.

    Only files inside the installed package are read; nothing is ever downloaded.
    """
    root = _package_root()
    if root is None:
        return None
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    vectors = load_file(root / WEIGHTS)["embedding.weight"].astype(np.float32)
    tokenizer = Tokenizer.from_file(str(root / TOKENIZER))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return WordLlamaEncoder(name=MODEL_NAME, vectors=vectors, tokenizer=tokenizer)


EncoderChoice: TypeAlias = SentenceEncoder | Literal["installed"] | None
"""An encoder, None for the lexical model alone, or INSTALLED for the packaged one if present."""


def chosen_encoder(choice: EncoderChoice) -> SentenceEncoder | None:
    """The encoder to use: the one given, none (lexical only), or the installed one."""
    return installed_encoder() if choice == INSTALLED else choice


class EmbeddingFeatures(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """A scikit-learn step giving each text's sentence embedding, scaled by `weight`, as columns."""

    def __init__(self, encoder: SentenceEncoder, weight: float = 1.0) -> None:
        self.encoder = encoder
        self.weight = weight

    def fit(self, texts: Sequence[str], y: Any = None) -> EmbeddingFeatures:
        """Nothing to learn: the vectors are fixed."""
        return self

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        """The texts' embeddings times the weight, as a sparse matrix to sit beside TF-IDF."""
        return csr_matrix(self.encoder.encode(list(texts)) * self.weight)
