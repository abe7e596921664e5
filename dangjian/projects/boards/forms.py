"""The compile form: which org's subtree and which plan year."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.core.forms import BootstrapMixin


class CompilationForm(BootstrapMixin, forms.Form):
    org = forms.ChoiceField(label=_("Organisation"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, orgs, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.orgs = {o.code: o for o in orgs}
        self.fields["org"].choices = [(o.code, f"{'· ' * o.depth}{o.name}") for o in self.orgs.values()]
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self._style()

    def clean_org(self):
        return self.orgs[self.cleaned_data["org"]]
