"""docs/python.md's examples run as written: each ```pycon block is a doctest, in one namespace,
from the repository's top folder. Also: `import townhall.tax` stays light."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs/python.md"


def test_the_python_docs_examples_give_the_output_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```pycon\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 6
    parser = doctest.DocTestParser()
    test = parser.get_doctest("\n".join(blocks), {}, "docs/python.md", str(DOC), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    # `import townhall.tax as tax` is the document's first code block (plain Python).
    exec("import townhall.tax as tax", test.globs)
    report: list[str] = []
    outcome = runner.run(test, out=report.append)
    assert outcome.failed == 0, "".join(report)
    assert outcome.attempted > 15


def test_importing_the_api_loads_nothing_else() -> None:
    code = (
        "import sys, townhall.tax as tax\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('polars', 'numpy', 'pydantic')]\n"
        "inner = [m for m in sys.modules if m.startswith('townhall.tax.')]\n"
        "print(heavy, inner)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[] []"


def test_the_api_names_are_typed_and_documented() -> None:
    import townhall.tax as tax

    for name in tax.__all__:
        item = getattr(tax, name)
        assert item.__doc__, name
        if callable(item) and not isinstance(item, type):
            assert "return" in item.__annotations__, name
