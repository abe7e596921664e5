"""Template helpers for the audit log."""

from django import template
from django.apps import apps

register = template.Library()


@register.filter
def model_label(label):
    """The translated verbose name of the model an audit label (``<app label>.<model>``) names, else the label itself.

    Rows keep the raw label (it is what the filter matches and what exports carry); only the page shows the readable
    name. Resolving goes through the app registry, so it costs no query. Labels of removed models fall back to the raw
    text rather than failing the page.
    """
    if not label:
        return label
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return model._meta.verbose_name
