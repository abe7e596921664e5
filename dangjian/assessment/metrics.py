"""The registry of automatic metrics an assessment item can read instead of being typed (最多报一次).

A metric computes a 0–1 rate for an org's subtree over a date range and says how it got it:

    from dangjian.assessment.metrics import MetricResult, register
    register("meeting_compliance", _("Meeting compliance"), lambda org, start, end: MetricResult(rate, sentence))

`compute(org, start, end)` returns MetricResult(value=Decimal 0–1 or None when nothing was due, explanation=a
translated sentence), counted from the company's go-live date and never before (see `compute`, the one place that
rule is applied for every provider). This app registers its own metrics (`builtin_metrics.py`); the other
capabilities' metrics are registered by the lead after merging. An item whose source code is KNOWN but not
registered says "no data source yet" and is scored by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.org import tenancy

REVIEW_ON_TIME = "review_on_time"
KEYTASK_ON_TIME = "keytask_on_time"
MEETING_COMPLIANCE = "meeting_compliance"
SLA_RATE = "sla_rate"
POINTS_ACTIVITY = "points_activity"
DUTIES_DONE = "duties_done"

# The codes an item may name, with a label, whether or not a provider is registered yet.
KNOWN = {
    MEETING_COMPLIANCE: gettext_lazy("Meeting compliance rate (三会一课)"),
    REVIEW_ON_TIME: gettext_lazy("Monthly project reviews submitted on time"),
    SLA_RATE: gettext_lazy("Service requests handled within the deadline"),
    POINTS_ACTIVITY: gettext_lazy("Share of members with points activity"),
    KEYTASK_ON_TIME: gettext_lazy("Key tasks closed on time"),
    DUTIES_DONE: gettext_lazy("Responsibility list items done (履责清单完成率)"),
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


def sentences(*parts: str) -> str:
    """Sentences joined as the language writes them: no space after a full-width stop (。), one after a Latin one."""
    text = ""
    for part in parts:
        text += part if not text or text.endswith(("。", "：", "；")) else " " + part
    return text


# Passed as `since` when the caller has not looked up the go-live date: compute() looks it up itself.
LOOK_UP = object()


def compute(code: str, org, start: dt.date, end: dt.date, *, since=LOOK_UP) -> MetricResult | None:
    """The metric's result, or None when no provider is registered for `code`.

    Every metric counts from the company's go-live date, never before (the rule is here, once, for every provider):
    `since` is the first month counted (org/tenancy.counted_from; looked up when not given, None for no date). A range
    wholly before it is not counted — nothing was due, so nothing is missed, and the sentence says "before go-live";
    a range that begins before it is read from that month on, and the sentence says so."""
    metric = get(code)
    if metric is None:
        return None
    if since is LOOK_UP:
        since = tenancy.counted_from_of(org)
    if since is None or start >= since:
        return metric.compute(org, start, end)
    words = {"org": org.name, "start": start.isoformat(), "end": end.isoformat(), "since": since.isoformat()}
    if end < since:
        return MetricResult(
            None,
            _("%(start)s–%(end)s is before go-live (%(org)s counts from %(since)s): not counted, nothing is missed.")
            % words,
        )
    result = metric.compute(org, since, end)
    note = _("Counted from %(since)s (go-live); the months before go-live are not counted.") % words
    return MetricResult(result.value, sentences(result.explanation, note))
