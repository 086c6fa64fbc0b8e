"""The simple Markdown officers write in a proposal and its alternatives: paragraphs (a blank line
between), lists ("- " or "1. " lines) and links ([words](https://…), or a bare web or e-mail
address). Rendered safely by markdown-it-py with raw HTML off, so typed tags show as text; only
http, https and mailto links are made. The same reading gives the report its paragraphs and lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

_BARE = re.compile(
    r"(?<![<(\[\w@/])(https?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?<![.]))"
)
_SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)


def _parser() -> MarkdownIt:
    parser = MarkdownIt("zero", {"html": False, "breaks": True})
    parser.enable(["list", "emphasis", "link", "autolink", "newline"])
    parser.validateLink = lambda url: _SAFE_LINK.match(url) is not None  # type: ignore[method-assign]
    return parser


_PARSER = _parser()
_PAGE_PARSER = _parser().enable(["heading"])


def _with_autolinks(text: str) -> str:
    """Bare web and e-mail addresses wrapped so markdown-it makes them links."""
    return _BARE.sub(lambda match: f"<{match.group(0)}>", text)


def markdown_html(text: str) -> Markup:
    """The text as safe HTML: paragraphs, lists, emphasis and links; any HTML typed is escaped."""
    return Markup(_PARSER.render(_with_autolinks(text)))  # noqa: S704 - markdown-it escapes


def markdown_page_html(text: str) -> Markup:
    """A whole page an administrator wrote (the privacy notice, say): as `markdown_html`, with
    headings too ("## Your rights"), a "#" heading shown as a second level one (the page's
    title is its only first level heading)."""
    tokens = _PAGE_PARSER.parse(_with_autolinks(text))
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"
    return Markup(_PAGE_PARSER.renderer.render(tokens, _PAGE_PARSER.options, {}))  # noqa: S704


# A UK phone number as people write it: 0121 496 0000, (0121) 496 0000, +44 121 496 0000.
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?|0)(?:\(?\d[\d()]*\)?[ -]?){8,12}\d\b")
_EMAIL = re.compile(r"(?<![\w.+&-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?<![.])")


def contact_html(text: str) -> Markup:
    """Contact details, one item a line, with e-mail addresses as mailto: links and phone
    numbers as tel: links (so a phone can call them); everything else escaped."""

    def linked(line: str) -> str:
        pieces: list[str] = []
        end = 0
        for found in sorted(
            [*_EMAIL.finditer(line), *_PHONE.finditer(line)], key=lambda m: m.start()
        ):
            if found.start() < end:
                continue
            pieces.append(str(escape(line[end : found.start()])))
            shown = found.group(0)
            if "@" in shown:
                pieces.append(f'<a href="mailto:{escape(shown)}">{escape(shown)}</a>')
            else:
                number = shown.replace("(0)", "") if shown.startswith("+") else shown
                digits = "".join(c for c in number if c.isdigit() or c == "+")
                pieces.append(f'<a href="tel:{digits}">{escape(shown)}</a>')
            end = found.end()
        pieces.append(str(escape(line[end:])))
        return "".join(pieces)

    return Markup("<br>".join(linked(line) for line in text.splitlines()))  # noqa: S704


@dataclass(frozen=True)
class TextBlock:
    """A paragraph (`items` empty) or a list (`text` empty) as plain text, links as
    "words (address)"."""

    text: str = ""
    items: tuple[str, ...] = ()


def plain_blocks(text: str) -> list[TextBlock]:
    """The text's paragraphs and lists as plain text, for the report and e-mails."""
    tokens = _PARSER.parse(_with_autolinks(text))
    blocks: list[TextBlock] = []
    items: list[str] = []
    depth = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                blocks.append(TextBlock(items=tuple(items)))
                items = []
        elif token.type == "inline":
            words = _inline_text(token.children or [])
            if depth:
                items.append(words)
            elif words:
                blocks.append(TextBlock(text=words))
    return blocks


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    href = ""
    shown: list[str] = []
    for child in children:
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            shown = []
        elif child.type == "link_close":
            words = "".join(shown)
            address = href.removeprefix("mailto:")
            parts.append(words if words == address else f"{words} ({address})")
            href = ""
        elif child.type in ("softbreak", "hardbreak"):
            (shown if href else parts).append(" ")
        elif child.type in ("text", "code_inline"):
            (shown if href else parts).append(child.content)
    return "".join(parts).strip()
