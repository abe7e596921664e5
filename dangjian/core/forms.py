"""What every app's forms share: Bootstrap classes on every widget and the one date widget."""

from __future__ import annotations

import html

from django import forms
from django.utils.safestring import SafeData, mark_safe

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuickSelect(forms.Select):
    """A select that writes its options in Python instead of rendering a template per option: the same HTML as
    Django's select.html, but a filter offering hundreds of orgs took most of the people list's time (issue 17). The
    options are written straight from the choices (no option dicts, no format_html per option)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        multiple = self.allow_multiple_selected
        if multiple:
            attrs["multiple"] = True
        chosen = set(self.format_value(value))
        has_selected = False
        # The attributes as django/forms/widgets/attrs.html writes them: in order, True as a bare name, False left out.
        written = "".join(
            f" {key}" if value is True else f' {key}="{html.escape(str(value))}"'
            for key, value in attrs.items()
            if value is not False
        )
        parts = [f'<select name="{html.escape(name)}"{written}>']

        def option(option_value, label) -> str:
            nonlocal has_selected
            option_value = "" if option_value is None else str(option_value)
            selected = ""
            if (multiple or not has_selected) and option_value in chosen:
                has_selected = True
                selected = " selected"
            label = label if isinstance(label, SafeData) else html.escape(str(label))
            return f'<option value="{html.escape(option_value)}"{selected}>{label}</option>'

        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # an optgroup: (group label, [(value, label), ...])
                parts.append(f'<optgroup label="{html.escape(str(option_value))}">')
                parts.extend(option(v, sub) for v, sub in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label escaped above


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
