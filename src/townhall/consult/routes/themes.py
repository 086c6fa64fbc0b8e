"""Officers curate the themes of a free-text question: find candidates, rename, merge, split,
delete, add; assign every answer; correct an answer's themes and stance. Every action is audited."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.datastructures import FormData

from townhall.consult.access import database, reading_database, staff
from townhall.consult.analysis.masking import mask_personal_data
from townhall.consult.analysis.records import STANCES
from townhall.consult.analysis.themeset import (
    Theme,
    ThemeSet,
    add_theme,
    delete_theme,
    merge_themes,
    rename_theme,
    split_theme,
)
from townhall.consult.audit import record, record_separately
from townhall.consult.forms import all_values, read_form, text_values
from townhall.consult.models import Answer, Consultation, Question, User, utc_now
from townhall.consult.pages import render
from townhall.consult.routes.consultation_changes import changer, staff_consultation
from townhall.consult.rules.theme_curation import (
    LABEL_MAX,
    seed_terms,
    theme_key,
    theme_problems,
    topics_problem,
)
from townhall.consult.security.csrf import require_csrf
from townhall.consult.services import assignment_runs as runs
from townhall.consult.services import themes as service
from townhall.problems import InvalidInputError

router = APIRouter(prefix="/staff", dependencies=[Depends(require_csrf)])
BASE = "/staff/consultations/{consultation_id}/questions/{question_id}/themes"
PAGE_SIZE = 50
DEFAULT_THRESHOLD = 0.8


def _question(session: Session, consultation_id: int, question_id: int) -> Question:
    """A free-text question of the consultation, else 404."""
    consultation = staff_consultation(session, consultation_id)
    question = session.get(Question, question_id)
    if question is None or question.consultation_id != consultation.id or question.kind != "text":
        raise HTTPException(status_code=404, detail="There is no such free-text question.")
    return question


def _home(question: Question) -> str:
    return BASE.format(consultation_id=question.consultation_id, question_id=question.id)


def _back(question: Question) -> Response:
    return RedirectResponse(_home(question), status_code=303)


@router.get("/themes")
def themes_index(
    request: Request, user: User = Depends(staff), session: Session = Depends(database)
) -> Response:
    """Every consultation's free-text questions, each a way into its themes."""
    consultations = session.scalars(
        select(Consultation).order_by(Consultation.created_at.desc())
    ).all()
    rows = [
        (consultation, [q for q in consultation.questions if q.kind == "text"])
        for consultation in consultations
    ]
    return render(request, "themes/index.html", {"rows": rows})


def _page(
    request: Request,
    session: Session,
    question: Question,
    errors: Mapping[str, str] | None = None,
    values: Mapping[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The question's theme page: themes with quotes and counts, curation forms, stance counts."""
    themes = service.current_themes(session, question)
    stored = service.stored_theme_set(session, question)
    counts = service.theme_counts(session, question)
    masked = {
        theme.key: [mask_personal_data(quote).text for quote in theme.examples[:3]]
        for theme in (themes.themes if themes else [])
    }
    answers, duplicates = service.near_duplicates(session, question, DEFAULT_THRESHOLD)
    context = {
        "consultation": staff_consultation(session, question.consultation_id),
        "question": question,
        "themes": themes,
        "duplicate_groups": len(duplicates.groups),
        "in_groups": duplicates.answers_in_groups,
        "assigned_at": stored.assigned_at if stored else None,
        "run": runs.run_state(stored, utc_now()),
        "counts": counts,
        "quotes": masked,
        "stances": service.stance_counts(session, question),
        "stance_names": STANCES,
        "answer_total": len(answers),
        "errors": dict(errors or {}),
        "values": dict(values or {}),
        "home": _home(question),
        "label_max": LABEL_MAX,
        "curated": _curated_choices(request),
    }
    return render(request, "themes/question.html", context, status)


def _curated_choices(request: Request) -> list[tuple[str, str]]:
    """The curated theme sets officers may start from, as (form value, description)."""
    paths = request.app.state.settings.theme_sets
    return [(str(index), service.curated_description(path)) for index, path in enumerate(paths)]


@router.get("/consultations/{consultation_id}/questions/{question_id}/themes")
def theme_page(
    consultation_id: int,
    question_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """The themes of one free-text question."""
    return _page(request, session, _question(session, consultation_id, question_id))


def _apply(
    request: Request,
    session: Session,
    question: Question,
    user: User,
    action: str,
    change: Callable[[], ThemeSet],
    mapping: dict[str, str | None] | None,
    detail: str,
    unread: frozenset[str] = frozenset(),
) -> Response:
    """Make and store a curated theme set, audit the action, and go back to the theme page.

    A change the theme set cannot take (such as a 101st theme) is shown as an error instead.
    """
    try:
        changed = change()
    except InvalidInputError as error:
        message = "; ".join(f"expected {problem.expected}" for problem in error.problems)
        errors = {"themes-heading": f"That change cannot be made: {message}"}
        return _page(request, session, question, errors, status=400)
    service.save_themes(session, question, changed, mapping, unread)
    record(session, user, action, f"question {question.id}", detail)
    session.commit()
    return _back(question)


def _require_themes(session: Session, question: Question, key: str | None = None) -> ThemeSet:
    """The question's current themes (404 until some are found), holding `key` if one is given."""
    themes = service.current_themes(session, question)
    if themes is None:
        raise HTTPException(status_code=404, detail="Find candidate themes first.")
    if key is not None and key not in themes.keys:
        raise HTTPException(status_code=404, detail="There is no such theme.")
    return themes


@router.post("/consultations/{consultation_id}/questions/{question_id}/themes/candidates")
def find_candidates(
    consultation_id: int,
    question_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
    reading: Session = Depends(reading_database),
) -> Response:
    """Find candidate themes in the answers (replacing any theme set the question had); the
    search reads only, with the write lock released meanwhile, as in `assign`."""
    session.rollback()
    question = _question(reading, consultation_id, question_id)
    values = text_values(form, ("topics",))
    usable = len(service.question_answers(reading, question))
    if problem := topics_problem(values["topics"], usable):
        return _page(request, reading, question, {"topics": problem}, values, 400)
    try:
        themes = service.candidate_set(reading, question, int(values["topics"]))
    except InvalidInputError as error:
        message = "; ".join(f"expected {problem.expected}" for problem in error.problems)
        return _page(
            request, reading, question, {"topics": f"Cannot find themes: {message}"}, values, 400
        )
    reading.rollback()
    service.replace_themes(session, question, themes)
    record(
        session, user, "find candidate themes", f"question {question.id}", ", ".join(themes.keys)
    )
    session.commit()
    return _back(question)


@router.post("/consultations/{consultation_id}/questions/{question_id}/themes/curated")
def use_curated(
    consultation_id: int,
    question_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Start from a curated theme set (replacing any the question had): its themes, and its
    library of labelled answers to learn from beside the officers' corrections."""
    question = _question(session, consultation_id, question_id)
    values = text_values(form, ("theme_set",))
    paths = request.app.state.settings.theme_sets
    chosen = values["theme_set"]
    if not chosen.isdigit() or int(chosen) >= len(paths):
        errors = {"theme_set": "Select a curated theme set"}
        return _page(request, session, question, errors, values, 400)
    path = paths[int(chosen)]
    try:
        themes = service.use_curated(session, question, path)
    except InvalidInputError as error:  # the file changed or went since the service started
        problem = error.problems[0]
        errors = {
            "theme_set": f"That theme set cannot be read now ({problem}): ask your administrator"
        }
        return _page(request, session, question, errors, values, 400)
    detail = f"{path.name}: {', '.join(themes.keys)}; library of {len(themes.library)} files"
    record(session, user, "use a curated theme set", f"question {question.id}", detail)
    session.commit()
    return _back(question)


@router.post("/consultations/{consultation_id}/questions/{question_id}/themes/rename")
def rename(
    consultation_id: int,
    question_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Give a theme a new name (its key, and so every assignment, stays)."""
    question = _question(session, consultation_id, question_id)
    values = text_values(form, ("key", "label"))
    key = values["key"]
    themes = _require_themes(session, question, key)
    problems = {f"label-{key}": message for message in theme_problems(values).values()}
    if problems:
        return _page(request, session, question, problems, {f"label-{key}": values["label"]}, 400)
    old = themes.theme(key).label
    return _apply(
        request,
        session,
        question,
        user,
        "rename theme",
        lambda: rename_theme(themes, key, values["label"]),
        None,
        f"{key}: {old} -> {values['label']}",
    )


def _confirm_delete(
    request: Request, session: Session, question: Question, themes: ThemeSet, key: str
) -> Response:
    """Ask before deleting a theme, saying what happens to the answers that have it."""
    context = {
        "consultation": staff_consultation(session, question.consultation_id),
        "question": question,
        "theme": themes.theme(key),
        "answers": service.theme_counts(session, question).get(key, 0),
        "home": _home(question),
    }
    return render(request, "themes/delete.html", context)


@router.get("/consultations/{consultation_id}/questions/{question_id}/themes/delete")
def delete_form(
    consultation_id: int,
    key: str,
    question_id: int,
    request: Request,
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """The page that asks before a theme is deleted."""
    question = _question(session, consultation_id, question_id)
    themes = _require_themes(session, question, key)
    return _confirm_delete(request, session, question, themes, key)


@router.post("/consultations/{consultation_id}/questions/{question_id}/themes/delete")
def delete(
    consultation_id: int,
    question_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Delete a theme once confirmed (asking first otherwise); answers keep their text and lose
    only that theme."""
    question = _question(session, consultation_id, question_id)
    values = text_values(form, ("key", "confirm"))
    key = values["key"]
    themes = _require_themes(session, question, key)
    if values["confirm"] != "yes":
        return _confirm_delete(request, session, question, themes, key)
    if len(themes.keys) == 1:
        return _page(
            request,
            session,
            question,
            {
                "add-label": "A question keeps at least one theme: add another before deleting this one"
            },
            status=400,
        )
    return _apply(
        request,
        session,
        question,
        user,
        "delete theme",
        lambda: delete_theme(themes, key),
        {key: None},
        key,
    )


@router.post("/consultations/{consultation_id}/questions/{question_id}/themes/merge")
def merge(
    consultation_id: int,
    question_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Join two or more themes into one; corrections naming any of them now name the new one."""
    question = _question(session, consultation_id, question_id)
    themes = _require_themes(session, question)
    keys = [key for key in all_values(form).get("keys", []) if key in themes.keys]
    values = text_values(form, ("label",))
    problems = {f"merge-{name}": message for name, message in theme_problems(values).items()}
    if len(set(keys)) < 2:
        problems["merge-keys"] = "Select two or more themes to merge"
    if problems:
        return _page(request, session, question, problems, {"merge-label": values["label"]}, 400)
    remaining = [key for key in themes.keys if key not in keys]
    new_key = theme_key(values["label"], remaining)
    return _apply(
        request,
        session,
        question,
        user,
        "merge themes",
        lambda: merge_themes(themes, list(dict.fromkeys(keys)), new_key, values["label"]),
        dict.fromkeys(keys, new_key),
        f"{', '.join(keys)} -> {new_key}",
    )


@router.post("/consultations/{consultation_id}/questions/{question_id}/themes/add")
def add(
    consultation_id: int,
    question_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Add a theme the officer describes, with seed terms to find its answers."""
    question = _question(session, consultation_id, question_id)
    themes = _require_themes(session, question)
    values = text_values(form, ("label", "description", "seed_terms"))
    problems = {f"add-{name}": m for name, m in theme_problems(values, terms_required=True).items()}
    if problems:
        return _page(
            request, session, question, problems, {f"add-{k}": v for k, v in values.items()}, 400
        )
    theme = Theme(
        key=theme_key(values["label"], themes.keys),
        label=values["label"],
        description=values["description"],
        seed_terms=seed_terms(values["seed_terms"]),
    )
    return _apply(
        request,
        session,
        question,
        user,
        "add theme",
        lambda: add_theme(themes, theme),
        {},
        theme.key,
    )


@router.get("/consultations/{consultation_id}/questions/{question_id}/themes/split")
def split_form(
    consultation_id: int,
    question_id: int,
    key: str,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Form to split one theme into two named themes with seed terms."""
    question = _question(session, consultation_id, question_id)
    themes = _require_themes(session, question, key)
    return _split_page(request, session, question, themes.theme(key), {}, {})


def _split_page(
    request: Request,
    session: Session,
    question: Question,
    theme: Theme,
    values: Mapping[str, str],
    errors: Mapping[str, str],
    status: int = 200,
) -> Response:
    context = {
        "consultation": staff_consultation(session, question.consultation_id),
        "question": question,
        "theme": theme,
        "quotes": [mask_personal_data(quote).text for quote in theme.examples[:3]],
        "values": values,
        "errors": errors,
        "home": _home(question),
    }
    return render(request, "themes/split.html", context, status)


@router.post("/consultations/{consultation_id}/questions/{question_id}/themes/split")
def split(
    consultation_id: int,
    question_id: int,
    key: str,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Replace a theme by two narrower ones; answers corrected under it are read again."""
    question = _question(session, consultation_id, question_id)
    themes = _require_themes(session, question, key)
    names = [
        f"{part}{field}" for part in ("first_", "second_") for field in ("label", "seed_terms")
    ]
    values = text_values(form, names)
    errors = {
        **theme_problems(values, "first_", terms_required=True),
        **theme_problems(values, "second_", terms_required=True),
    }
    if not errors and values["first_label"].lower() == values["second_label"].lower():
        errors["second_label"] = "Give the two themes different names"
    if errors:
        return _split_page(request, session, question, themes.theme(key), values, errors, 400)
    taken = [k for k in themes.keys if k != key]
    first_key = theme_key(values["first_label"], taken)
    second_key = theme_key(values["second_label"], [*taken, first_key])
    parts = [
        Theme(
            key=first_key,
            label=values["first_label"],
            seed_terms=seed_terms(values["first_seed_terms"]),
        ),
        Theme(
            key=second_key,
            label=values["second_label"],
            seed_terms=seed_terms(values["second_seed_terms"]),
        ),
    ]
    return _apply(
        request,
        session,
        question,
        user,
        "split theme",
        lambda: split_theme(themes, key, parts),
        {},
        f"{key} -> {first_key}, {second_key}",
        frozenset({key}),
    )


@router.post("/consultations/{consultation_id}/questions/{question_id}/themes/assign")
def assign(
    consultation_id: int,
    question_id: int,
    request: Request,
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Begin assigning every answer to the themes (and reading its stance), learning from the
    corrections. The work runs once this response is sent, and the themes page shows its stage;
    asking while a run is under way starts no other."""
    question = _question(session, consultation_id, question_id)
    _require_themes(session, question)
    since = runs.begin_run(session, question)
    if since is None:
        return _back(question)
    record(session, user, "begin assigning themes", f"question {question.id}")
    session.commit()
    state = request.app.state
    work = BackgroundTask(
        runs.run_assignment, state.reader, state.writer, question.id, user.id, since
    )
    return RedirectResponse(_home(question), status_code=303, background=work)


@router.get("/consultations/{consultation_id}/questions/{question_id}/themes/answers")
def answers(
    consultation_id: int,
    question_id: int,
    request: Request,
    page: int = 1,
    theme: str = "",
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """The answers with their themes, confidence and stance, a page at a time (originals: staff only)."""
    question = _question(session, consultation_id, question_id)
    themes = _require_themes(session, question)
    chosen = theme if theme in themes.keys else None
    readings = service.answer_readings(session, question, chosen)
    pages = max(1, -(-len(readings) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    record_separately(
        request.app.state.writer,
        user,
        "view answers with themes",
        f"question {question.id}",
        chosen or "",
    )
    context = {
        "consultation": staff_consultation(session, consultation_id),
        "question": question,
        "themes": themes,
        "labels": {t.key: t.label for t in themes.themes},
        "readings": readings[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        "total": len(readings),
        "page": page,
        "pages": pages,
        "theme": chosen or "",
        "home": _home(question),
    }
    return render(request, "themes/answers.html", context)


def _answer(session: Session, question: Question, answer_id: int) -> Answer:
    answer = session.get(Answer, answer_id)
    if answer is None or answer.question_id != question.id or not (answer.text or "").strip():
        raise HTTPException(status_code=404, detail="There is no such answer.")
    return answer


def _correct_page(
    request: Request,
    session: Session,
    question: Question,
    answer: Answer,
    errors: Mapping[str, str],
    status: int = 200,
) -> Response:
    themes = _require_themes(session, question)
    reading = service.reading_of(session, answer)
    context = {
        "consultation": staff_consultation(session, question.consultation_id),
        "question": question,
        "answer": answer,
        "themes": themes,
        "selected": [key for key, _ in reading.themes],
        "stance": reading.stance,
        "stance_options": [(name, name.capitalize()) for name in STANCES],
        "errors": errors,
        "home": _home(question),
    }
    return render(request, "themes/correct.html", context, status)


@router.get("/consultations/{consultation_id}/questions/{question_id}/themes/answers/{answer_id}")
def correct_form(
    consultation_id: int,
    question_id: int,
    answer_id: int,
    request: Request,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Form to correct one answer's themes and stance."""
    question = _question(session, consultation_id, question_id)
    return _correct_page(request, session, question, _answer(session, question, answer_id), {})


@router.post("/consultations/{consultation_id}/questions/{question_id}/themes/answers/{answer_id}")
def correct(
    consultation_id: int,
    question_id: int,
    answer_id: int,
    request: Request,
    form: FormData = Depends(read_form),
    user: User = Depends(changer),
    session: Session = Depends(database),
) -> Response:
    """Keep the officer's reading of the answer: it stands now and trains the next assignment."""
    question = _question(session, consultation_id, question_id)
    answer = _answer(session, question, answer_id)
    themes = _require_themes(session, question)
    chosen = all_values(form).get("themes", [])
    stance = text_values(form, ("stance",))["stance"]
    errors = {}
    if any(key not in themes.keys for key in chosen):
        errors["themes"] = "Choose themes from the list"
    if stance not in STANCES:
        errors["stance"] = "Choose the answer's stance toward the proposal"
    if errors:
        return _correct_page(request, session, question, answer, errors, 400)
    stance_value = next(s for s in STANCES if s == stance)
    service.save_correction(session, answer, chosen, stance_value, user)
    record(
        session,
        user,
        "correct answer themes",
        f"answer {answer.id}",
        f"themes: {';'.join(sorted(set(chosen))) or '(none)'}; stance: {stance}",
    )
    session.commit()
    return RedirectResponse(f"{_home(question)}/answers", status_code=303)


@router.get("/consultations/{consultation_id}/questions/{question_id}/themes/campaigns")
def campaigns(
    consultation_id: int,
    question_id: int,
    request: Request,
    threshold: float = DEFAULT_THRESHOLD,
    user: User = Depends(staff),
    session: Session = Depends(database),
) -> Response:
    """Groups of identical or nearly identical answers (campaigns, copy and paste), never removed."""
    question = _question(session, consultation_id, question_id)
    error = None
    if not 0.5 <= threshold <= 1.0:
        error, threshold = "Similarity must be between 0.5 and 1", DEFAULT_THRESHOLD
    answers, found = service.near_duplicates(session, question, threshold)
    record_separately(
        request.app.state.writer,
        user,
        "view campaigns",
        f"question {question.id}",
        f"similarity {threshold}",
    )
    context = {
        "consultation": staff_consultation(session, consultation_id),
        "question": question,
        "threshold": threshold,
        "error": error,
        "total": len(answers),
        "groups": found.groups,
        "in_groups": found.answers_in_groups,
        "home": _home(question),
    }
    return render(request, "themes/campaigns.html", context, 400 if error else 200)
