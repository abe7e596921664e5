"""Forms of the points pages: a claim or entry, a decision, an appeal, a rule, an appraisal result, the branch-star
criteria of a year."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.core.forms import BootstrapMixin
from dangjian.org.models import Person
from dangjian.points.models import Appraisal, CapPeriod, Category, PointsRule, Source

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntryForm(BootstrapMixin, forms.Form):
    """A claim for oneself, or (for a secretary) an entry for someone of the branch by employee number."""

    employee_no = forms.CharField(
        label=_("employee number"), max_length=30, required=False, help_text=_("Leave empty to claim for yourself.")
    )
    rule = forms.ModelChoiceField(label=_("rule"), queryset=PointsRule.objects.none())
    occurred_on = forms.DateField(label=_("date"), widget=DATE)
    reason = forms.CharField(label=_("reason"), max_length=300)
    evidence = forms.CharField(label=_("evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, rules=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rules is not None:
            self.fields["rule"].queryset = rules
        self.fields["rule"].label_from_instance = lambda r: f"{r.name}（{r.points.normalize():+f}）"
        self._style()

    def person(self, default: Person | None) -> Person | None:
        no = (self.cleaned_data.get("employee_no") or "").strip()
        if not no:
            return default
        return Person.objects.select_related("branch").filter(employee_no=no).first()


class AppealForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("why you appeal"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class RuleForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("code"), max_length=40)
    name = forms.CharField(label=_("name"), max_length=100)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    points = forms.DecimalField(label=_("points"), max_digits=7, decimal_places=2)
    cap = forms.DecimalField(label=_("cap"), max_digits=8, decimal_places=2, required=False)
    cap_period = forms.ChoiceField(label=_("cap period"), choices=CapPeriod.choices, initial=CapPeriod.YEAR)
    evidence_required = forms.BooleanField(label=_("evidence required"), required=False)
    approval_required = forms.BooleanField(label=_("approval required"), required=False, initial=True)
    source = forms.ChoiceField(label=_("automatic source"), choices=[("", "—"), *Source.choices], required=False)
    valid_from = forms.DateField(label=_("valid from"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class AppraisalForm(BootstrapMixin, forms.Form):
    employee_no = forms.CharField(label=_("employee number"), max_length=30)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    appraisal = forms.ChoiceField(label=_("democratic appraisal"), choices=Appraisal.choices)
    sanctioned = forms.BooleanField(label=_("disciplinary sanction in the year"), required=False)
    veto_note = forms.CharField(label=_("veto item"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class BranchTemplateForm(BootstrapMixin, forms.Form):
    """The pass marks and veto items of a year's branch-star criteria (the criteria themselves: CriterionFormSet)."""

    three_star_mark = forms.DecimalField(label=_("pass mark for 三星"), max_digits=5, decimal_places=1, min_value=0)
    four_star_mark = forms.DecimalField(label=_("pass mark for 四星"), max_digits=5, decimal_places=1, min_value=0)
    five_star_mark = forms.DecimalField(
        label=_("pass mark for 五星"), max_digits=5, decimal_places=1, min_value=0, max_value=100
    )
    vetoes = forms.CharField(
        label=_("veto items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: any one found gives the branch no star that year."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CriterionForm(BootstrapMixin, forms.Form):
    """One criterion: its name and points; ORDER (position) and DELETE (retire) come from the formset."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("criterion"), max_length=100)
    max_points = forms.DecimalField(label=_("points"), max_digits=5, decimal_places=1, min_value=Decimal("0.1"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class BaseCriterionFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        # A row shown with a value (a saved criterion, or a default of a year not yet set) counts as filled in even
        # when untouched: a new year's defaults are saved as they stand. Only the blank rows may stay empty.
        form = super()._construct_form(i, **kwargs)
        if i < len(self.initial or ()):
            form.empty_permitted = False
        return form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = _("position")
            form.fields["ORDER"].widget.attrs.update({"class": "form-control", "min": "1"})
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("retire")
            form.fields["DELETE"].widget.attrs.setdefault("class", "form-check-input")


CriterionFormSet = forms.formset_factory(
    CriterionForm, formset=BaseCriterionFormSet, extra=2, can_order=True, can_delete=True, max_num=40
)


class StarPolicyForm(BootstrapMixin, forms.ModelForm):
    """The company's member star thresholds and caps (the service validates and recomputes the stars)."""

    class Meta:
        from dangjian.points.models import StarPolicy

        model = StarPolicy
        fields = [
            "two_stars",
            "three_stars",
            "four_stars",
            "five_stars",
            "five_needs_excellent",
            "basic_cap",
            "veto_cap",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
