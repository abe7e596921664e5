"""Words the interface needs that no page names on its own, and the language stored texts are written in.

Django's forms put `gettext(":")` after every field label, and Django ships no Chinese for it: listed here so the
root catalogue carries the full-width colon (类别： not 类别:).

A text the system writes into a record for everyone to read later (an assessment line's explanation, a points reason, a
default criterion's name) is written in the site's language (LANGUAGE_CODE), not in the language of whoever happened
to cause it: an office clerk reading English must not leave English sentences on every branch's sheet.
"""

from contextlib import AbstractContextManager

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

LABEL_SUFFIX = gettext_noop(":")


def in_site_language() -> AbstractContextManager:
    """`with in_site_language():` around code that writes texts into records (see the module's docstring)."""
    return translation.override(settings.LANGUAGE_CODE)


def site_text(text) -> str:
    """`text` (a lazy translation, e.g. a model's verbose name) as a string in the site's language."""
    with in_site_language():
        return str(text)
