"""`townhall consult analysis`: themes, assignment, campaigns, masking and measured accuracy."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from townhall.cli.output import console, user_errors
from townhall.consult.analysis.bundled import CTS_THEME_SET

if TYPE_CHECKING:
    import polars as pl

    from townhall.consult.analysis.evaluation import Evaluation
    from townhall.consult.analysis.inputs import AnswerTable

app = typer.Typer(
    help="Analyse free-text answers: themes, assignment, campaigns, masking, accuracy.",
    no_args_is_help=True,
)

TARGET = 0.80
"""Theme macro-F1 and stance accuracy officers can rely on, on answers by other writers (issue 17)."""

FileArgument = Annotated[Path, typer.Argument(help="Answers: a CSV or Excel file.")]
ColumnOption = Annotated[str, typer.Option(help="The column holding the free-text answers.")]
IdOption = Annotated[
    str | None, typer.Option(help="A column of answer ids (default: the row numbers).")
]
LexicalOption = Annotated[
    bool,
    typer.Option(
        "--lexical",
        help="Use the lexical model alone, even when sentence embeddings are installed.",
    ),
]
FastOption = Annotated[
    bool,
    typer.Option(
        "--fast",
        help="Use WordLlama's table of token vectors in place of all-MiniLM-L6-v2: 10,000 "
        "answers about 12 s sooner, a little less accurate on strangers' answers.",
    ),
]
NoLibraryOption = Annotated[
    bool,
    typer.Option(
        "--no-library",
        help="Train on this consultation's corrections alone, not on the theme set's library.",
    ),
]


def _encoder(lexical: bool, fast: bool) -> Any:
    """The sentence encoder to use: None with --lexical or without the embeddings extra, the
    faster WordLlama with --fast, else the best installed."""
    from townhall.consult.analysis.embeddings import installed_encoder, installed_wordllama

    if lexical:
        return None
    return installed_wordllama() if fast else installed_encoder()


@contextmanager
def _progress(description: str, total: int | None) -> Iterator[Any]:
    """A rich progress bar on the terminal for a long step; `advance()` moves it on."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=total)
        yield lambda *_: progress.advance(task)


def _answers(file: Path, column: str, id_column: str | None) -> AnswerTable:
    from townhall.consult.analysis.inputs import answer_table, read_table

    return answer_table(read_table(file), str(file), column, id_column)


def _write_table(frame: pl.DataFrame, path: Path) -> None:
    """Write a table as Excel (.xlsx) or CSV, whole or not at all."""
    from townhall.reports.csv_files import write_csv
    from townhall.reports.excel import write_workbook

    if path.suffix.lower() == ".xlsx":
        write_workbook(path, {"answers": frame})
        return
    write_csv(frame, path)


def _quote(text: str, limit: int = 90) -> str:
    """A masked, shortened quote for the terminal."""
    from townhall.consult.analysis.masking import mask_personal_data
    from townhall.problems import shorten

    return shorten(" ".join(mask_personal_data(text).text.split()), limit)


@app.command("themes")
@user_errors
def themes(
    file: FileArgument,
    column: ColumnOption = "text",
    topics: Annotated[int, typer.Option(min=1, max=50, help="How many themes to find.")] = 8,
    out: Annotated[
        Path | None, typer.Option(help="Write the candidates as a theme-set TOML to curate.")
    ] = None,
) -> None:
    """Find candidate themes in the answers (TF-IDF and NMF), with key terms and quotes."""
    from rich.table import Table

    from townhall.consult.analysis.candidates import candidate_theme_set, candidate_themes
    from townhall.consult.analysis.themeset import theme_set_toml
    from townhall.input_files import refuse_overwriting_inputs
    from townhall.reports.files import atomic_path

    refuse_overwriting_inputs(out, file, option="--out")
    answers = _answers(file, column, None)
    with _progress("Finding themes", None):
        found = candidate_themes(answers.texts, topics=topics)
    table = Table(title=f"{len(found)} candidate themes in {len(answers.texts):,} answers")
    for heading in ("theme", "answers", "key terms", "a representative answer (masked)"):
        table.add_column(heading, overflow="fold")
    for candidate in found:
        table.add_row(
            f"{candidate.label}\n[dim]{candidate.key}[/]",
            f"{candidate.size:,}",
            ", ".join(candidate.key_terms),
            _quote(candidate.quotes[0]) if candidate.quotes else "",
        )
    console.print(table)
    if out is not None:
        with atomic_path(out) as temporary:
            temporary.write_text(theme_set_toml(candidate_theme_set(found)), encoding="utf-8")
        console.print(f"Wrote {out}: rename, merge, split, delete or add themes, then run assign.")


@app.command("assign")
@user_errors
def assign(
    file: FileArgument,
    themes: Annotated[Path, typer.Option(help="The curated theme set (TOML).")],
    out: Annotated[Path, typer.Option(help="Where to write the assignments (CSV or .xlsx).")],
    corrections: Annotated[
        Path | None,
        typer.Option(help="Officers' corrections: id, themes (';'), stance (CSV or Excel)."),
    ] = None,
    column: ColumnOption = "text",
    id_column: IdOption = None,
    lexical: LexicalOption = False,
    fast: FastOption = False,
    no_library: NoLibraryOption = False,
) -> None:
    """Assign every answer to zero or more curated themes with a confidence, and a stance.

    The theme set's library (answers to the question labelled earlier) is trained on beside the
    corrections; the corrections alone set the themes and stance of the answers they name."""
    import polars as pl
    from rich.table import Table

    from townhall.consult.analysis.assignment import assign_themes, train_theme_model
    from townhall.consult.analysis.duplicates import duplicate_groups
    from townhall.consult.analysis.embeddings import model_note
    from townhall.consult.analysis.inputs import read_table
    from townhall.consult.analysis.library import library_paths, read_library
    from townhall.consult.analysis.library_vectors import remember_library
    from townhall.consult.analysis.records import corrections_from_frame
    from townhall.consult.analysis.stance import predict_stances, train_stance_model
    from townhall.consult.analysis.themeset import load_theme_set
    from townhall.input_files import refuse_overwriting_inputs

    theme_set = load_theme_set(themes)
    shelf = [] if no_library else library_paths(theme_set, themes)
    refuse_overwriting_inputs(out, file, themes, corrections, *shelf, option="--out")
    answers = _answers(file, column, id_column)
    fixes = []
    if corrections is not None:
        texts = dict(zip(answers.ids, answers.texts, strict=True))
        fixes = corrections_from_frame(
            read_table(corrections), str(corrections), theme_set.keys, texts
        )
    library = [answer for _, read in read_library(shelf, theme_set.keys) for answer in read]
    encoder = _encoder(lexical, fast)
    if library:
        with _progress("The library's sentence vectors", None):
            remember_library(encoder, [answer.text for answer in library])
    with _progress("Training one model per theme", len(theme_set.keys)) as advance:
        model = train_theme_model(theme_set, [*library, *fixes], answers.texts, advance, encoder)
    with _progress("Assigning answers", None):
        result = assign_themes(model, answers.ids, answers.texts, fixes)
        stances = predict_stances(train_stance_model([*library, *fixes], encoder), answers.texts)
        corrected_stance = {c.answer_id: c.stance for c in fixes if c.stance is not None}
        stances = [corrected_stance.get(i, s) for i, s in zip(answers.ids, stances, strict=True)]
        campaigns = duplicate_groups(answers.texts).labels
    frame = result.to_frame().with_columns(
        pl.Series("text", answers.texts),
        pl.Series("stance", stances),
        pl.Series("campaign_group", [g if g >= 0 else None for g in campaigns], pl.Int64),
    )
    _write_table(
        frame.select(
            "id",
            "text",
            "themes",
            "confidence",
            "certainty",
            "corrected",
            "stance",
            "campaign_group",
        ),
        out,
    )
    table = Table(title=f"Themes in {len(answers.texts):,} answers ({len(fixes)} corrections)")
    for heading in ("theme", "label", "answers", "threshold"):
        table.add_column(
            heading, justify="right" if heading in {"answers", "threshold"} else "left"
        )
    counts = result.counts()
    for key, threshold in zip(model.keys, model.thresholds, strict=True):
        table.add_row(key, theme_set.theme(key).label, f"{counts[key]:,}", f"{threshold:.2f}")
    table.add_row("(none)", "no theme", f"{int((~result.assigned.any(axis=1)).sum()):,}", "")
    console.print(table)
    tally = {
        stance: stances.count(stance) for stance in ("supports", "opposes", "mixed", "unclear")
    }
    console.print("Stance: " + ", ".join(f"{k} {v:,}" for k, v in tally.items()))
    console.print(model_note(encoder))
    if library:
        console.print(
            f"Trained on {len(library):,} labelled answers of the theme set's library "
            f"({len(shelf)} file{'s' if len(shelf) != 1 else ''}) beside {len(fixes):,} corrections (--no-library: without them)."
        )
    if model.untrained:
        console.print(
            f"[yellow]No seed terms, examples or corrections for: {', '.join(model.untrained)}; "
            "these themes are assigned only by corrections.[/]"
        )
    console.print(f"Wrote {out}")


@app.command("duplicates")
@user_errors
def duplicates(
    file: FileArgument,
    column: ColumnOption = "text",
    threshold: Annotated[
        float,
        typer.Option(min=0.05, max=1.0, help="Jaccard similarity of 5-gram sets (1: identical)."),
    ] = 0.8,
    out: Annotated[
        Path | None, typer.Option(help="Write each answer's group (CSV or .xlsx).")
    ] = None,
    id_column: IdOption = None,
    show: Annotated[int, typer.Option(help="How many groups to list.")] = 10,
) -> None:
    """Group identical and nearly identical answers (campaigns); nothing is removed."""
    import polars as pl
    from rich.table import Table

    from townhall.consult.analysis.duplicates import duplicate_groups
    from townhall.input_files import refuse_overwriting_inputs

    refuse_overwriting_inputs(out, file, option="--out")
    answers = _answers(file, column, id_column)
    with _progress("Comparing answers", None):
        found = duplicate_groups(answers.texts, threshold=threshold)
    table = Table(
        title=f"{len(found.groups):,} groups holding {found.answers_in_groups:,} of "
        f"{len(answers.texts):,} answers (threshold {threshold})"
    )
    for heading in ("group", "answers", "identical", "text (masked)"):
        table.add_column(
            heading, overflow="fold", justify="left" if heading == "text (masked)" else "right"
        )
    for number, group in enumerate(found.groups[:show]):
        table.add_row(
            str(number), f"{len(group.rows):,}", f"{group.exact_copies:,}", _quote(group.text)
        )
    console.print(table)
    if out is not None:
        groups = pl.Series("group", [g if g >= 0 else None for g in found.labels], pl.Int64)
        _write_table(pl.DataFrame({"id": answers.ids}).with_columns(groups), out)
        console.print(f"Wrote {out}")


@app.command("mask")
@user_errors
def mask(
    file: FileArgument,
    out: Annotated[Path, typer.Option(help="Where to write the masked copy (CSV or .xlsx).")],
    column: ColumnOption = "text",
) -> None:
    """Write a copy with names, e-mails, phones, addresses and postcodes masked; the input is kept."""
    import polars as pl

    from townhall.consult.analysis.masking import mask_personal_data

    answers = _answers(file, column, None)
    if out.resolve() == file.resolve():
        from townhall.cli.output import UserError

        raise UserError("--out is the input file: the original must be kept; choose another path.")
    masked = [mask_personal_data(text) for text in answers.texts]
    kinds: dict[str, int] = {}
    for result in masked:
        for kind, _ in result.replaced:
            kinds[kind] = kinds.get(kind, 0) + 1
    frame = answers.frame.with_columns(pl.Series(column, [m.text for m in masked]))
    _write_table(frame, out)
    changed = sum(bool(m.replaced) for m in masked)
    console.print(
        f"Masked {changed:,} of {len(masked):,} answers: "
        + (
            ", ".join(f"{kind} {count:,}" for kind, count in sorted(kinds.items()))
            or "nothing found"
        )
    )
    console.print(f"Wrote {out}")


@app.command("accuracy")
@user_errors
def accuracy(
    data: Annotated[
        list[Path] | None,
        typer.Option(
            help="Hand-labelled answers (id, text, themes, stance) to train on. Repeatable. "
            "Default: the theme set's library (for the bundled CTS theme set, every labelled set "
            "in tests/data/consult but the held-out second and fourth independent sets); a scored "
            "set is left out of its own training."
        ),
    ] = None,
    themes: Annotated[
        Path, typer.Option(help="The curated theme set the labels use.")
    ] = CTS_THEME_SET,
    folds: Annotated[int, typer.Option(min=2, max=20, help="Cross-validation folds.")] = 5,
    cross_validation: Annotated[
        bool,
        typer.Option(
            help="Cross-validate over the training answers; --no-cross-validation scores only "
            "the --test and --independent sets (minutes sooner)."
        ),
    ] = True,
    limit: Annotated[
        int | None, typer.Option(min=10, help="Use only the first N labelled answers.")
    ] = None,
    test: Annotated[
        Path | None,
        typer.Option(
            help="Also score this separate labelled set, training on all of --data (but the "
            "set itself, if it is one of them)."
        ),
    ] = None,
    independent: Annotated[
        list[Path] | None,
        typer.Option(
            help="Also score a set written by other people: rows with correction=yes are the "
            "officers' corrections (beside all of --data), the others are scored. Repeatable."
        ),
    ] = None,
    curve: Annotated[
        bool,
        typer.Option(
            help="With --independent: the learning curve after 0, 20, 40, 80, 160 corrections."
        ),
    ] = False,
    lexical: LexicalOption = False,
    fast: FastOption = False,
) -> None:
    """Per-theme precision, recall, F1, macro-F1 and stance accuracy on held-out labelled answers."""
    from townhall.consult.analysis.embeddings import model_note
    from townhall.consult.analysis.evaluation import cross_validate
    from townhall.consult.analysis.inputs import read_table
    from townhall.consult.analysis.library import library_paths, read_library
    from townhall.consult.analysis.library_vectors import remember_library
    from townhall.consult.analysis.records import corrections_from_frame
    from townhall.consult.analysis.themeset import load_theme_set

    theme_set = load_theme_set(themes)
    paths = data or library_paths(theme_set, themes)
    if not paths:
        from townhall.cli.output import UserError

        raise UserError(f"{themes} names no library of labelled answers; give --data FILE.")
    library = read_library(paths, theme_set.keys)
    labelled = [answer for _, answers in library for answer in answers][:limit]
    trained_on = "the training library" if data is None else ", ".join(p.name for p in paths)
    fresh = None
    if test is not None:  # read before the long run, so a bad file fails at once
        fresh = (test, corrections_from_frame(read_table(test), str(test), theme_set.keys))
    others = [_independent_set(path, theme_set.keys) for path in independent or []]
    if not (cross_validation or fresh or others):
        from townhall.cli.output import UserError

        raise UserError(
            "--no-cross-validation leaves nothing to score: give --test or --independent."
        )
    encoder = _encoder(lexical, fast)
    console.print(model_note(encoder))
    with _progress("The library's sentence vectors", None):
        remember_library(encoder, [answer.text for _, answers in library for answer in answers])
    if cross_validation:
        with _progress(f"{folds}-fold cross-validation", folds) as advance:
            result = cross_validate(labelled, theme_set, folds, advance, encoder)
        _print_evaluation(result, f"{folds}-fold cross-validation over {trained_on}")
    if fresh is not None:
        from townhall.consult.analysis.evaluation import test_set_evaluation

        path, answers = fresh
        training, named = _training_without(library, path, limit, trained_on)
        with _progress(f"Scoring {path.name}", None):
            tested = test_set_evaluation(training, answers, theme_set, encoder)
        _print_evaluation(tested, f"{path.name}, trained on all of {named}")
    for path, answers, marks in others:
        from townhall.consult.analysis.evaluation import (
            curve_steps,
            independent_evaluation,
            learning_curve,
        )

        training, named = _training_without(library, path, limit, trained_on)
        with _progress(f"Scoring {path.name}", None):
            scored = independent_evaluation(training, answers, marks, theme_set, encoder)
        _print_evaluation(
            scored,
            f"{path.name}, the {len(answers) - scored.answers} marked as corrections "
            f"and all of {named} trained on",
        )
        steps = curve_steps(len(answers))
        if curve and len(steps) < 2:
            console.print(f"{path.name}: too few answers for a learning curve.")
        elif curve:
            with _progress("Learning curve", None):
                points = learning_curve(training, answers, marks, theme_set, steps, encoder=encoder)
            _print_curve(points, path.name, named)


def _training_without(
    library: list[tuple[Path, list[Any]]], scored: Path, limit: int | None, described: str
) -> tuple[list[Any], str]:
    """The training answers less the scored set's own file (no answer marks itself), and their
    description for the output."""
    kept = [
        answer
        for path, answers in library
        if path.resolve() != scored.resolve()
        for answer in answers
    ]
    left_out = len(kept) < sum(len(answers) for _, answers in library)
    return kept[:limit], described + (f" but {scored.name}" if left_out else "")


def _independent_set(path: Path, keys: list[str]) -> tuple[Path, list[Any], list[bool]]:
    """The labelled answers of an independent set and which of them are officers' corrections."""
    from townhall.cli.output import UserError
    from townhall.consult.analysis.inputs import read_table
    from townhall.consult.analysis.records import correction_marks, corrections_from_frame

    frame = read_table(path)
    if "correction" not in frame.columns:
        raise UserError(
            f"{path}: no 'correction' column; expected one with 'yes' on the rows that play "
            "the officers' corrections (the others are scored)."
        )
    marks = correction_marks(frame)
    if not any(marks) or all(marks):
        raise UserError(
            f"{path}: column 'correction' marks {sum(marks)} of {len(marks)} rows; expected some "
            "rows marked 'yes' (corrections) and some not (scored)."
        )
    return path, corrections_from_frame(frame, str(path), keys), marks


def _print_curve(points: list[Any], name: str, base: str) -> None:
    """The learning curve as a table: corrections against macro-F1 and stance accuracy."""
    from rich.table import Table

    table = Table(title=f"Learning curve on the fixed scored rows of {name} (with all of {base})")
    for heading in ("corrections", "theme macro-F1", "stance accuracy"):
        table.add_column(heading, justify="right")
    for point in points:
        table.add_row(
            str(point.corrections), f"{point.macro_f1:.3f}", f"{point.stance_accuracy:.3f}"
        )
    console.print(table)


def _print_evaluation(result: Evaluation, where: str) -> None:
    """Per-theme scores, macro-F1, stance accuracy with its baselines, and the stance confusion."""
    from rich.table import Table

    table = Table(title=f"Theme assignment on held-out answers: {where} ({result.answers} answers)")
    for heading in ("theme", "labelled", "assigned", "precision", "recall", "F1"):
        table.add_column(heading, justify="left" if heading == "theme" else "right")
    for score in result.themes:
        table.add_row(
            score.theme,
            str(score.support),
            str(score.predicted),
            f"{score.precision:.2f}",
            f"{score.recall:.2f}",
            f"{score.f1:.2f}",
        )
    console.print(table)
    console.print(
        f"[bold]Macro-F1: {result.macro_f1:.3f}[/] (target {TARGET:.2f}); "
        f"from the seed terms alone, before any correction: {result.seed_only_macro_f1:.3f}"
    )
    console.print(
        f"Stance accuracy: {result.stance_accuracy:.3f} (target {TARGET:.2f}) trained on corrections; "
        f"lexicon alone {result.lexicon_stance_accuracy:.3f}; "
        f"always the commonest stance {result.majority_stance_accuracy:.3f}"
    )
    stances = ("supports", "opposes", "mixed", "unclear")
    confusion = Table(title="Stance: labelled (rows) against predicted (columns)")
    confusion.add_column("labelled")
    for stance in stances:
        confusion.add_column(stance, justify="right")
    for truth in stances:
        confusion.add_row(
            truth, *(str(result.stance_confusion.get((truth, guess), 0)) for guess in stances)
        )
    console.print(confusion)
    recalls = []
    for truth in stances:
        total = sum(result.stance_confusion.get((truth, guess), 0) for guess in stances)
        if total:
            recalls.append(f"{truth} {result.stance_confusion.get((truth, truth), 0) / total:.2f}")
    console.print("Stance recall by class: " + ", ".join(recalls))


@app.command("agreement")
@user_errors
def agreement_command(
    first: Annotated[
        Path, typer.Argument(help="One person's reading: id, themes (';'), stance (CSV or Excel).")
    ],
    second: Annotated[Path, typer.Argument(help="Another person's reading of the same answers.")],
    themes: Annotated[
        Path, typer.Option(help="The curated theme set both readings use.")
    ] = CTS_THEME_SET,
) -> None:
    """How far two people's readings of the same answers agree (double coding): per theme, the
    macro-F1 a model would be scored by against the first, stance agreement, Cohen's kappa."""
    import math

    from rich.table import Table

    from townhall.consult.analysis.agreement import agreement
    from townhall.consult.analysis.themeset import load_theme_set
    from townhall.problems import InvalidInputError, Problem, read_every

    keys = load_theme_set(themes).keys
    reference, other = read_every((first, second), lambda path: _reading(path, keys))
    found = agreement(reference, other, keys)
    if not found.answers:
        raise InvalidInputError(
            [Problem(str(second), "id", "(none shared)", f"ids of answers also in {first}")]
        )
    table = Table(
        title=f"Themes: {first.name} (reference) and {second.name}, {found.answers:,} answers"
    )
    for heading in ("theme", "first", "second", "both", "F1", "kappa"):
        table.add_column(heading, justify="left" if heading == "theme" else "right")
    for score, kappa in zip(found.themes, found.kappas, strict=True):
        both = round(score.precision * score.predicted)
        table.add_row(
            score.theme,
            str(score.support),
            str(score.predicted),
            str(both),
            f"{score.f1:.2f}",
            "–" if math.isnan(kappa) else f"{kappa:.2f}",
        )
    console.print(table)
    console.print(
        f"[bold]Macro-F1: {found.macro_f1:.3f}[/] ({second.name} scored against {first.name}, as "
        "`accuracy` scores a model): a model scored against one reader can hardly be expected to "
        "agree with it more than a second careful reader does."
    )
    stance_kappa = "–" if math.isnan(found.stance_kappa) else f"{found.stance_kappa:.2f}"
    console.print(
        f"Stance: the same on {found.stance_agreement:.3f} of {found.stance_answers:,} answers "
        f"(Cohen's kappa {stance_kappa})."
    )
    if found.only_first or found.only_second:
        console.print(
            f"Not compared: {found.only_first:,} answers read in {first.name} only, "
            f"{found.only_second:,} in {second.name} only."
        )


def _reading(path: Path, keys: list[str]) -> list[Any]:
    """One person's reading of answers: id, themes and/or stance, with or without the text."""
    from townhall.consult.analysis.inputs import read_table
    from townhall.consult.analysis.records import corrections_from_frame

    frame = read_table(path)
    names = {name.strip().lower(): name for name in frame.columns}
    texts = None
    if "text" not in names and "id" in names:  # a coding sheet need not repeat the answers
        texts = {str(cell or "").strip(): "" for cell in frame[names["id"]]}
    return corrections_from_frame(frame, str(path), keys, texts)


@app.command("groups")
@user_errors
def groups(
    votes: Annotated[
        Path, typer.Argument(help="Votes: participant, statement, vote (agree/disagree/pass).")
    ],
    chart: Annotated[
        Path | None, typer.Option(help="Write the chart of the groups as SVG.")
    ] = None,
    min_votes: Annotated[int, typer.Option(min=1, help="Votes a participant needs.")] = 3,
) -> None:
    """Opinion groups from agree/disagree/pass votes: consensus and divisive statements."""
    from rich.table import Table

    from townhall.consult.analysis.inputs import read_table
    from townhall.consult.analysis.opinion import opinion_groups, vote_matrix
    from townhall.consult.analysis.opinion_chart import group_name, opinion_chart
    from townhall.consult.analysis.votes import votes_from_frame
    from townhall.reports.charts import chart_svg
    from townhall.reports.files import atomic_path

    found = opinion_groups(
        vote_matrix(votes_from_frame(read_table(votes), str(votes))), min_votes=min_votes
    )
    names = [group_name(g) for g in range(len(found.group_sizes))]
    console.print(
        f"{len(found.participants):,} participants in {len(names)} groups ("
        + ", ".join(f"{n}: {s:,}" for n, s in zip(names, found.group_sizes, strict=True))
        + f"); silhouette {found.silhouette:.2f}; {len(found.left_out):,} left out (too few votes)"
    )
    for title, rows in (("Consensus", found.consensus), ("Divisive", found.divisive)):
        table = Table(title=f"{title} statements (share agreeing in each group)")
        table.add_column("statement", overflow="fold")
        for name in names:
            table.add_column(name, justify="right")
        for row in rows[:10]:
            table.add_row(_quote(row.statement, 70), *(f"{a:.0%}" for a in row.agree))
        console.print(table)
    if chart is not None:
        with atomic_path(chart) as temporary:
            temporary.write_text(chart_svg(opinion_chart(found)), encoding="utf-8")
        console.print(f"Wrote {chart}")
