"""Sentence embeddings: the packaged models load with no network at all, a model file that is not
the published one is not used, and without either model the lexical one runs alone and says so."""

from __future__ import annotations

import importlib.util
import socket
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest

from townhall.consult.analysis import embeddings, transformer
from townhall.consult.analysis.assignment import assign_themes, train_theme_model
from townhall.consult.analysis.embeddings import (
    SentenceEncoder,
    installed_encoder,
    installed_wordllama,
    model_note,
)
from townhall.consult.analysis.records import Correction
from townhall.consult.analysis.stance import predict_stances, train_stance_model
from townhall.consult.analysis.themeset import ThemeSet
from townhall.consult.analysis.transformer import installed_transformer

needs_wordllama = pytest.mark.skipif(
    importlib.util.find_spec("wordllama") is None, reason="the embeddings extra is not installed"
)
needs_transformer = pytest.mark.skipif(
    transformer.model_folder() is None,
    reason="the embeddings extra is not installed",
)


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection and name lookup fails, as on a machine with no network."""

    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the model tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)


@pytest.fixture
def fresh_encoders() -> Any:
    """The encoders are loaded afresh in the test and again afterwards (they are cached)."""
    for cached in (installed_encoder, installed_wordllama, installed_transformer):
        cached.cache_clear()
    yield
    for cached in (installed_encoder, installed_wordllama, installed_transformer):
        cached.cache_clear()


def assert_embeds_answers(encoder: SentenceEncoder, width: int) -> None:
    """Answers get unit-length vectors of the model's width, a blank one none, and two answers
    making the same point are nearer each other than either is to a third."""
    vectors = encoder.encode(
        ["I cant aford it, we're skint", "people cannot pay", "the link doesn't work", "  "]
    )
    assert vectors.shape == (4, width)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert not vectors[3].any()
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


@needs_transformer
@pytest.mark.usefixtures("offline", "fresh_encoders")
def test_the_transformer_loads_offline_and_is_the_default() -> None:
    encoder = installed_encoder()
    assert encoder is not None and "all-MiniLM-L6-v2" in model_note(encoder)
    assert_embeds_answers(encoder, 384)


@needs_transformer
def test_the_transformer_gives_the_published_models_similarities() -> None:
    # The model card's example: cosine 0.6660 and 0.1046 with sentence-transformers in full
    # precision; 8-bit products move them by a little.
    encoder = installed_transformer()
    assert encoder is not None
    weather, sunny, stadium = encoder.encode(
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
    )
    assert weather @ sunny == pytest.approx(0.6660, abs=0.03)
    assert weather @ stadium == pytest.approx(0.1046, abs=0.03)


@needs_transformer
def test_each_text_is_embedded_once_and_answers_keep_their_order() -> None:
    encoder = installed_transformer()
    assert encoder is not None
    encoder.forget()
    first = encoder.encode(["pensioners are protected", "no jobs round here"])
    again = encoder.encode(["no jobs round here", "pensioners are protected", "no jobs round here"])
    assert len(encoder.memo) == 2
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[1], first[0])
    assert np.array_equal(again[0], again[2])


@needs_transformer
def test_two_runs_at_once_get_the_same_vectors() -> None:
    # The web service may assign two questions at once, each in a thread of its own.
    encoder = installed_transformer()
    assert encoder is not None
    encoder.forget()
    texts = [f"the bailiffs came {n} times and I still cannot pay" for n in range(40)]
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(encoder.encode, [texts, texts[::-1]])
    assert np.array_equal(first, second[::-1])
    assert len(encoder.memo) == 40


@needs_transformer
def test_more_texts_than_are_kept_are_all_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    encoder = installed_transformer()
    assert encoder is not None
    encoder.forget()
    monkeypatch.setattr(encoder.memo, "size", 3)
    texts = [f"answer number {n} about the bailiffs" for n in range(7)]
    vectors = encoder.encode(texts)
    assert len(encoder.memo) == 3
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    encoder.forget()
    assert np.allclose(encoder.encode(texts[:1]), vectors[:1])


@needs_transformer
@pytest.mark.usefixtures("fresh_encoders")
def test_a_model_file_that_is_not_the_published_one_is_not_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(transformer.DIGESTS, "model.safetensors", "0" * 64)
    assert installed_transformer() is None
    encoder = installed_encoder()
    assert encoder is None or "all-MiniLM" not in encoder.name


@needs_wordllama
@pytest.mark.usefixtures("offline", "fresh_encoders")
def test_wordllama_loads_and_embeds_offline() -> None:
    encoder = installed_wordllama()
    assert encoder is not None
    assert encoder.vectors.shape == (32_000, 256)
    assert_embeds_answers(encoder, 256)
    assert "WordLlama" in model_note(encoder)


@pytest.mark.usefixtures("fresh_encoders")
def test_without_the_extra_the_lexical_model_runs_alone(
    monkeypatch: pytest.MonkeyPatch, cts_themes: ThemeSet
) -> None:
    monkeypatch.setattr(embeddings, "_package_root", lambda: None)
    monkeypatch.setattr(transformer, "model_folder", lambda: None)
    assert installed_encoder() is None
    assert "pip install 'townhall[embeddings]'" in model_note(None)
    texts = ["The bailiffs will take my telly", "Pensioners get off scot free again"]
    model = train_theme_model(cts_themes, [], background=texts, encoder=installed_encoder())
    assigned = assign_themes(model, ["a", "b"], texts)
    assert "collection_arrears" in assigned.themes_of(0)
    stances = [
        Correction(str(i), text, None, stance)
        for i, (text, stance) in enumerate(
            [("I agree, it is fair", "supports"), ("No, I object", "opposes")] * 20
        )
    ]
    stance_model = train_stance_model(stances, installed_encoder())
    assert predict_stances(stance_model, ["fair enough, I agree"]) == ["supports"]
