"""Template filters for the project pages."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def num(value) -> str:
    """A Decimal without trailing zeros (92.1000 → 92.1, 100.0000 → 100); empty for None."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    return format(value.normalize(), "f")
