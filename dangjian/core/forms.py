"""What every app's forms share: Bootstrap classes on every widget and the one date widget."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuickSelect(forms.Select):
    """A select that writes its options in Python instead of rendering a template per option: the same HTML as
    Django's select.html, but a filter offering hundreds of orgs took most of the people list's time (issue 17)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    "" if option["value"] is None else str(option["value"]),
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group:
                parts.append(mark_safe("</optgroup>"))  # noqa: S308 - a literal
        parts.append(mark_safe("</select>"))  # noqa: S308 - a literal
        return mark_safe("".join(parts))  # noqa: S308 - every part escaped by format_html


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates can render fields in a loop; plain selects render through
    QuickSelect."""

    def _style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                widget.__class__ = QuickSelect  # same state, a faster render
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
