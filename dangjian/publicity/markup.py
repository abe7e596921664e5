"""An article's text as HTML: plain text with a little markdown, every character the author typed escaped first,
so no tag, attribute or script of theirs can reach the page. What it understands, line by line:

    ## heading          → <h2>   (### → <h3>), sized below the page's title
    - item / * item     → a bulleted list
    1. item             → a numbered list
    > quote             → <blockquote>
    blank line          → a new paragraph; a single line break stays a <br>
    **bold**            → <strong>

No links and no images: a URL an author types stays text (nothing to click, no javascript: to smuggle in)."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBER = re.compile(r"^\d+[.、)]\s*(.*)$")


def _inline(text: str) -> str:
    """One line's text: escaped, then **bold** (the asterisks survive escaping unchanged)."""
    return _BOLD.sub(r"<strong>\1</strong>", escape(text))


def _kind(line: str) -> str:
    text = line.strip()
    if text.startswith("#"):
        return "heading"
    if _BULLET.match(text):
        return "ul"
    if _NUMBER.match(text):
        return "ol"
    if text.startswith(">"):
        return "quote"
    return "p"


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Runs of lines of one kind: a blank line ends a run, a heading is a run of its own, and a list, a quote or a
    paragraph starts where the kind of line changes."""
    blocks: list[tuple[str, list[str]]] = []
    current: list[str] = []
    kind = ""
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        this = _kind(line) if line.strip() else ""
        if current and (not this or this != kind or this == "heading"):
            blocks.append((kind, current))
            current = []
        if this:
            current.append(line.rstrip())
            kind = this
    if current:
        blocks.append((kind, current))
    return blocks


def _block(kind: str, lines: list[str]) -> str:
    if kind == "heading":
        first = lines[0].strip()
        level = 3 if first.startswith("###") else 2
        return f"<h{level} class='h{level + 3}'>{_inline(first.lstrip('#').strip())}</h{level}>"
    if kind in ("ul", "ol"):
        pattern = _BULLET if kind == "ul" else _NUMBER
        items = "".join(f"<li>{_inline(pattern.match(line.strip()).group(1))}</li>" for line in lines)
        return f"<{kind}>{items}</{kind}>"
    if kind == "quote":
        inner = "<br>".join(_inline(line.lstrip()[1:].strip()) for line in lines)
        return f"<blockquote class='blockquote fs-6 border-start ps-3'>{inner}</blockquote>"
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def render(text: str) -> SafeString:
    """The article's text as safe HTML (see the module docstring)."""
    return mark_safe("\n".join(_block(kind, lines) for kind, lines in _blocks(text or "")))  # noqa: S308 (every input escaped)
