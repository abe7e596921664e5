"""The dimensions of the colour map (五色地图): what each one measures, its default thresholds and the grades.

Every dimension is a share or a score on 0–100 where higher is better, so one rule grades them all: at or above the
green threshold green, then yellow, then orange, below that red; grey when there is nothing to grade (no data, or no
thresholds set yet for the company).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PRODUCTION = "production"
SAFETY = "safety"
PROJECTS = "projects"
MEETINGS = "meetings"
CONCERNS = "concerns"
ASSESSMENT = "assessment"

CHOICES = [
    (PRODUCTION, _("Production")),
    (SAFETY, _("Safety")),
    (PROJECTS, _("Project progress")),
    (MEETINGS, _("Meeting compliance")),
    (CONCERNS, _("Concerns handled on time")),
    (ASSESSMENT, _("Branch assessment")),
]
CODES = [code for code, _label in CHOICES]
LABELS = dict(CHOICES)

# What each dimension's number is, for the page's legend.
EXPLAINED = {
    PRODUCTION: _("Last month's production score (0–100) of the teams the branch covers (value accounting)."),
    SAFETY: _("Share of the safety indicators that met their target last month on the units the branch covers."),
    PROJECTS: _("Share of the branch's running 党建+X projects that are on track (green)."),
    MEETINGS: _("Meetings held ÷ meetings expected this year (三会一课 and the other rules)."),
    CONCERNS: _("Share of the concerns due this year that were resolved by their deadline."),
    ASSESSMENT: _("Last month's branch assessment total (0–100)."),
}

# (green from, yellow from, orange from): the defaults 党群工作部 loads in one click and then adjusts.
DEFAULTS: dict[str, tuple[Decimal, Decimal, Decimal]] = {
    PRODUCTION: (Decimal(90), Decimal(80), Decimal(60)),
    SAFETY: (Decimal(100), Decimal(90), Decimal(75)),
    PROJECTS: (Decimal(80), Decimal(60), Decimal(40)),
    MEETINGS: (Decimal(95), Decimal(85), Decimal(70)),
    CONCERNS: (Decimal(95), Decimal(85), Decimal(70)),
    ASSESSMENT: (Decimal(90), Decimal(80), Decimal(70)),
}

GREEN, YELLOW, ORANGE, RED, GREY = "green", "yellow", "orange", "red", "grey"
GRADE_LABELS = {
    GREEN: pgettext_lazy("colour map", "green"),
    YELLOW: pgettext_lazy("colour map", "yellow"),
    ORANGE: pgettext_lazy("colour map", "orange"),
    RED: pgettext_lazy("colour map", "red"),
    GREY: pgettext_lazy("colour map", "no data"),
}


def grade(value: Decimal | None, limits: tuple[Decimal, Decimal, Decimal] | None) -> str:
    """The colour of `value` against (green from, yellow from, orange from); grey without a value or thresholds."""
    if value is None or limits is None:
        return GREY
    green, yellow, orange = limits
    if value >= green:
        return GREEN
    if value >= yellow:
        return YELLOW
    if value >= orange:
        return ORANGE
    return RED
