"""Forms of the programme pages: a programme with its pay rule, and one item with its targets, owner and measures."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.forms import BootstrapMixin
from dangjian.core.scoping import scope_for
from dangjian.indicators.models import Indicator
from dangjian.indicators.selectors import unit_choices
from dangjian.org.models import PartyOrg, Person

MAX_ORG_CHOICES = 500
MONTHS = range(1, 13)


def orgs_for(user, action: str):
    """The party orgs where `user` may `action` programmes (the project grant), in tree order."""
    scope = scope_for(user, "project", action)
    orgs = PartyOrg.objects.filter(status=PartyOrg.Status.ACTIVE)
    if not scope.everywhere:
        q = Q(pk__in=[])
        for path in scope.paths:
            q |= Q(path__startswith=path)
        orgs = orgs.filter(q)
    # Bounded, and still filterable (a choice field looks the picked row up in its queryset).
    first = orgs.order_by("path").values("pk")[:MAX_ORG_CHOICES]
    return PartyOrg.objects.filter(pk__in=first).order_by("path")


class ProgrammeForm(BootstrapMixin, forms.Form):
    owner_org = forms.ModelChoiceField(label=_("Party organisation"), queryset=PartyOrg.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    full_points = forms.DecimalField(label=_("Points for a target met"), max_digits=8, decimal_places=2, initial=10)
    full_at = forms.DecimalField(
        label=_("Full points from (attainment %)"), max_digits=6, decimal_places=2, initial=100
    )
    zero_below = forms.DecimalField(
        label=_("No points below (attainment %)"), max_digits=6, decimal_places=2, initial=90
    )

    def __init__(self, *args, user, action: str = "add", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_org"].queryset = orgs_for(user, action)
        self._style()


class ItemForm(BootstrapMixin, forms.Form):
    """One item. The owner is named by employee number; the measures are one per line."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.filter(active=True).order_by("sort_order", "code")
    )
    unit = forms.ChoiceField(label=_("Production unit"))
    annual_target = forms.DecimalField(label=_("Annual target"), max_digits=20, decimal_places=6)
    owner = forms.CharField(
        label=_("Owner (employee number)"), max_length=30, required=False, help_text=_("Whose pay is tied to it.")
    )
    unit_price = forms.DecimalField(
        label=_("Unit price (元)"),
        max_digits=20,
        decimal_places=6,
        required=False,
        help_text=_("The money value of one unit saved, e.g. 0.35 元 per kWh; empty for no money figure."),
    )
    measures = forms.CharField(
        label=_("Measures"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One per line.")
    )
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, initial=0, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # The indicators of the user's company catalogue (and the shared ones).
        self.fields["indicator"].queryset = Indicator.objects.restrict(user, "view").filter(active=True)
        self.fields["unit"].choices = unit_choices(user)
        for m in MONTHS:
            self.fields[f"m{m}"] = forms.DecimalField(label=f"{m:02d}", max_digits=20, decimal_places=6, required=False)
        self._style()

    def month_fields(self):
        return [self[f"m{m}"] for m in MONTHS]

    def clean_owner(self):
        code = self.cleaned_data.get("owner", "").strip()
        if not code:
            return None
        # Only people the user may see can be named (the service checks again).
        person = Person.objects.restrict(self.user, "view").filter(employee_no=code).first()
        if person is None:
            raise forms.ValidationError(_("There is no person with employee number “%(code)s”.") % {"code": code})
        return person

    def monthly_targets(self) -> dict:
        return {m: self.cleaned_data[f"m{m}"] for m in MONTHS if self.cleaned_data.get(f"m{m}") is not None}

    def measure_lines(self) -> list[str]:
        return [line for line in self.cleaned_data.get("measures", "").splitlines() if line.strip()]
