"""Candidate themes, assignment with confidence, corrections and stance."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from scipy import sparse
from sklearn.preprocessing import normalize

from townhall.consult.analysis import stance
from townhall.consult.analysis.assignment import assign_themes, neighbour_vote, train_theme_model
from townhall.consult.analysis.candidates import candidate_theme_set, candidate_themes
from townhall.consult.analysis.records import Correction
from townhall.consult.analysis.stance import (
    lexicon_stance,
    predict_stances,
    stance_cues,
    train_stance_model,
)
from townhall.consult.analysis.themeset import Theme, ThemeSet
from townhall.problems import InvalidInputError

PLANTED = [
    *[f"The bailiffs and court summons costs are cruel, case {i}" for i in range(8)],
    *[f"Pensioners get protection while young workers pay, said {i}" for i in range(8)],
    *[f"Stop the waste on consultants and senior managers pay, item {i}" for i in range(8)],
]


def test_candidate_themes_find_planted_topics() -> None:
    found = candidate_themes(PLANTED, topics=3, terms=4, quotes=2)
    assert sorted(c.size for c in found) == [8, 8, 8]
    term_sets = [set(c.key_terms) for c in found]
    for word in ("bailiffs", "pensioners", "waste"):
        assert sum(any(word in term for term in terms) for terms in term_sets) == 1
    for candidate in found:
        assert len(candidate.quotes) == 2
        assert all(
            PLANTED[row] == quote
            for row, quote in zip(candidate.quote_rows, candidate.quotes, strict=True)
        )
        assert " / " not in candidate.label and candidate.label in candidate.quotes[0]
    themes = candidate_theme_set(found, question="Q?")
    assert len(themes.keys) == 3 and themes.question == "Q?"


def test_too_many_topics_is_a_problem() -> None:
    with pytest.raises(InvalidInputError, match="topics"):
        candidate_themes(["one answer", "two answers"], topics=5)
    with pytest.raises(InvalidInputError, match="beyond stop words"):
        candidate_themes(["and the", "the and", "but then"], topics=2)


def seeds() -> ThemeSet:
    return ThemeSet(
        themes=[
            Theme(key="collection", label="Collection", seed_terms=["bailiffs", "court summons"]),
            Theme(key="waste", label="Waste", seed_terms=["waste", "consultants"]),
            Theme(key="unused", label="Never seen"),
        ]
    )


def test_seed_terms_alone_assign_answers() -> None:
    texts = ["The bailiffs will come round", "Cut the waste on consultants", "Hello"]
    model = train_theme_model(seeds(), [], background=texts)
    assert model.untrained == ["unused"]
    result = assign_themes(model, ["a", "b", "c"], texts)
    assert result.themes_of(0) == {"collection"}
    assert result.themes_of(1) == {"waste"}
    assert result.confidence[0, 0] > result.confidence[0, 1]
    assert result.counts()["unused"] == 0


def test_corrections_override_and_retrain() -> None:
    texts = ["Tell the bailiffs and consultants to go", "Nothing to do with it"]
    correction = Correction("a", texts[0], frozenset({"waste"}), None)
    model = train_theme_model(seeds(), [correction], background=texts)
    result = assign_themes(model, ["a", "b"], texts, [correction])
    assert result.themes_of(0) == {"waste"}
    assert result.corrected.tolist() == [True, False]
    frame = result.to_frame()
    assert frame.row(0) == ("a", "waste", "1.00", "set by an officer", True)


def test_neighbour_vote_weighs_the_nearest_corrections_by_similarity(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    known = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]])
    labels = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    vote = neighbour_vote(known, labels, np.array([[1.0, 0.05], [0.0, 2.0]]), neighbours=2)
    assert vote[0, 0] == pytest.approx(1.0)  # both nearest carry the first label
    assert 0.4 < vote[0, 1] < 0.6  # one of two, nearly as similar
    assert vote[1, 1] == pytest.approx(1.0) and vote[1, 0] < 0.2  # length does not count
    assert neighbour_vote(known, labels, np.array([[1.0, 0.0]]), neighbours=9).shape == (1, 2)
    monkeypatch.setattr("townhall.consult.analysis.assignment.NEIGHBOUR_CHUNK", 1)
    rows = np.array([[1.0, 0.05], [0.0, 2.0]])
    assert neighbour_vote(known, labels, rows, neighbours=2) == pytest.approx(vote)


def test_neighbour_vote_splits_dense_columns_from_sparse_ones_without_changing_it() -> None:
    """A sentence embedding's columns are filled in every row: the vote multiplies them apart from
    the sparse TF-IDF ones, and must give what one cosine over all columns gives."""
    rng = np.random.default_rng(7)
    words = sparse.random(60, 400, density=0.02, random_state=1, format="csr")
    embedding = sparse.csr_matrix(rng.normal(size=(60, 16)))
    rows = sparse.hstack([words, embedding]).tocsr()
    known, answers = rows[:40], rows[40:]
    labels = (rng.random((40, 3)) < 0.4).astype(float)
    similarity = normalize(answers).toarray() @ normalize(known).toarray().T
    nearest = np.argsort(-similarity, axis=1)[:, :5]
    weights = np.take_along_axis(similarity, nearest, axis=1).clip(1e-9)
    expected = (weights[:, :, None] * labels[nearest]).sum(axis=1) / weights.sum(1, keepdims=True)
    assert neighbour_vote(known, labels, answers, neighbours=5) == pytest.approx(expected)


def test_a_corrected_answer_raises_its_theme_for_answers_written_like_it() -> None:
    texts = ["me nan cant get to the shops on her own", "the bailiffs came for my telly"]
    corrections = [
        Correction("c", "me nan cant get to the shops on her own now", frozenset({"waste"}), None),
        Correction("d", "bailiffs came round for the telly", frozenset({"collection"}), None),
    ]
    model = train_theme_model(seeds(), corrections, texts)
    assert model.neighbour_labels is not None and model.neighbour_labels.shape == (2, 3)
    voted = assign_themes(model, ["a", "b"], texts).confidence
    unvoted = assign_themes(replace(model, neighbours=None), ["a", "b"], texts).confidence
    assert voted[0, 1] > unvoted[0, 1]  # written like the answer corrected as waste
    assert voted[1, 1] < unvoted[1, 1]  # written like the other one


def test_lexicon_stance_readings() -> None:
    assert lexicon_stance("I agree with the proposal.") == "supports"
    assert lexicon_stance("I strongly disagree, it is cruel") == "opposes"
    assert lexicon_stance("I agree in principle but it is unfair on the poor") == "mixed"
    assert lexicon_stance("Can you send me a paper copy") == "unclear"


def test_lexicon_reads_acceptance_negation_and_non_answers() -> None:
    assert lexicon_stance("We have no objection.") == "supports"
    assert lexicon_stance("No objection from me.") == "supports"
    assert lexicon_stance("No. Scrap it.") == "opposes"
    assert lexicon_stance("Needs must, I'll pay it.") == "supports"
    assert lexicon_stance("I am not at all happy with it") == "opposes"
    assert lexicon_stance("Put me down as a no.") == "opposes"
    assert lexicon_stance("I'd ask you not to proceed with this.") == "opposes"
    assert lexicon_stance("Thank you for asking.") == "unclear"
    assert lexicon_stance("Who do I talk to about my direct debit") == "unclear"


def test_stance_model_needs_enough_corrections() -> None:
    few = [Correction(str(i), "I agree", None, "supports") for i in range(5)]
    assert train_stance_model(few).classifier is None
    many = [
        *[Correction(f"s{i}", f"I agree, fair {i}", None, "supports") for i in range(20)],
        *[Correction(f"o{i}", f"Terrible, cannot afford {i}", None, "opposes") for i in range(20)],
    ]
    model = train_stance_model(many)
    assert model.trained_on == 40
    assert predict_stances(model, ["I agree it is fair", "terrible, I cannot afford it"]) == [
        "supports",
        "opposes",
    ]


def test_answers_without_words_are_a_problem_and_no_answers_assign_nothing() -> None:
    lonely = ThemeSet(themes=[Theme(key="a", label="A")])
    with pytest.raises(InvalidInputError, match="answers with words"):
        train_theme_model(lonely, [], background=[".", "!"])
    model = train_theme_model(seeds(), [], background=["Bailiffs at the door"])
    empty = assign_themes(model, [], [])
    assert empty.confidence.shape == (0, 3)
    assert empty.to_frame().height == 0


def test_themes_fitted_in_several_processes_are_the_ones_fitted_in_one(
    cts_themes: ThemeSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The side-by-side fits change the time, not the model: the same thresholds, the same themes
    assigned, confidences equal to rounding (about 1e-15: worker processes sum in another order)."""
    from townhall.consult.analysis import assignment
    from townhall.consult.analysis.bundled import CTS_THEME_SET
    from townhall.consult.analysis.library import library_answers, with_library_resolved

    corrections = library_answers(with_library_resolved(cts_themes, CTS_THEME_SET))[:600]
    texts = [answer.text for answer in corrections[:200]]
    monkeypatch.setattr(assignment, "PARALLEL_FROM", 0)
    models = []
    for jobs in (1, 2):
        monkeypatch.setattr(assignment, "THEME_JOBS", jobs)
        models.append(train_theme_model(cts_themes, corrections[200:], texts))
    one, several = models
    assert one.thresholds == several.thresholds
    ids = [str(row) for row in range(len(texts))]
    first, second = assign_themes(one, ids, texts), assign_themes(several, ids, texts)
    np.testing.assert_allclose(first.confidence, second.confidence, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(first.assigned, second.assigned)


def test_cues_read_in_several_processes_are_those_read_in_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Many new answers have their cues read side by side in worker processes; each row is the
    one the lexicon gives that answer alone, in the answers' order, repeats included."""
    texts = [f"I agree but {n} of us can't afford it" for n in range(30)]
    texts += ["Not fair at all.", "Fine by me", texts[3]]
    monkeypatch.setattr(stance, "PARALLEL_CUES", 5)
    monkeypatch.setattr(stance, "CUE_JOBS", 2)
    stance._CUE_MEMO.clear()
    rows = stance._cue_rows(texts)
    assert rows.tolist() == [stance_cues(text) for text in texts]
    assert len(stance._CUE_MEMO) == len(set(texts))


def test_answers_read_in_fitting_are_assigned_as_if_read_afresh(cts_themes: ThemeSet) -> None:
    """The background answers' features are kept from fitting; assigning them gives what reading
    them afresh gives (another list of the same answers is read afresh)."""
    corrections = [
        Correction(answer_id=str(n), text=text, themes=frozenset({key}), stance=None)
        for n, (text, key) in enumerate(
            [(p, "hardship") for p in PLANTED[:8]] + [(p, "waste") for p in PLANTED[16:]]
        )
    ]
    texts = [*PLANTED, "I cannot afford the bailiffs", "Cut senior managers' pay"]
    model = train_theme_model(cts_themes, corrections, texts, encoder=None)
    assert model.features_of(texts) is model.background_features
    ids = [str(row) for row in range(len(texts))]
    kept = assign_themes(model, ids, texts)
    afresh = assign_themes(replace(model, background_features=None), ids, texts)
    np.testing.assert_allclose(kept.confidence, afresh.confidence, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(kept.assigned, afresh.assigned)
    assert model.features_of(texts[:3]).shape[0] == 3
