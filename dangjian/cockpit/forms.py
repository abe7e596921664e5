from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.cockpit import dimensions
from dangjian.core.forms import BootstrapMixin


class ThresholdForm(BootstrapMixin, forms.Form):
    """One dimension's thresholds (0–100): where green, yellow and orange begin; red below orange."""

    dimension = forms.ChoiceField(label=_("Dimension"), choices=dimensions.CHOICES, widget=forms.HiddenInput)
    green_from = forms.DecimalField(label=_("green from"), min_value=0, max_value=100, decimal_places=1)
    yellow_from = forms.DecimalField(label=_("yellow from"), min_value=0, max_value=100, decimal_places=1)
    orange_from = forms.DecimalField(label=_("orange from"), min_value=0, max_value=100, decimal_places=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
