"""Minutes are rich text typed (or pasted from Word) by users and shown on pages and in the PDF: only an allow-list of
formatting tags survives, with no attributes but links' href (http, https, mailto) — no scripts, styles or events."""

from __future__ import annotations

import nh3

TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h3", "h4", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a",
}  # fmt: skip
ATTRIBUTES = {"a": {"href"}}


def clean_html(text: str) -> str:
    """The sanitised HTML of `text` (plain text is kept as it is, with its characters escaped)."""
    return nh3.clean(text or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"}).strip()
