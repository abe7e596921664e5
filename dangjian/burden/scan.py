"""Finding the input forms in a rendered page, their fields and what they were pre-filled with, and stamping the
meter's token into them. Plain regular expressions over the HTML the site itself renders (Django widgets and the
apps' templates): a page is scanned only when it has a POST form, and a form counts only when it has a field a person
can fill in (a button-only form — sign out, mark read, approve — is a click, not input)."""

from __future__ import annotations

import hashlib
import html
import re

FIELD = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.I)
OPTION = re.compile(r"<option\b([^>]*)>", re.I)
ATTR = re.compile(r"""([\w:.-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
POST = re.compile(r"""method\s*=\s*["']?post""", re.I)
# A field a person fills in, found without parsing (the quick test on the raw bytes of every page with a POST form).
INPUTISH = re.compile(rb"""<(?:select|textarea)\b|<input\b(?![^>]*type=["']?(?:hidden|submit|button|reset|image)\b)""")
NOT_INPUT = frozenset({"hidden", "submit", "button", "reset", "image"})
TOKEN_FIELD = "_burden"
SKIP_NAMES = frozenset({"csrfmiddlewaretoken", TOKEN_FIELD})


def attrs(text: str) -> dict[str, str]:
    out = {}
    for name, dq, sq, bare in ATTR.findall(text):
        out[name.lower()] = html.unescape(dq or sq or bare or "")
    return out


def digest(value: str) -> str:
    """A short hash of a value: enough to tell "sent back unchanged" and "the same value twice", never the value."""
    return hashlib.blake2b(value.encode(), digest_size=6).hexdigest()


def joined(values) -> str:
    return "\x1f".join(sorted(v for v in values if v != ""))


def _fields(body: str) -> tuple[list[str], dict[str, str]]:
    """The names of a form's input fields (in order) and the pre-filled values of those that had one."""
    names: list[str] = []
    filled: dict[str, list[str]] = {}
    for match in FIELD.finditer(body):
        tag, found = match.group(1).lower(), attrs(match.group(2))
        name = found.get("name")
        kind = found.get("type", "text").lower() if tag == "input" else tag
        if not name or name in SKIP_NAMES or kind in NOT_INPUT or "disabled" in found:
            continue
        if name not in names:
            names.append(name)
        if kind in ("checkbox", "radio"):
            if "checked" in found:
                filled.setdefault(name, []).append(found.get("value", "on"))
        elif tag == "select":
            end = body.find("</select>", match.end())
            for option in OPTION.finditer(body, match.end(), end if end >= 0 else len(body)):
                option_attrs = attrs(option.group(1))
                if "selected" in option_attrs:
                    filled.setdefault(name, []).append(option_attrs.get("value", ""))
        elif tag == "textarea":
            end = body.find("</textarea>", match.end())
            text = html.unescape(body[match.end() : end if end >= 0 else match.end()]).strip()
            filled.setdefault(name, []).append(text)
        elif kind != "file":
            filled.setdefault(name, []).append(found.get("value", ""))
    prefill = {name: digest(joined(values)) for name, values in filled.items() if joined(values)}
    return names, prefill


def _forms(page, open_tag, close_tag):
    """(start of the opening tag, end of it, start of the closing tag) of each POST form, by plain finds."""
    at = 0
    while True:
        start = page.find(open_tag, at)
        if start < 0:
            return
        head = page.find(close_tag[-1:], start)
        end = page.find(close_tag, head)
        if head < 0 or end < 0:
            return
        if POST.search(page[start:head]) if isinstance(page, str) else b'method="post"' in page[start:head]:
            yield start, head + 1, end
        at = end


def has_input_form(content: bytes) -> bool:
    """Does the page hold a POST form with a field to fill in? The cheap test every HTML page gets (no decoding)."""
    return any(INPUTISH.search(content, body, end) for _start, body, end in _forms(content, b"<form", b"</form>"))


def input_forms(page: str) -> list[tuple[int, list[str], dict[str, str]]]:
    """(where the form's opening tag ends, field names, pre-filled hashes) for each POST form with input fields."""
    found = []
    for _start, body, end in _forms(page, "<form", "</form>"):
        names, prefill = _fields(page[body:end])
        if names:
            found.append((body, names, prefill))
    return found


def stamp(page: str, tokens: list[tuple[int, str]]) -> str:
    """The page with a hidden token input right after each named form's opening tag."""
    parts, last = [], 0
    for at, token in tokens:
        parts.append(page[last:at])
        parts.append(f'<input type="hidden" name="{TOKEN_FIELD}" value="{html.escape(token)}">')
        last = at
    parts.append(page[last:])
    return "".join(parts)
