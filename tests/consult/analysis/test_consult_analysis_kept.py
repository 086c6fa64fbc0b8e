"""Files kept between runs (issue 17, speed): the quantised model and a library's sentence vectors
are made once, used only where they would come out the same, and never hold a consultation's own
answers; keeping is only ever a saving, so a damaged, missing or unwritable cache is no error."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from typer.testing import CliRunner

from townhall.cli import consult_analysis
from townhall.consult.analysis import disk_cache, transformer
from townhall.consult.analysis.disk_cache import (
    array_bytes,
    bytes_array,
    cache_folder,
    keep,
    read_kept,
)
from townhall.consult.analysis.embeddings import installed_encoder, installed_wordllama
from townhall.consult.analysis.library_vectors import KIND, remember_library
from townhall.consult.analysis.themeset import load_theme_set, theme_set_toml
from townhall.consult.analysis.transformer import installed_transformer

DATA = Path(__file__).parents[2] / "data" / "consult"
needs_transformer = pytest.mark.skipif(
    transformer.model_folder() is None, reason="the embeddings extra is not installed"
)
LIBRARY = [
    "I can't afford another bill on top of the rent",
    "Everyone should pay something towards local services",
    "Pensioners are protected while young workers pay",
    "   ",
]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    monkeypatch.setenv("TOWNHALL_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def fresh_transformer() -> Iterator[None]:
    """The model is loaded afresh in the test and again afterwards (it is cached)."""
    for cached in (installed_encoder, installed_transformer):
        cached.cache_clear()
    yield
    for cached in (installed_encoder, installed_transformer):
        cached.cache_clear()


def test_the_cache_folder_is_the_setting_else_the_users_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TOWNHALL_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_folder() == tmp_path / "mine"
    monkeypatch.setenv("TOWNHALL_CACHE_DIR", "")
    assert cache_folder() is None
    monkeypatch.delenv("TOWNHALL_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "townhall"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "townhall"

    def homeless() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", homeless)
    assert cache_folder() is None


def test_a_kept_file_is_the_users_alone_and_comes_back_exactly(folder: Path) -> None:
    vectors = np.random.default_rng(3).normal(size=(5, 7)).astype(np.float32)
    keep("things", "one.npy", array_bytes(vectors))
    again = bytes_array(read_kept("things", "one.npy") or b"")
    assert again is not None and again.dtype == np.float32 and np.array_equal(again, vectors)
    for path, mode in (
        (folder, 0o700),
        (folder / "things", 0o700),
        (folder / "things" / "one.npy", 0o600),
    ):
        assert stat.S_IMODE(path.stat().st_mode) == mode, path
    assert [p.name for p in (folder / "things").iterdir()] == ["one.npy"]  # no half-written file
    assert read_kept("things", "two.npy") is None
    assert bytes_array(b"not an array") is None


def test_nothing_is_kept_when_keeping_is_off_or_cannot_be_done(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TOWNHALL_CACHE_DIR", "")
    keep("things", "one.npy", b"data")
    assert read_kept("things", "one.npy") is None
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("TOWNHALL_CACHE_DIR", str(blocked))
    keep("things", "one.npy", b"data")  # no error: the work goes on without keeping
    assert read_kept("things", "one.npy") is None


def test_a_key_changes_with_any_part_and_with_where_parts_divide() -> None:
    assert disk_cache.key("ab", "c") != disk_cache.key("a", "bc")
    assert disk_cache.key("ab", "c") == disk_cache.key(b"ab", "c")
    assert disk_cache.key("ab", "c") != disk_cache.key("ab", "d")


@needs_transformer
@pytest.mark.usefixtures("fresh_transformer")
def test_the_quantised_model_is_made_once_and_rebuilt_if_damaged(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = installed_transformer()
    assert first is not None
    vectors = first.encode(LIBRARY)
    [kept] = (folder / "models").iterdir()
    installed_transformer.cache_clear()
    built = transformer.bert_graph
    with monkeypatch.context() as patch:
        patch.setattr(transformer, "bert_graph", lambda weights: pytest.fail("rebuilt the graph"))
        again = installed_transformer()
    assert again is not None and np.array_equal(again.encode(LIBRARY), vectors)
    assert again.fingerprint == first.fingerprint
    kept.write_bytes(b"damaged")
    installed_transformer.cache_clear()
    calls = []
    monkeypatch.setattr(
        transformer, "bert_graph", lambda weights: calls.append(1) or built(weights)
    )
    mended = installed_transformer()
    assert mended is not None and calls == [1]
    assert np.array_equal(mended.encode(LIBRARY), vectors)
    assert kept.stat().st_size > 1_000_000


@needs_transformer
def test_library_vectors_are_kept_once_and_are_the_vectors_made_afresh(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoder = installed_transformer()
    assert encoder is not None
    encoder.forget()
    fresh = encoder.encode(LIBRARY)
    encoder.forget()
    assert remember_library(encoder, LIBRARY) is False  # embedded now, and kept
    [kept] = (folder / KIND).iterdir()
    encoder.forget()
    with monkeypatch.context() as patch:
        embedded = encoder._embedded
        patch.setattr(
            encoder, "_embedded", lambda texts: pytest.fail(f"{texts}") if texts else embedded([])
        )
        assert remember_library(encoder, LIBRARY) is True
        assert np.array_equal(encoder.encode(LIBRARY), fresh)
    assert remember_library(encoder, LIBRARY[:2]) is False  # another library: another file
    assert len(list((folder / KIND).iterdir())) == 2
    kept.write_bytes(b"damaged")
    encoder.forget()
    assert remember_library(encoder, LIBRARY) is False
    assert np.array_equal(bytes_array(kept.read_bytes()), fresh)  # type: ignore[arg-type]


def test_models_that_need_nothing_kept_keep_nothing(folder: Path) -> None:
    assert remember_library(None, LIBRARY) is False
    wordllama = installed_wordllama()
    if wordllama is not None:
        assert remember_library(wordllama, LIBRARY) is False
    assert not folder.exists()


@needs_transformer
def test_assign_keeps_the_librarys_vectors_and_never_the_answers(
    folder: Path, tmp_path: Path
) -> None:
    """Two runs of `assign` write the same file; the only vectors kept are the library's rows."""
    labelled = (DATA / "cts-answers-labelled.csv").read_text().splitlines()
    (tmp_path / "earlier.csv").write_text("\n".join(labelled[:41]) + "\n")
    themes = tmp_path / "themes.toml"
    curated = load_theme_set(DATA / "cts-themes.toml").model_copy(
        update={"library": ["earlier.csv"]}
    )
    themes.write_text(theme_set_toml(curated))
    answers = tmp_path / "answers.csv"
    answers.write_text("id,text\nA,I can't afford another bill\nB,Fine by me\nC,Scrap the cuts\n")
    outputs = []
    for run in range(2):
        out = tmp_path / f"out{run}.csv"
        command = ["assign", str(answers), "--themes", str(themes), "--id-column", "id"]
        result = CliRunner().invoke(consult_analysis.app, [*command, "--out", str(out)])
        assert result.exit_code == 0, result.output
        outputs.append(pl.read_csv(out, infer_schema_length=0))
    assert outputs[0].equals(outputs[1])
    [kept] = (folder / KIND).iterdir()
    vectors = bytes_array(kept.read_bytes())
    assert vectors is not None and vectors.shape == (40, transformer.HIDDEN)
    assert {p.name for p in folder.iterdir()} <= {KIND, "models"}
