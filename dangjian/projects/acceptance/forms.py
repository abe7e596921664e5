"""Forms for the acceptance pages. They parse and show input; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.forms import BootstrapMixin
from dangjian.projects.acceptance.models import Award, Criterion, Department, Panel

SCORE_WIDGET = {"step": "0.01", "min": "0", "max": "100", "inputmode": "decimal"}


class PanelCreateForm(BootstrapMixin, forms.Form):
    """A new panel: the org (where the user is 党群工作部), the year and a name (a default is given when blank)."""

    org = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["year"].initial = timezone.localdate().year
        self._style()


class MemberAddForm(BootstrapMixin, forms.Form):
    """Seat an account with the panel member role, naming their department."""

    user = forms.TypedChoiceField(label=_("Account"), coerce=int)
    department = forms.ChoiceField(label=_("Department"), choices=Department.choices)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {u.pk: u for u in candidates}
        self.fields["user"].choices = [(u.pk, f"{u.display_name}（{u.username}）") for u in candidates]
        self._style()

    def clean_user(self):
        return self.candidates[self.cleaned_data["user"]]


class PanelSettingsForm(BootstrapMixin, forms.ModelForm):
    """The panel's name, grade thresholds and the goal-attainment weight."""

    attainment_weight = forms.DecimalField(
        label=_("Goal attainment weight"), min_value=0, max_value=100, decimal_places=2
    )

    class Meta:
        model = Panel
        fields = ["name", "excellent_from", "good_from", "pass_from"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        computed = self.instance.criteria.filter(kind=Criterion.Kind.GOAL_ATTAINMENT).first()
        self.fields["attainment_weight"].initial = computed.weight if computed else 100
        self._style()

    def _post_clean(self):
        # The service validates the panel (thresholds in order) inside its transaction; the form only parses.
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CriterionForm(BootstrapMixin, forms.Form):
    """One qualitative criterion (id empty for a new one)."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Criterion"), max_length=100)
    description = forms.CharField(label=_("Description"), required=False, max_length=1000)
    weight = forms.DecimalField(label=_("Weight"), min_value=0, max_value=100, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, can_delete=True, max_num=20, validate_max=True)


def criteria_rows(formset) -> list[dict]:
    """The kept criteria of a valid formset, in order, as the service takes them."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        rows.append({k: data.get(k) for k in ("id", "name", "description", "weight")})
    return rows


class ScoreForm(forms.Form):
    """One cell of the scoring sheet: a project × criterion score (0–100) and an optional comment."""

    project = forms.IntegerField(widget=forms.HiddenInput)
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(label=_("Score"), min_value=0, max_value=100, decimal_places=2)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)


class AwardsForm(forms.Form):
    """One award select per scored project (blank for none)."""

    def __init__(self, *args, results, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *Award.choices]
        for result in results:
            self.fields[f"award-{result.project_id}"] = forms.ChoiceField(
                label=result.project.title,
                choices=choices,
                required=False,
                initial=result.award,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def awards(self) -> dict[int, str]:
        return {int(name.split("-", 1)[1]): value for name, value in self.cleaned_data.items()}
