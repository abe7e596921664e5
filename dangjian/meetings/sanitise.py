"""Minutes are rich text typed (or pasted from Word) by users and shown on pages and in the PDF: only an allow-list of
formatting tags survives, with no attributes but links' href (http, https, mailto) — no scripts, styles or events."""

from __future__ import annotations

import nh3
from django.utils.html import linebreaks

TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h3", "h4", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a",
}  # fmt: skip
ATTRIBUTES = {"a": {"href"}}


def clean_html(text: str) -> str:
    """The sanitised HTML of `text`; plain text (no tag at all) becomes escaped paragraphs, line breaks kept."""
    text = text or ""
    if "<" not in text:
        return linebreaks(text, autoescape=True) if text.strip() else ""
    return nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"}).strip()
