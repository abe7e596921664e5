"""Template filters for the acceptance pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (None when absent): progress counters keyed by member or project id."""
    return mapping.get(key) if mapping is not None else None
