"""Words the interface needs that no page names on its own.

Django's forms put `gettext(":")` after every field label, and Django ships no Chinese for it: listed here so the
root catalogue carries the full-width colon (类别： not 类别:).
"""

from django.utils.translation import gettext_noop

LABEL_SUFFIX = gettext_noop(":")
