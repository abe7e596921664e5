"""What a forum presentation's result can be linked to (where the result lives): at most one of these, each a
nullable link on `Presentation` named by the kind's code. The API names the kind (`result_kind`), the pages and
the export show the linked record's label."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# code (the field on Presentation) -> label
KINDS = {
    "project": _("党建+X project"),
    "challenge": _("open challenge"),
    "drill": _("drill session"),
}


def kind_of(presentation) -> str:
    """The kind the presentation's result is linked to, or "" when it is not linked."""
    return next((code for code in KINDS if getattr(presentation, f"{code}_id", None)), "")


def label_of(presentation) -> str:
    """The linked record as the pages and the export name it: a project's code, a challenge's or drill's title."""
    kind = kind_of(presentation)
    if kind == "project":
        return presentation.project.code
    if kind == "challenge":
        return presentation.challenge.title
    if kind == "drill":
        drill = presentation.drill
        return f"{drill.held_on:%Y-%m-%d} {drill.topic}"
    return ""
