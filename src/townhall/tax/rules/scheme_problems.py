"""What is wrong with a scheme file, said in a scheme writer's words: a figure without its source, a
bare number where a sourced figure belongs, a misspelt key with the nearest known one."""

from __future__ import annotations

import difflib
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from townhall.problems import Problem, problems_from_validation

SOURCED_FIGURE = (
    'a sourced figure, { value = ..., source = "the document, its year, page or paragraph" }'
)


def scheme_problems(error: ValidationError, source: str, root: type[BaseModel]) -> list[Problem]:
    """Every validation error of a scheme (whose model is `root`) as a Problem naming its key
    path, with what a scheme writer should put there."""
    problems = problems_from_validation(error, source)
    return [
        _reworded(problem, detail, root)
        for problem, detail in zip(problems, error.errors(), strict=True)
    ]


def _reworded(problem: Problem, detail: Any, root: type[BaseModel]) -> Problem:
    path = tuple(detail["loc"])
    kind = detail["type"]
    expected = problem.expected
    if kind == "missing" and path and path[-1] == "source":
        expected = "its source: where the figure comes from (document, year, page or paragraph)"
    elif kind in ("model_type", "dict_type") and _is_sourced(_model_at(root, path)):
        expected = SOURCED_FIGURE + ", not a bare value"
    elif kind == "model_type":
        expected = "a table of figures (see a bundled scheme for its keys)"
    elif kind == "extra_forbidden":
        expected = _unknown_key(root, path)
    return Problem(problem.source, problem.field, problem.value, expected, problem.row)


def _unknown_key(root: type[BaseModel], path: tuple[Any, ...]) -> str:
    """No such key here: the nearest known one, or every key the table takes."""
    parent = _model_at(root, path[:-1])
    if parent is None:
        return "no such field: check its spelling"
    known = list(parent.model_fields)
    near = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.6)
    where = ".".join(str(part) for part in path[:-1]) or "the scheme"
    if near:
        return f"no such field in {where} (check its spelling): did you mean {near[0]}?"
    return f"no such field in {where} (check its spelling); it takes {', '.join(known)}"


def _is_sourced(model: type[BaseModel] | None) -> bool:
    return model is not None and {"value", "source"} <= set(model.model_fields)


def _model_at(root: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class at a key path of `root`'s data, or None where the path leads to no model."""
    current: Any = root
    for part in path:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current = _model_in(field.annotation)
        elif get_origin(current) in (list, tuple) and isinstance(part, int):
            current = _model_in(get_args(current)[0])
        elif get_origin(current) is dict:
            current = _model_in(get_args(current)[1])
        else:
            return None
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _model_in(annotation: Any) -> Any:
    """The annotation without Annotated and None: a model class, a list or dict type, or None."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _model_in(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            if arg is not type(None):
                found = _model_in(arg)
                if found is not None:
                    return found
        return None
    if origin in (list, tuple, dict):
        return annotation
    return (
        annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    )
