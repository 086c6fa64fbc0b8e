"""Stance toward the proposal per answer: supports, opposes, mixed or unclear.

Two layers. A lexicon of cue phrases ("I agree", "I oppose", "can't afford", "but ... fair")
read clause by clause gives a first reading with no training at all: the clause after a "but"
weighs most ("I'm struggling but it's fair" supports), praise in an ironic frame ("Oh brilliant,
another tax on the poor") opposes, and a supporting cue shortly after a negation ("not fair",
"not happy about it") turns. Acceptance and resignation count as support ("no objection", "needs
must", "I don't mind"); politeness does not ("thank you" is no stance). Once
officers have set the stance of enough answers (MIN_TRAINING), a logistic regression over the
lexicon's clause features with a bag of words beside them is trained on
their corrections. Its features are mostly how people say yes and no, not what they talk about, so
that an answer naming hardship while accepting the scheme is not read as opposing it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from joblib import Parallel, delayed
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from townhall.consult.analysis.embeddings import (
    INSTALLED,
    EncoderChoice,
    SentenceEncoder,
    chosen_encoder,
)
from townhall.consult.analysis.memo import Memo
from townhall.consult.analysis.records import Correction, Stance

MIN_TRAINING = 30
"""Stance corrections needed before the trained model replaces the lexicon."""

WORD_WEIGHT = 1.0
"""The scale of the bag of words beside the cue features (chosen on the development sets)."""

EMBEDDING_WEIGHT = 0.5
"""The scale of the sentence embedding beside them, when an encoder is given (chosen on the mean
of the fresh and first independent sets; see docs/consult-analysis.md)."""

CUE_CACHE = 20_000
"""Texts whose cue features are kept between trainings (the bundled library has 5,776)."""

PARALLEL_CUES = 2_000
"""New texts from which their cues are read in several processes (the patterns hold Python's lock;
fewer texts: one process, where starting others would cost more than it saves)."""

CUE_JOBS = 2
"""At most this many processes read cues side by side (the same rows as one)."""

STANCES: tuple[Stance, ...] = ("supports", "opposes", "mixed", "unclear")

_NEG = r"(?<!\bnot )(?<!\bno )(?<!\bisn't )(?<!\bisnt )(?<!\bain't )(?<!\bnae )(?<!\bnot very )"
SUPPORT = re.compile(
    r"\b(i|we|i'd|i'm|i am|i would) (do |fully |strongly |would |totally |broadly |100% |all )?"
    r"(agree|support|accept|back|welcome|endorse|for it)\b|\bagreed\b|\b(totally|fully) agree\b|"
    r"^\s*(yes|yep|aye|yeah|ok|okay|support|supported|agree)\b|\byes (from me|to)\b|"
    r"\bin favour\b|\bgo (for it|ahead)\b|\babout (bloody )?time\b|\bgood (idea|plan|thing|scheme)\b|"
    r"\bfine (by|with|w) me\b|\bfine\b|\bmakes (sense|work pay)\b|\bspot on\b|\bchampion\b|"
    r"\bnowt wrong\b|\bno (free ride|problem with it|complaints?)\b|\bnobody should get\b|"
    + _NEG
    + r"\b(fair|reasonable|sensible|right|rite|reet|good|ok|okay|alright|decent|prudent|"
    r"defensible|proportionate|responsible)\b( enough| to me| from me| idea| scheme| plan)?|"
    r"\b(everyone|everybody|every1|people|all people|awbody) (should|must|shud|can|has to|"
    r"haffi|needs? to) (pay|contribute|chip in|put)|\bpay (their|our|your) (way|whack|share)\b|"
    r"\bsomething for nothing\b|\bowt for nowt\b|\bglad\b|\bhappy\b|\brelieved\b|"
    r"\bwell done\b|\bkeep it\b|\bi'?ll (live|manage) with it\b|\blesser evil\b|"
    r"\bbest of a bad\b|\bbest it can\b|\bno choice\b|\bhas to come from somewhere\b|"
    r"👍|\bbrilliant\b|\bwelcomes?\b|\bgrateful\b|\bapproved?\b|"
    r"\bno (objections?|issue|problem)\b|\b(don'?t|do not) mind\b|\bcan'?t (complain|argue)\b|"
    r"\bneeds must\b|\bit is what it is\b|\b(i'?ll|i will|we'?ll) (pay|find) (it|mine|ours)\b|"
    r"\bthumbs up\b|\bbring it on\b|^\W*(do it|go with it|crack on)\b|\bcount me in\b|"
    r"\b(i'?m|i am|we'?re|we are) (content|comfortable|ok|okay|fine) with\b|\bcan live with\b|"
    r"\b(grudgingly|reluctantly),? yes\b|\bcorrect\b|"
    r"\bsupport (it|this|the (scheme|proposal|plan))\b|\bsupport\W*$",
    re.IGNORECASE,
)
OPPOSE = re.compile(
    r"\b(i|we) (strongly |totally |must |would )?(disagree|oppose|object|reject)\b|\bobject\b|"
    r"\b(do not|don't|dont|cannot|can't|cant|won't) (agree|support|back|endorse|accept)\b|"
    r"\bagainst\b|\bopposition\b|\bunfair\b|\b(not|no|isn't|isnt|ain't|nae) (fair|right|rite|"
    r"reasonable|on|sensible)\b|\bwrong\b|\bdisgrac|\bdisgust|\bshame|\bcruel\b|\brubbish\b|"
    r"\bterrible\b|\bmadness\b|\bsham\b|\bjoke\b|\brobb|\bscrap\b|\bbrutal\b|\bdaft\b|"
    r"\bcan'?t (afford|pay)\b|\bcannot (afford|pay)\b|\bcant aford\b|\bnot afford\b|\binstead\b|"
    r"\bthink again\b|\breconsider\b|\bplease (don'?t|do not|protect|exempt|think)\b|"
    r"\bleave (us|them|people) alone\b|\bno chance\b|\bover my dead\b|\bout of order\b|"
    r"\bpointless\b|\bshould be (exempt|protected|left alone)\b|\bhit hardest\b|\bharsh\b|"
    r"\bpush\w* .{0,30}(debt|poverty|edge)\b|\bworse\b|\bnonsense\b|\bridiculous\b|\bnope\b|"
    r"^\s*no\b(?! (objections?|issues?|problems?|complaints?)\b)|\bstinks?\b|\bpunish|\bregressive\b|\btax on (the )?(poor|poverty)\b|"
    r"\bpoverty tax\b|\bfinish us\b|\bhavin a laugh\b|\bmad\b|👎|\bffs\b|\bnot convinced\b|"
    r"\b(count me as a|put me down as a|it'?s a|that'?s a|so|stands|respectfully),? no\b|"
    r"\bnot (to )?(proceed|go ahead)\b|\bwithdraw|\b(urge|ask|beg)\w* (you |the council )?not\b|"
    r"\bopposed\b|\b(don'?t|do not) want (this|it)\b|"
    r"(?<!\bno )(?<!\bnot )(?<!\bnot too )\bbad\b(?! (hand|lot|job))",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\bbut\b|\bhowever\b|\bthough\b|\bon the (one|other) hand\b|\bboth sides\b|\bmixed\b|"
    r"\bsome bits\b|\bin principle\b|\bnot sure\b|\bunderstand (why|the)\b|\bcan see (why|both)\b|"
    r"\bget why\b|\bhalf\b|\btorn\b|\bon balance\b|\breservations?\b|\beither way\b|\bnot ideal\b|"
    r"\bcan'?t decide\b|\bon the fence\b|\bif you\b|\bonly if\b|\bin (theory|practice)\b|"
    r"\bas far as (it|they) go\b|\bpart of me\b|\bhalf and half\b|\b50/50\b|\bundecided\b|"
    r"\bcan'?t (say yes|make my mind)\b",
    re.IGNORECASE,
)
IRONY = re.compile(
    r"\b(oh|yes|yeah|great|sure),? (brilliant|great|wonderful|sure|fantastic|marvellous|genius)\b|"
    r"\bgenius\b|\bwhat could possibly go wrong\b|\blove how\b|\btruly inspired\b|"
    r"\bmakes perfect sense\b|\bvery democratic\b|\bimagine being proud\b|\blol\b|\btypical\b|"
    r"\byer havin\b|\bhaving a laugh\b",
    re.IGNORECASE,
)
UNCLEAR = re.compile(
    r"\?\W*$|^\W*$|^\s*(n/?a|none|pass|no idea|nothing to (add|say))\W*$|\bno comment\b|"
    r"\bpaper (copy|form)\b|\blarge print\b|\bmailing list\b|\bgive a view\b|"
    r"\bmy (account|bill|banding|letter)\b|\bsee (my|attached)\b|\b(phone|ring|call) me\b|"
    r"\bdon'?t know\b|\bidk\b|\bwhat is\b|\bhow do i\b|\bcan i\b|\bwho do i\b|"
    r"\bam i (entitled|affected)\b|\b(does|will) (this|it) (apply|affect|matter)\b|"
    r"\bplease (send|explain|forward|remove|help|advise|let me know)\b|\binterpreter\b",
    re.IGNORECASE,
)
_CLAUSES = re.compile(r"\bbut\b|\bhowever\b|\bthough\b|\bstill\b|[.!;]+\s", re.IGNORECASE)


NEGATED = re.compile(r"(\b(not|no|never|cannot|hardly|nae)\b|n't)[^.,;:!?]{0,12}$", re.IGNORECASE)
"""A negation shortly before a supporting cue ("not happy", "can't say I welcome"): it turns it."""


def _polar_counts(text: str) -> tuple[int, int]:
    """Supporting and opposing cues in a text; a negated supporting cue counts as opposing."""
    support = negated = 0
    for cue in SUPPORT.finditer(text):
        support += 1
        negated += bool(NEGATED.search(text, max(0, cue.start() - 30), cue.start()))
    return support - negated, len(OPPOSE.findall(text)) + negated


def cue_counts(text: str) -> tuple[int, int, int]:
    """How many supporting, opposing and hedging cue phrases the text contains."""
    return (*_polar_counts(text), len(HEDGE.findall(text)))


def _clause_cues(text: str) -> list[tuple[int, int]]:
    """Supporting and opposing cue counts of each clause with a cue, in order."""
    cues = []
    for clause in _CLAUSES.split(text):
        support, oppose = _polar_counts(clause)
        if support or oppose:
            cues.append((support, oppose))
    return cues


@dataclass(frozen=True)
class _Cues:
    """What the lexicon finds in one text, computed once for both the reading and the features."""

    support: int
    oppose: int
    hedge: int
    clauses: list[tuple[int, int]]
    irony: bool
    unclear: bool


def _cues(text: str) -> _Cues:
    """Run every cue pattern over one text once."""
    support, oppose, hedge = cue_counts(text)
    clauses = _clause_cues(text)
    return _Cues(
        support, oppose, hedge, clauses, bool(IRONY.search(text)), bool(UNCLEAR.search(text))
    )


def lexicon_stance(text: str) -> Stance:
    """The stance the cue phrases give, clause by clause; no cue at all is unclear."""
    return _reading(_cues(text))


def _reading(cues: _Cues) -> Stance:
    """The lexicon's stance from the cues of a text."""
    support, oppose, hedge, clauses = cues.support, cues.oppose, cues.hedge, cues.clauses
    if cues.irony and (oppose or support):
        return "opposes"
    if not clauses:
        return "mixed" if hedge and not cues.unclear else "unclear"
    last_support, last_oppose = clauses[-1]
    if support and oppose:
        if last_support > last_oppose and hedge:
            return "supports" if clauses[0][0] >= clauses[0][1] else "mixed"
        if last_oppose > last_support and clauses[0][0] > clauses[0][1]:
            return "mixed"
        return "supports" if support > oppose else "opposes" if oppose > support else "mixed"
    if support:
        return "supports"
    return "opposes"


def stance_cues(text: str) -> list[float]:
    """The lexicon's reading of one text as numbers: cue counts, by clause, irony, questions."""
    cues = _cues(text)
    clauses = cues.clauses or [(0, 0)]
    reading = _reading(cues)
    words = len(text.split())
    return [
        np.log1p(cues.support),
        np.log1p(cues.oppose),
        np.log1p(cues.hedge),
        float(clauses[0][0] > clauses[0][1]),
        float(clauses[0][1] > clauses[0][0]),
        float(clauses[-1][0] > clauses[-1][1]),
        float(clauses[-1][1] > clauses[-1][0]),
        float(cues.irony),
        float(cues.unclear),
        float(words <= 3),
        np.log1p(words) / 5,
        *(float(reading == s) for s in STANCES),
    ]


@dataclass(frozen=True)
class StanceModel:
    """A stance classifier trained on officers' corrections, or None to use the lexicon alone."""

    vectoriser: Any | None
    classifier: Any | None
    trained_on: int
    encoder: SentenceEncoder | None = None


def train_stance_model(
    corrections: Sequence[Correction], encoder: EncoderChoice = INSTALLED
) -> StanceModel:
    """Train on the corrections that set a stance; too few (or one class only) keeps the lexicon.

    With an `encoder`, each answer's sentence embedding is a feature beside the cues and words.
    """
    rows = [c for c in corrections if c.stance is not None]
    classes = {c.stance for c in rows}
    if len(rows) < MIN_TRAINING or len(classes) < 2:
        return StanceModel(vectoriser=None, classifier=None, trained_on=len(rows))
    texts = [c.text for c in rows]
    used = chosen_encoder(encoder)
    vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2).fit(texts)
    # Newton's method reaches the optimum in a handful of steps, nearer it and sooner than
    # L-BFGS stopping at its tolerance (which left about 0.5% of readings different from it).
    classifier = LogisticRegression(
        C=10.0, class_weight="balanced", solver="newton-cg", max_iter=2000
    )
    classifier.fit(_features(vectoriser, used, texts), [c.stance for c in rows])
    return StanceModel(
        vectoriser=vectoriser, classifier=classifier, trained_on=len(rows), encoder=used
    )


def predict_stances(model: StanceModel, texts: Sequence[str]) -> list[Stance]:
    """The stance of each answer, by the trained classifier if there is one, else the lexicon."""
    if model.classifier is None or model.vectoriser is None:
        return [lexicon_stance(text) for text in texts]
    if not texts:
        return []
    predicted: list[Stance] = model.classifier.predict(
        _features(model.vectoriser, model.encoder, texts)
    ).tolist()
    return predicted


_CUE_MEMO: Memo[str, tuple[float, ...]] = Memo(CUE_CACHE)
"""Texts' cue features, kept: a library's answers are read again at every training."""


def _cue_rows(texts: Sequence[str]) -> np.ndarray:
    """The texts' cue features, one row each, each distinct text read once a process."""
    kept = _CUE_MEMO.found(texts)
    new = [text for text in dict.fromkeys(texts) if text not in kept]
    jobs = min(CUE_JOBS, os.cpu_count() or 1)
    if len(new) < PARALLEL_CUES or jobs == 1:
        rows = _cue_batch(new)
    else:
        size = -(-len(new) // (4 * jobs))
        batches = Parallel(n_jobs=jobs)(
            delayed(_cue_batch)(new[start : start + size]) for start in range(0, len(new), size)
        )
        rows = [row for batch in batches for row in batch]
    kept.update(zip(new, rows, strict=True))
    _CUE_MEMO.add(zip(new, rows, strict=True))
    return np.array([kept[text] for text in texts], dtype=float)


def _cue_batch(texts: list[str]) -> list[tuple[float, ...]]:
    """Cue features of a batch of texts (here, or in a worker process)."""
    return [tuple(stance_cues(text)) for text in texts]


def _features(vectoriser: Any, encoder: SentenceEncoder | None, texts: Sequence[str]) -> csr_matrix:
    """The lexicon's cue features with a bag of words (and the sentence embedding) beside them."""
    cues = csr_matrix(_cue_rows(texts))
    blocks = [cues, vectoriser.transform(texts) * WORD_WEIGHT]
    if encoder is not None:
        blocks.append(csr_matrix(encoder.encode(list(texts)) * EMBEDDING_WEIGHT))
    return hstack(blocks).tocsr()
