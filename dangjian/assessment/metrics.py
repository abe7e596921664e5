"""The registry of automatic metrics an assessment item can read instead of being typed (最多报一次).

A metric computes a 0–1 rate for an org's subtree over a date range and says how it got it:

    from dangjian.assessment.metrics import MetricResult, register
    register("meeting_compliance", _("Meeting compliance"), lambda org, start, end: MetricResult(rate, sentence))

`compute(org, start, end)` returns MetricResult(value=Decimal 0–1 or None when nothing was due, explanation=a
translated sentence). This app registers its own metrics (`builtin_metrics.py`); the other capabilities' metrics
are registered by the lead after merging. An item whose source code is KNOWN but not registered says "no data source
yet" and is scored by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

REVIEW_ON_TIME = "review_on_time"
KEYTASK_ON_TIME = "keytask_on_time"
MEETING_COMPLIANCE = "meeting_compliance"
SLA_RATE = "sla_rate"
POINTS_ACTIVITY = "points_activity"

# The codes an item may name, with a label, whether or not a provider is registered yet.
KNOWN = {
    MEETING_COMPLIANCE: _("Meeting compliance rate (三会一课)"),
    REVIEW_ON_TIME: _("Monthly project reviews submitted on time"),
    SLA_RATE: _("Service requests handled within the deadline"),
    POINTS_ACTIVITY: _("Share of members with points activity"),
    KEYTASK_ON_TIME: _("Key tasks closed on time"),
}


@dataclass(frozen=True)
class MetricResult:
    """A rate in 0–1 (None when nothing was due in the range) and how it was computed."""

    value: Decimal | None
    explanation: str


@dataclass(frozen=True)
class Metric:
    code: str
    label: object
    compute: Callable[..., MetricResult]


_REGISTRY: dict[str, Metric] = {}


def register(code: str, label, compute: Callable[..., MetricResult]) -> Metric:
    """Register (or replace) the metric `code`: compute(org, start, end) -> MetricResult."""
    metric = Metric(code, label, compute)
    _REGISTRY[code] = metric
    KNOWN.setdefault(code, label)
    return metric


def unregister(code: str) -> None:
    _REGISTRY.pop(code, None)


def get(code: str) -> Metric | None:
    return _REGISTRY.get(code)


def registered() -> list[Metric]:
    return list(_REGISTRY.values())


def label(code: str) -> str:
    return str(KNOWN.get(code, code))


def choices() -> list[tuple[str, str]]:
    """(code, label) of every known source, for forms and the import's explanation sheet."""
    return [(code, str(name)) for code, name in KNOWN.items()]


def compute(code: str, org, start: dt.date, end: dt.date) -> MetricResult | None:
    """The metric's result, or None when no provider is registered for `code`."""
    metric = get(code)
    if metric is None:
        return None
    return metric.compute(org, start, end)
