"""Benchmark: 10,000 free-text answers themed and assigned (target: under 60 s) and near-duplicate
search over 100,000 answers (target: under 30 s), each beside a reference measured in the same
run: the time just to TF-IDF-vectorise the same texts (and, with the embeddings extra, to embed them).

The answers are made at run time from the hand-labelled Council Tax Support answers by joining
one to four of their sentences at random, with 3% copies of a campaign text (some with a
sign-off), so nothing is downloaded. The model trains as `assign` does with the bundled theme set:
on its training library (every labelled set but the held-out ones) as the officers' corrections.

The sentence model's quantised graph and the library's vectors are kept in the cache folder
(docs/consult-analysis.md, "Kept between runs"), so the first run on a machine embeds the library
and later runs read it; `--cold` gives the first run every time (a fresh, temporary cache folder).

Run: .venv/bin/python benchmarks/consult_analysis.py [--fast] [--cold]
     (--fast: WordLlama, as `assign --fast`)
"""

from __future__ import annotations

import argparse
import os
import random
import re
import tempfile
import time
from pathlib import Path

import polars as pl
from sklearn.feature_extraction.text import TfidfVectorizer

from townhall.consult.analysis.assignment import assign_themes, train_theme_model
from townhall.consult.analysis.candidates import candidate_themes
from townhall.consult.analysis.duplicates import duplicate_groups
from townhall.consult.analysis.embeddings import installed_encoder, installed_wordllama, model_note
from townhall.consult.analysis.features import answer_vectoriser
from townhall.consult.analysis.library import library_paths, read_library
from townhall.consult.analysis.library_vectors import remember_library
from townhall.consult.analysis.records import corrections_from_frame
from townhall.consult.analysis.stance import predict_stances, train_stance_model
from townhall.consult.analysis.themeset import load_theme_set
from townhall.consult.analysis.transformer import TransformerEncoder

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "consult"
SIGN_OFFS = ["", " Regards, Sam Patel", " Thanks.", " Sent from my iPhone", " Please listen!"]


def synthetic_answers(texts: list[str], count: int, seed: int) -> list[str]:
    """`count` answers recombined from the sentences of `texts`, 3% of them campaign copies."""
    rng = random.Random(seed)
    sentences = [s for text in texts for s in re.split(r"(?<=[.!?])\s+", text) if s]
    campaigns = [text for text in texts if len(text) > 300]
    answers = []
    for _ in range(count):
        if rng.random() < 0.03:
            answers.append(rng.choice(campaigns) + rng.choice(SIGN_OFFS))
        else:
            answers.append(" ".join(rng.sample(sentences, rng.randint(1, 4))))
    return answers


def timed(label: str, work, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work(*args)
    seconds = time.perf_counter() - start
    print(f"  {label:<58} {seconds:6.2f} s")
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="WordLlama, as `assign --fast`.")
    parser.add_argument("--cold", action="store_true", help="A fresh cache: the first run.")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as fresh:
        if arguments.cold:
            os.environ["TOWNHALL_CACHE_DIR"] = fresh
        run(arguments.fast)


def run(fast: bool) -> None:
    """Time themes, assignment and stance on 10,000 answers, then near-duplicates on 100,000."""
    themes = load_theme_set(DATA / "cts-themes.toml")
    frame = pl.read_csv(DATA / "cts-answers-labelled.csv", infer_schema_length=0)
    texts = [answer.text for answer in corrections_from_frame(frame, "labelled", themes.keys)]
    library = read_library(library_paths(themes, DATA / "cts-themes.toml"), themes.keys)
    labelled = [answer for _, answers in library for answer in answers]

    answers = synthetic_answers(texts, 10_000, seed=1)
    ids = [str(i) for i in range(len(answers))]
    print(
        f"Themes and assignment: {len(answers):,} answers, trained on {len(labelled):,} labelled "
        f"answers of the theme set's library ({len(library)} sets)"
    )
    _, reference = timed(
        "reference: TF-IDF words + characters, fit and transform",
        lambda: answer_vectoriser(None).fit_transform(answers),
    )
    start = time.perf_counter()
    encoder, _ = timed(
        "load the sentence-embedding model (if installed)",
        installed_wordllama if fast else installed_encoder,
    )
    print(f"  {model_note(encoder)}")
    if encoder is not None:  # a second reference, left out of the total
        _, embedding = timed(
            "reference: sentence embeddings of every answer", encoder.encode, answers
        )
        start += embedding
        encoder.forget()  # the reference's vectors are not kept: the run below embeds afresh
        kept, _ = timed(
            "the library's vectors (kept on disk after the first run)",
            remember_library,
            encoder,
            [answer.text for answer in labelled],
        )
        if isinstance(encoder, TransformerEncoder):
            done = "read, kept from an earlier run" if kept else "embedded now, and kept"
            print(f"    ({done})")
        timed("embed the answers", encoder.encode, answers)
    candidates, _ = timed(
        "candidate themes (TF-IDF + NMF, 10 topics)", candidate_themes, answers, 10
    )
    model, _ = timed(
        "train 11 curated themes (seeds, library, weak labels)",
        lambda: train_theme_model(themes, labelled, answers, encoder=encoder),
    )
    result, _ = timed("assign every answer with a confidence", assign_themes, model, ids, answers)
    stance_model, _ = timed("train stance on the library", train_stance_model, labelled, encoder)
    timed("stance of every answer", predict_stances, stance_model, answers)
    total = time.perf_counter() - start
    print(
        f"  {'TOTAL themed and assigned':<58} {total:6.2f} s  (target < 60 s; {total / reference:.1f}x the reference)"
    )
    assigned = int(result.assigned.any(axis=1).sum())
    print(f"  {len(candidates)} candidate themes; {assigned:,} answers given at least one theme")

    many = synthetic_answers(texts, 100_000, seed=2)
    print(f"\nNear-duplicates: {len(many):,} answers, threshold 0.8")
    _, reference = timed(
        "reference: TF-IDF words, fit and transform", lambda: TfidfVectorizer().fit_transform(many)
    )
    found, total = timed("group identical and near-identical answers", duplicate_groups, many)
    print(
        f"  {'TOTAL near-duplicate search':<58} {total:6.2f} s  (target < 30 s; {total / reference:.1f}x the reference)"
    )
    print(
        f"  {len(found.groups):,} groups holding {found.answers_in_groups:,} answers; largest {len(found.groups[0].rows):,}"
    )


if __name__ == "__main__":
    main()
