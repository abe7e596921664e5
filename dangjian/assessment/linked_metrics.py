"""Metrics read from the other capabilities through their named selectors (never their tables): meeting compliance
(meetings), concerns answered within the deadline (service), members with points activity (points), responsibility
list items done (handbook), and the production score of the dual assessment from team accounting (value).
Registered when the app loads (apps.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from dangjian.assessment import metrics, production


def _words(org, start: dt.date, end: dt.date, rate: Decimal | None = None) -> dict:
    words = {"org": org.name, "start": start.isoformat(), "end": end.isoformat()}
    if rate is not None:
        words["rate"] = f"{(rate * 100).quantize(Decimal('0.1'))}%"
    return words


def meeting_compliance(org, start: dt.date, end: dt.date) -> metrics.MetricResult:
    """Held ÷ expected organisational-life meetings of the org subtree for the periods ending in [start, end]."""
    from dangjian.meetings.selectors import compliance_rate

    rate = compliance_rate(org=org, start=start, end=end)
    if rate is None:
        return metrics.MetricResult(
            None, _("No meeting was due for %(org)s in %(start)s–%(end)s.") % _words(org, start, end)
        )
    text = _(
        "%(org)s held %(rate)s of the meetings the rules expected for the periods ending in %(start)s–%(end)s "
        "(三会一课, 主题党日 and the yearly meetings; see its compliance calendar)."
    ) % _words(org, start, end, rate)
    return metrics.MetricResult(rate, text)


def sla_rate(org, start: dt.date, end: dt.date) -> metrics.MetricResult:
    """Share of the org subtree's concerns whose resolve deadline fell in [start, end] and that met it."""
    from dangjian.service.selectors import sla_rate as rate_of

    rate = rate_of(org=org, start=start, end=end)
    if rate is None:
        return metrics.MetricResult(
            None, _("No employee concern handled by %(org)s fell due in %(start)s–%(end)s.") % _words(org, start, end)
        )
    text = _(
        "%(rate)s of the employee concerns handled by %(org)s with a deadline in %(start)s–%(end)s were resolved by it."
    ) % _words(org, start, end, rate)
    return metrics.MetricResult(rate, text)


def points_activity(org, start: dt.date, end: dt.date) -> metrics.MetricResult:
    """Share of the org subtree's party members with at least one approved merit entry in [start, end]."""
    from dangjian.points.selectors import activity_share

    rate = activity_share(org=org, start=start, end=end)
    if rate is None:
        return metrics.MetricResult(None, _("%(org)s has no party members to count.") % _words(org, start, end))
    text = _("%(rate)s of the party members of %(org)s earned approved merit points in %(start)s–%(end)s.") % _words(
        org, start, end, rate
    )
    return metrics.MetricResult(rate, text)


def duties_done(org, start: dt.date, end: dt.date) -> metrics.MetricResult:
    """Share of the items of the year's responsibility lists (履责清单) in the org subtree that are done so far (the
    handbook's `duty_summary`: marked done with evidence, or proved by the records); the year is the one the range
    ends in. No list that year: not applicable (None), nothing is deducted."""
    from dangjian.handbook.selectors import duty_summary

    words = {**_words(org, start, end), "year": end.year}
    summary = duty_summary(year=end.year, org=org)
    if not summary["items"]:
        return metrics.MetricResult(None, _("%(org)s has no responsibility list for %(year)s: not applicable.") % words)
    text = _(
        "%(done)s of the %(items)s items on the %(year)s responsibility lists of %(org)s are done so far (%(rate)s)."
    ) % {
        **_words(org, start, end, summary["rate"]),
        "year": end.year,
        "done": summary["done"],
        "items": summary["items"],
    }
    return metrics.MetricResult(summary["rate"], text)


def register_linked() -> None:
    metrics.register(metrics.MEETING_COMPLIANCE, metrics.KNOWN[metrics.MEETING_COMPLIANCE], meeting_compliance)
    metrics.register(metrics.SLA_RATE, metrics.KNOWN[metrics.SLA_RATE], sla_rate)
    metrics.register(metrics.POINTS_ACTIVITY, metrics.KNOWN[metrics.POINTS_ACTIVITY], points_activity)
    metrics.register(metrics.DUTIES_DONE, metrics.KNOWN[metrics.DUTIES_DONE], duties_done)
    from dangjian.value.selectors import production_scores

    production.set_provider(production_scores)
