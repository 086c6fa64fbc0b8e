"""Accessibility checks run in the page: labels, headings, contrast, keyboard focus."""

from __future__ import annotations

from typing import Any

# Runs in the browser: every problem found on the page, as text.
_AUDIT = """
() => {
  const problems = [];
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  for (const input of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    const labelled = (input.id && document.querySelector(`label[for="${input.id}"]`)) ||
      input.closest('label') || input.getAttribute('aria-label') || input.getAttribute('aria-labelledby');
    if (!labelled) problems.push(`no label: ${input.outerHTML.slice(0, 80)}`);
  }
  const h1s = document.querySelectorAll('h1');
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements`);
  let previous = 0;
  for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Number(heading.tagName[1]);
    if (previous && level > previous + 1) problems.push(`heading skips from h${previous} to h${level}: ${heading.textContent.trim().slice(0, 40)}`);
    previous = level;
  }
  if (!document.documentElement.lang) problems.push('no lang on html');
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const luminance = (rgb) => 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
  const parse = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || (colour.length === 4 && colour[3] > 0.5)) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !visible(el) || el.closest('.visually-hidden, .skip-link')) continue;
    const fg = parse(getComputedStyle(el).color).slice(0, 3);
    const [a, b] = [luminance(fg), luminance(background(el))].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(getComputedStyle(el).fontSize);
    const bold = Number(getComputedStyle(el).fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) problems.push(`contrast ${ratio.toFixed(2)} < ${needed}: ${el.textContent.trim().slice(0, 40)}`);
  }
  return problems;
}
"""


def page_problems(page: Any) -> list[str]:
    """Label, heading, language and contrast problems on the page now shown."""
    problems: list[str] = page.evaluate(_AUDIT)
    return problems


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
