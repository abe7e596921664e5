"""Forms of the indicator pages: the trend's choices, one value typed in by hand, and a unit's targets for a year."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.core.errors import DomainError
from dangjian.core.forms import BootstrapMixin
from dangjian.indicators.models import Indicator, IndicatorValue
from dangjian.indicators.selectors import allowed_buckets

BUCKET_LABELS = {"day": _("day"), "month": _("month"), "year": _("year")}
MONTHS = range(1, 13)


class TrendForm(BootstrapMixin, forms.Form):
    """What the indicator page shows: the unit whose subtree is rolled up, the granularity and range of the trend,
    and the year of the unit × month table. Every field is optional; the page falls back to sensible defaults."""

    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    granularity = forms.ChoiceField(label=_("Granularity"), required=False)
    # A date input takes and shows ISO dates whatever the language's date format.
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    year = forms.IntegerField(label=_("Year of the table"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, indicator: Indicator, units: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        buckets = allowed_buckets(indicator)
        self.fields["granularity"].choices = [(b, BUCKET_LABELS[b]) for b in buckets]
        self.fields["unit"].widget = forms.Select(choices=units)
        self._style()


class ValueEntryForm(BootstrapMixin, forms.Form):
    """One value typed in by hand. The period is checked by the service for the indicator's granularity (a day, a
    month, or a day and a shift), so the form keeps it as text."""

    unit = forms.CharField(label=_("Unit"), max_length=40)
    period = forms.CharField(
        label=_("Period"), max_length=20, help_text=_("YYYY-MM-DD for a day or a shift, YYYY-MM for a month.")
    )
    shift = forms.ChoiceField(label=_("Shift"), required=False)
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=6)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("Why the value is entered or corrected by hand; kept with the revision."),
    )

    def __init__(self, *args, indicator: Indicator, units: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].widget = forms.Select(choices=units)
        shifts = [("", "—")] + list(IndicatorValue.Shift.choices)
        self.fields["shift"].choices = shifts
        if indicator.granularity != Indicator.Granularity.SHIFT:
            self.fields["shift"].widget = forms.HiddenInput()
        self._style()

    def row(self, indicator: Indicator) -> dict:
        data = self.cleaned_data
        return {
            "indicator": indicator.code,
            "unit": data["unit"],
            "period": data["period"],
            "shift": data.get("shift") or "",
            "value": data["value"],
        }


class TargetsForm(BootstrapMixin, forms.Form):
    """A unit's targets for one year: the year as a whole and each month. An empty box leaves that target as it is."""

    def __init__(self, *args, initial_targets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year_total"] = forms.DecimalField(
            label=_("Whole year"), max_digits=20, decimal_places=6, required=False, initial=initial_targets.get(None)
        )
        for m in MONTHS:
            self.fields[f"m{m}"] = forms.DecimalField(
                label=dt.date(2000, m, 1).strftime("%m"),
                max_digits=20,
                decimal_places=6,
                required=False,
                initial=initial_targets.get(m),
            )
        self._style()

    def month_fields(self):
        return [self[f"m{m}"] for m in MONTHS]

    def changes(self, current: dict) -> list[tuple[int | None, object]]:
        """(month or None, value) for each box filled in with a value different from the stored target."""
        found = []
        for month, name in [(None, "year_total"), *((m, f"m{m}") for m in MONTHS)]:
            value = self.cleaned_data.get(name)
            if value is not None and value != current.get(month):
                found.append((month, value))
        return found


def place_errors(form: forms.Form, exc: DomainError) -> None:
    """A service's refusal on the form: a batch's per-row errors on their fields, anything else at the top."""
    rows = exc.errors.get("rows") if isinstance(exc.errors, dict) else None
    placed = False
    for error in rows or []:
        name = error.get("field")
        form.add_error(name if name in form.fields else None, error.get("message", ""))
        placed = True
    if not placed:
        form.add_error(None, exc.message)


class IndicatorForm(BootstrapMixin, forms.ModelForm):
    """An indicator of the company's catalogue: what is measured, how it rolls up, the benchmark, the owner unit and
    the key flag. The pickers offer only the company's units and indicators (and the shared ones); the service checks
    the wiring again (roll-up rule, same company)."""

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "unit_of_measure",
            "category",
            "direction",
            "granularity",
            "rollup",
            "weight",
            "numerator",
            "denominator",
            "factor",
            "benchmark",
            "decimals",
            "owner_unit",
            "key",
            "sort_order",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from dangjian.org import tenancy

        sums = Indicator.objects.restrict(user, "view").filter(active=True, rollup=Indicator.Rollup.SUM)
        if self.instance.pk:
            sums = sums.exclude(pk=self.instance.pk)
            # The code names the indicator in pushes, imports and links: it does not change.
            self.fields["code"].disabled = True
        for name in ("weight", "numerator", "denominator"):
            self.fields[name].queryset = sums.order_by("sort_order", "code")
        self.fields["owner_unit"].queryset = tenancy.units(user).filter(active=True).order_by("path")
        self._style()

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("code", None) if self.instance.pk else None
        if data.get("factor") is None:
            data["factor"] = 1
        if data.get("decimals") is None:
            data["decimals"] = 2
        if data.get("sort_order") is None:
            data["sort_order"] = 0
        return data
