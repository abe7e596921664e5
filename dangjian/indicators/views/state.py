"""What an indicator page is looking at, read from the query string once for the page and its exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.scoping import can_anywhere
from dangjian.indicators import selectors
from dangjian.indicators.forms import TrendForm
from dangjian.indicators.models import Indicator
from dangjian.org.models import Unit

__all__ = ["PageState", "login_required", "page_state", "require"]


def require(user, action: str) -> None:
    """Indicator pages need the grant somewhere; what they show is bounded by the user's company."""
    if not can_anywhere(user, "indicator", action):
        raise PermissionDenied


@dataclass
class PageState:
    """The indicator, the unit whose subtree is shown, the trend's granularity and range, and the table's year."""

    form: TrendForm
    indicator: Indicator
    unit: Unit | None
    bucket: str
    start: dt.date
    end: dt.date
    year: int
    today: dt.date

    def params(self) -> dict:
        """The choices as the audit row of an export records them."""
        return {
            "unit": self.unit.code if self.unit else None,
            "granularity": self.bucket,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "year": self.year,
        }


def page_state(request, indicator: Indicator, units: list[tuple[str, str]] | None = None) -> PageState:
    """Read unit, granularity, from, to and year; anything missing or wrong falls back to a default (month
    granularity, the last 24 months, this year, the company) and a wrong choice is shown on the form."""
    today = timezone.localdate()
    form = TrendForm(request.GET or None, indicator=indicator, units=units or [])
    form.fields["year"].widget.attrs.setdefault("placeholder", str(today.year))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    bucket = data.get("granularity") or "month"
    default_start, default_end = selectors.default_range(bucket, today)
    end = data.get("end") or default_end
    start = data.get("start") or (default_start if end == default_end else selectors.default_range(bucket, end)[0])
    unit = selectors.unit_by_code(request.user, data.get("unit") or "")
    if unit is None and data.get("unit"):
        form.add_error("unit", _("There is no unit “%(code)s”.") % {"code": data["unit"]})
        unit = selectors.root_unit(request.user)
    year = data.get("year") or end.year
    if not form.is_bound:
        form = TrendForm(
            initial={
                "unit": unit.code if unit else "",
                "granularity": bucket,
                "start": start,
                "end": end,
                "year": year,
            },
            indicator=indicator,
            units=units or [],
        )
    return PageState(form, indicator, unit, bucket, start, end, year, today)
