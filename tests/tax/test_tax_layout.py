"""`tax/` is laid out in rooms whose imports all point down, with no import circle.

Ground: bands and money; then claims; then rules; then impact and synthetic caseloads; then the
optimiser and national runs. A module may import its own room or any room below it, never above.
"""

from __future__ import annotations

import ast
from pathlib import Path

import townhall.tax

TAX = Path(townhall.tax.__file__).parent
RANK = {
    "bands": 0,
    "money": 0,
    "claims": 1,
    "rules": 2,
    "impact": 3,
    "synthetic": 3,
    "authorities": 3,
    "optimise": 4,
    "national": 4,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(TAX).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each module under tax/ and the tax modules it imports (lazy imports included)."""
    graph: dict[str, set[str]] = {}
    for path in TAX.rglob("*.py"):
        name = _module_name(path)
        graph[name] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("townhall.tax."):
                graph[name].add(str(node.module).removeprefix("townhall.tax."))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("townhall.tax."):
                        graph[name].add(alias.name.removeprefix("townhall.tax."))
    return graph


def _room(module: str) -> str:
    return module.split(".")[0]


def test_every_module_sits_in_a_named_room() -> None:
    rooms = {_room(name) for name in _imports() if name}
    assert rooms <= set(RANK), f"modules outside the rooms: {sorted(rooms - set(RANK))}"


def test_no_module_imports_a_room_above_its_own() -> None:
    upward = [
        f"{importer} imports {imported}"
        for importer, targets in _imports().items()
        if importer
        for imported in targets
        if RANK[_room(imported)] > RANK[_room(importer)]
    ]
    assert upward == []


def test_no_import_circle() -> None:
    graph = _imports()
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in visiting, " → ".join((*path, module))
        if module in done or module not in graph:
            return
        visiting.add(module)
        for target in graph[module]:
            visit(target, (*path, module))
        visiting.discard(module)
        done.add(module)

    for module in graph:
        visit(module, ())
