"""The assessment's forms: a key task (the board's "new task": the choices are the orgs the user may add tasks to),
and a template, its categories and items (党群工作部's template pages)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.assessment import metrics
from dangjian.assessment.keytask_selectors import person_by_employee_no
from dangjian.assessment.models import Frequency, Item, KeyTask
from dangjian.core.forms import BootstrapMixin
from dangjian.core.scoping import scope_for
from dangjian.org.models import PartyOrg

MAX_ORGS = 500


class KeyTaskForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("code"), max_length=30)
    title = forms.CharField(label=_("task"), max_length=300)
    category = forms.ChoiceField(label=_("category"), choices=KeyTask.Category.choices)
    owner_org = forms.ModelChoiceField(label=_("owner organisation"), queryset=PartyOrg.objects.none())
    owner = forms.CharField(label=_("owner's employee number"), max_length=30, required=False)
    due_on = forms.DateField(label=_("due"), widget=forms.DateInput(attrs={"type": "date"}))
    deliverable = forms.CharField(label=_("deliverable"), max_length=300)

    def __init__(self, *args, user, task: KeyTask | None = None, **kwargs):
        """A new task, or `task` to change (its code stays: it names the task in imports)."""
        if task is not None:
            values = {name: getattr(task, name) for name in ("code", "title", "category", "due_on", "deliverable")}
            owner = task.owner.employee_no if task.owner_id else ""
            kwargs["initial"] = {**values, "owner_org": task.owner_org_id, "owner": owner}
        super().__init__(*args, **kwargs)
        if task is not None:
            self.fields["code"].disabled = True
        scope = scope_for(user, "keytask", "change" if task is not None else "add")
        q = Q() if scope.everywhere else Q(pk__in=[])
        for path in scope.paths:
            q |= Q(path__startswith=path)
        first = PartyOrg.objects.filter(q, status=PartyOrg.Status.ACTIVE).order_by("path").values("pk")[:MAX_ORGS]
        self.fields["owner_org"].queryset = PartyOrg.objects.filter(pk__in=first).order_by("path")
        self._user = user

    def clean_owner(self):
        number = self.cleaned_data["owner"].strip()
        if not number:
            return None
        person = person_by_employee_no(user=self._user, number=number)
        if person is None:
            raise forms.ValidationError(_("No such person in your organisations."))
        return person


class TemplateForm(BootstrapMixin, forms.Form):
    """A new year's template: for which org (where the user is 党群工作部), which year, its name, and what it starts
    from — empty, or a copy of one of that org's templates (usually last year's)."""

    org = forms.ModelChoiceField(label=_("organisation"), queryset=PartyOrg.objects.none())
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    name = forms.CharField(
        label=_("name"), max_length=200, required=False, help_text=_("Leave blank for a name with the year.")
    )
    copy_from = forms.ChoiceField(label=_("Start from"), required=False)

    def __init__(self, *args, orgs, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = PartyOrg.objects.filter(pk__in=[o.pk for o in orgs]).order_by("path")
        if len(orgs) == 1:
            self.fields["org"].initial = orgs[0].pk
        choices = [("", _("An empty template (add the items on its page, or import them)"))]
        choices += [(str(t.pk), _("A copy of %(name)s") % {"name": t.name}) for t in templates]
        self.fields["copy_from"].choices = choices
        self._templates = {str(t.pk): t for t in templates}
        self._style()

    def clean(self):
        data = super().clean()
        source = self._templates.get(data.get("copy_from") or "")
        if source is not None and data.get("org") is not None and source.org_id != data["org"].pk:
            self.add_error("copy_from", _("Copy a template of the same organisation."))
        data["source"] = source
        return data


class CategoryForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("category"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


DECIMAL = {"max_digits": 7, "decimal_places": 2}
RATE = {"max_digits": 6, "decimal_places": 4, "min_value": 0, "max_value": 1}


class ItemForm(BootstrapMixin, forms.Form):
    """An assessment item as the office writes it; the rules (rates in order, thresholds well-formed, a known data
    source, what may change once a month was opened) are the model's and the service's, shown on the fields."""

    category = forms.ChoiceField(label=_("category"))
    code = forms.CharField(label=_("code"), max_length=20)
    title = forms.CharField(label=_("what is assessed"), max_length=300)
    max_points = forms.DecimalField(label=_("maximum points"), min_value=Decimal("0.01"), **DECIMAL)
    frequency = forms.ChoiceField(
        label=_("frequency"),
        choices=Frequency.choices,
        help_text=_(
            "Monthly items are scored every month, quarterly ones in March, June, September and December, "
            "annual ones in December."
        ),
    )
    guide = forms.CharField(label=_("scoring guide"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_required = forms.BooleanField(label=_("evidence required"), required=False)
    source = forms.ChoiceField(
        label=_("data source"),
        required=False,
        help_text=_("Scored by hand, or computed from the platform's records (最多报一次)."),
    )
    rule = forms.ChoiceField(label=_("rule"), choices=Item.Rule.choices)
    zero_at = forms.DecimalField(label=_("no points at or below (rate)"), initial=Decimal(0), required=False, **RATE)
    full_at = forms.DecimalField(label=_("all points from (rate)"), initial=Decimal(1), required=False, **RATE)
    thresholds = forms.CharField(
        label=_("thresholds"),
        max_length=200,
        required=False,
        help_text=_("For the threshold rule: rate:share pairs, e.g. 0.95:1, 0.8:0.6."),
    )

    def __init__(self, *args, categories, item: Item | None = None, **kwargs):
        if item is not None:
            # The item's values are the initial ones (the disabled code keeps its value from them on a POST too).
            values = {name: getattr(item, name) for name in self.base_fields if name != "category"}
            kwargs["initial"] = {**values, "category": item.category.name, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        names = [c.name for c in categories]
        self.fields["category"].choices = [(name, name) for name in names]
        self.fields["source"].choices = [("", _("Scored by hand"))] + metrics.choices()
        if item is not None:
            # The code names the item in imports and on sheets: it stays.
            self.fields["code"].disabled = True
        self._style()

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("code", None)
        data["category_name"] = data.pop("category")
        return data
