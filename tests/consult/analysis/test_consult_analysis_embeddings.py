"""Sentence embeddings: the packaged model loads with no network at all, and without it the
lexical model runs alone and says so."""

from __future__ import annotations

import importlib.util
import socket
from typing import Any

import numpy as np
import pytest

from townhall.consult.analysis import embeddings
from townhall.consult.analysis.assignment import assign_themes, train_theme_model
from townhall.consult.analysis.embeddings import installed_encoder, model_note
from townhall.consult.analysis.records import Correction
from townhall.consult.analysis.stance import predict_stances, train_stance_model
from townhall.consult.analysis.themeset import ThemeSet

needs_extra = pytest.mark.skipif(
    importlib.util.find_spec("wordllama") is None, reason="the embeddings extra is not installed"
)


@needs_extra
def test_the_packaged_model_loads_and_embeds_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the model tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    installed_encoder.cache_clear()
    encoder = installed_encoder()
    assert encoder is not None
    assert encoder.vectors.shape == (32_000, 256)
    vectors = encoder.encode(
        ["I cant aford it, we're skint", "people cannot pay", "the link doesn't work", ""]
    )
    assert vectors.shape == (4, 256)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert not vectors[3].any()
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert "WordLlama" in model_note(encoder)


def test_without_the_extra_the_lexical_model_runs_alone(
    monkeypatch: pytest.MonkeyPatch, cts_themes: ThemeSet
) -> None:
    monkeypatch.setattr(embeddings, "_package_root", lambda: None)
    installed_encoder.cache_clear()
    try:
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
    finally:
        installed_encoder.cache_clear()
