"""The weights form: one whole-number field per component of the index, and the month the version applies from."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.indices import components
from dangjian.indices.models import Kind


class WeightsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Index"), choices=Kind.choices, widget=forms.HiddenInput)
    valid_from = forms.CharField(
        label=_("Applies from (month)"), widget=forms.TextInput(attrs={"type": "month", "class": "form-control"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args, kind: str, initial_weights: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["kind"].initial = kind
        initial_weights = initial_weights or components.default_weights(kind)
        for component in components.of_kind(kind):
            self.fields[f"w_{component.code}"] = forms.IntegerField(
                label=component.label,
                help_text=component.how,
                min_value=0,
                max_value=100,
                initial=initial_weights.get(component.code, 0),
                widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
            )

    def weights(self) -> dict:
        """The weights as sent (checked by the service, which gives the per-field messages)."""
        return {c.code: self.data.get(f"w_{c.code}", "") for c in components.of_kind(self.kind)}

    def weight_fields(self):
        return [self[f"w_{c.code}"] for c in components.of_kind(self.kind)]
