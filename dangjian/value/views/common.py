"""What the value pages share: reading the day, month, group and metric from the query string."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dangjian.core.views.pages import refusal
from dangjian.value import selectors
from dangjian.value.models.catalogue import Metric


def latest_day(user) -> dt.date:
    """The last day with records the user can see (today's board shows the last complete day), or today."""
    found = selectors.last_record_day(user=user)
    return found or timezone.localdate()


def day_from(request, user) -> dt.date:
    text = request.GET.get("date")
    if text:
        with refusal():  # a date that does not parse: the default below
            return selectors.parse_date(text)
    return latest_day(user)


def month_from(request, user) -> dt.date:
    text = request.GET.get("month")
    if text:
        with refusal():  # a date that does not parse: the default below
            return selectors.parse_month(text)
    return latest_day(user).replace(day=1)


def metric_from(request) -> str:
    text = request.GET.get("metric")
    return text if text in Metric.values else Metric.VALUE_PER_HOUR


def group_from(request, user):
    """The chosen peer group (None: all visible) and the list to choose from."""
    groups = list(selectors.group_list(user=user))
    code = request.GET.get("group")
    chosen = next((g for g in groups if g.code == code), None)
    return chosen, groups
