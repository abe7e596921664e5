"""Template filters for the boards and the compilation."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def num(value) -> str:
    """A Decimal without trailing zeros (92.1000 → 92.1, 100.0000 → 100); "—" for None."""
    if value is None or value == "":
        return "—"
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    return format(value.normalize(), "f")


@register.filter
def pct(value) -> str:
    """An attainment percent as text ("87.5%"), "—" without one."""
    return "—" if value is None else f"{num(value)}%"
