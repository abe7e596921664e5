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


def _blocks(text: str) -> list[list[str]]:
    blocks, current = [], []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _block(lines: list[str]) -> str:
    first = lines[0].lstrip()
    if len(lines) == 1 and first.startswith("#"):
        level = 3 if first.startswith("###") else 2
        return f"<h{level} class='h{level + 3}'>{_inline(first.lstrip('#').strip())}</h{level}>"
    if all(_BULLET.match(line.strip()) for line in lines):
        items = "".join(f"<li>{_inline(_BULLET.match(line.strip()).group(1))}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    if all(_NUMBER.match(line.strip()) for line in lines):
        items = "".join(f"<li>{_inline(_NUMBER.match(line.strip()).group(1))}</li>" for line in lines)
        return f"<ol>{items}</ol>"
    if all(line.lstrip().startswith(">") for line in lines):
        inner = "<br>".join(_inline(line.lstrip()[1:].strip()) for line in lines)
        return f"<blockquote class='blockquote fs-6 border-start ps-3'>{inner}</blockquote>"
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def render(text: str) -> SafeString:
    """The article's text as safe HTML (see the module docstring)."""
    return mark_safe("\n".join(_block(lines) for lines in _blocks(text or "")))  # noqa: S308 (every input escaped)
