"""Accessibility checks run in the page: axe-core's WCAG 2.0 and 2.1 A and AA rules, the heading
checks those rules leave out, and keyboard focus."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
TARGETS_SHOWN = 3

# Runs in the browser: axe's violations of the given tags' rules, as plain objects.
_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return results.violations.map((rule) => ({
    id: rule.id,
    impact: rule.impact,
    help: rule.help,
    targets: rule.nodes.map((node) => node.target.join(' ')),
  }));
}
"""

# Runs in the browser: exactly one h1 and no skipped heading level, which axe leaves to its
# best-practice rules (page-has-heading-one, heading-order) rather than to WCAG's.
_HEADINGS = """
() => {
  const problems = [];
  const h1s = document.querySelectorAll('h1');
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements`);
  let previous = 0;
  for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Number(heading.tagName[1]);
    if (previous && level > previous + 1) problems.push(`heading skips from h${previous} to h${level}: ${heading.textContent.trim().slice(0, 40)}`);
    previous = level;
  }
  return problems;
}
"""


@cache
def _axe_source() -> str:
    """axe-core as installed from the npm registry by `npm ci` (never committed)."""
    if not AXE.is_file():
        pytest.fail(
            f"{AXE} is missing: run `bash scripts/test` (or `npm ci` in the repository root) "
            "to install axe-core for the accessibility checks.",
            pytrace=False,
        )
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page now shown, one line per rule."""
    # Evaluated through the DevTools protocol, which the page's CSP (no scripts) does not block,
    # so the page is audited under its real policy.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE, list(WCAG_TAGS))
    lines = []
    for rule in violations:
        targets = rule["targets"]
        shown = ", ".join(targets[:TARGETS_SHOWN])
        more = f" and {len(targets) - TARGETS_SHOWN} more" if len(targets) > TARGETS_SHOWN else ""
        lines.append(f"axe {rule['id']} ({rule['impact']}): {rule['help']}: {shown}{more}")
    return lines


def page_problems(page: Any) -> list[str]:
    """axe-core's violations and heading problems on the page now shown."""
    headings: list[str] = page.evaluate(_HEADINGS)
    return axe_violations(page) + headings


def tab_reaches(page: Any, selector: str, presses: int = 80) -> bool:
    """True if pressing Tab from the top reaches the element, with a visible focus style."""
    page.locator("body").focus()
    target = page.locator(selector).first.element_handle()
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(target) => document.activeElement === target", target):
            style = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor].join(' '); }"
            )
            return "none 0px none" not in style or "rgb(255, 221, 0)" in style
    return False
