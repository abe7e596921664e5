"""Numbers on indicator pages: grouped thousands, the indicator's own decimals, a sign on gaps, "—" for nothing."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django import template

register = template.Library()
DASH = "—"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def num(value, decimals=2) -> str:
    """1234567.891 → "1,234,567.89" (with `decimals` places); None → "—"."""
    number = _decimal(value)
    if number is None:
        return DASH
    places = int(decimals)
    return f"{number.quantize(Decimal(1).scaleb(-places)):,.{places}f}"


@register.filter
def signed(value, decimals=2) -> str:
    """A gap with its sign: +0.05, −1,200.00."""
    number = _decimal(value)
    if number is None:
        return DASH
    text = num(abs(number), decimals)
    return ("+" if number > 0 else "−" if number < 0 else "±") + text


@register.filter
def pct(value) -> str:
    """An attainment with one decimal, cut (not rounded): 99.96 % is a target missed and must not read 100.0 %."""
    number = _decimal(value)
    return DASH if number is None else f"{number.quantize(Decimal('0.1'), rounding=ROUND_DOWN)}%"
