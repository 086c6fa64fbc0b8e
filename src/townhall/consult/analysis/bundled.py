"""Where the bundled labelled answers are (a light module: the command line's defaults need only
the paths, not the analysis libraries)."""

from __future__ import annotations

from pathlib import Path

LABELLED = Path(__file__).resolve().parents[4] / "tests" / "data" / "consult"
"""The labelled Council Tax Support answers in a source checkout: the bundled theme set, its
library and the held-out sets (LABELLING.md there says who wrote each set)."""

CTS_THEME_SET = LABELLED / "cts-themes.toml"
"""The curated theme set of the CTS consultation question, naming its training library."""
