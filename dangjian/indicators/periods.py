"""Reading the period, shift and value of an indicator value as people and machines write them.

Each reader raises PeriodError with a sentence the sender can act on; services turn it into a per-row error.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.indicators.models import Indicator, IndicatorValue
from dangjian.indicators.models.values import VALUE_DIGITS, VALUE_PLACES

Granularity = Indicator.Granularity
DAY_TEXT = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
MONTH_TEXT = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
QUANTUM = Decimal(1).scaleb(-VALUE_PLACES)
# The largest magnitude the value column holds.
LIMIT = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)
SHIFTS = {choice.value for choice in IndicatorValue.Shift}


class PeriodError(ValueError):
    """A value, period or shift that cannot be used; `field` names the input it came from."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _text(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def _date(text: str) -> dt.date | None:
    match = DAY_TEXT.match(text.split(" ")[0].split("T")[0])
    if not match:
        return None
    try:
        return dt.date(*(int(p) for p in match.groups()))
    except ValueError:
        return None


def parse_period(granularity: str, period, shift=None) -> tuple[dt.date, str]:
    """(period_start, shift) for a value of this granularity.

    day: YYYY-MM-DD; month: YYYY-MM (or the month's first day); shift: the day plus a shift A–D. A period that has
    not started yet is refused: values are measured, not planned (plans are targets).
    """
    text, shift_text = _text(period), _text(shift).upper()
    if not text:
        raise PeriodError("period", _("Give the period."))
    if granularity == Granularity.MONTH:
        month = MONTH_TEXT.match(text)
        start = dt.date(int(month[1]), int(month[2]), 1) if month and 1 <= int(month[2]) <= 12 else _date(text)
        if start is None or start.day != 1:
            raise PeriodError(
                "period", _("“%(value)s” is not a month: write it as YYYY-MM, e.g. 2024-03.") % {"value": text[:20]}
            )
    else:
        start = _date(text)
        if start is None:
            raise PeriodError(
                "period",
                _("“%(value)s” is not a day: write it as YYYY-MM-DD, e.g. 2024-03-05.") % {"value": text[:20]},
            )
    if granularity == Granularity.SHIFT:
        if shift_text not in SHIFTS:
            raise PeriodError("shift", _("Give the shift: A, B, C or D."))
    elif shift_text:
        raise PeriodError(
            "shift",
            _("This indicator is recorded per %(granularity)s, not per shift; leave the shift empty.")
            % {"granularity": Granularity(granularity).label},
        )
    if start > timezone.localdate():
        raise PeriodError("period", _("%(value)s has not started yet.") % {"value": start.isoformat()})
    return start, shift_text


def parse_value(value) -> Decimal:
    """A finite number with at most six decimals kept (rounded half up); thousands separators are allowed."""
    if isinstance(value, bool) or value is None:
        raise PeriodError("value", _("Give the value as a number."))
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise PeriodError("value", _("“%(value)s” is not a number.") % {"value": text[:40]}) from None
    if not number.is_finite():
        raise PeriodError("value", _("“%(value)s” is not a number.") % {"value": text[:40]})
    number = number.quantize(QUANTUM, rounding=ROUND_HALF_UP) if number.as_tuple().exponent < -VALUE_PLACES else number
    if abs(number) >= LIMIT:
        raise PeriodError("value", _("%(value)s is too large.") % {"value": text[:40]})
    return number.quantize(QUANTUM)


def period_label(granularity: str, start: dt.date, shift: str = "") -> str:
    """How a period is written back to people: 2024-03 for a month, 2024-03-05 for a day, 2024-03-05 A for a shift."""
    if granularity == Granularity.MONTH:
        return f"{start:%Y-%m}"
    return f"{start.isoformat()} {shift}".strip()
