"""Forms of talent development and drills. People are named by employee number; orgs are chosen among those where
the user may write; each form's `service_args()` gives the objects the service takes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.forms import DATE, BootstrapMixin
from dangjian.core.permissions import ADD, VIEW
from dangjian.core.scoping import can_at
from dangjian.org.models import PartyOrg
from dangjian.talent import selectors
from dangjian.talent.models import LEVELS, ContestResult, Drill, Pool, TalentClass

LINES = forms.Textarea(attrs={"rows": 3})


def writable_orgs(user, resource: str, extra: int | None = None):
    orgs = PartyOrg.objects.restrict(user, VIEW).exclude(kind="group").order_by("path")[:300]
    allowed = [o.pk for o in orgs if can_at(user, resource, ADD, o)]
    if extra:
        allowed.append(extra)
    return PartyOrg.objects.filter(pk__in=allowed).order_by("path")


class Base(BootstrapMixin, forms.Form):
    resource = "talent"
    people: tuple[str, ...] = ()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "org" in self.fields:
            self.fields["org"].queryset = writable_orgs(user, self.resource, (self.initial or {}).get("org"))
        self._style()

    def clean(self):
        data = super().clean()
        numbers = [data[n] for n in self.people if data.get(n)]
        found = selectors.people_by_employee_no(user=self.user, resource=self.resource, numbers=numbers)
        for name in self.people:
            if data.get(name):
                if data[name] not in found:
                    self.add_error(name, _("Unknown employee number, or you do not have access to this person."))
                else:
                    data[name] = found[data[name]]
            elif name in data:
                data[name] = None
        return data

    def service_args(self) -> dict:
        return dict(self.cleaned_data)


class ModelForm(Base):
    org = forms.ModelChoiceField(label=_lazy("party org"), queryset=PartyOrg.objects.none())
    post = forms.CharField(label=_lazy("post"), max_length=100)
    talent_class = forms.ChoiceField(label=_lazy("talent class"), choices=TalentClass.choices)
    description = forms.CharField(label=_lazy("description"), required=False, widget=LINES)


class ItemForm(Base):
    name = forms.CharField(label=_lazy("competency"), max_length=100)
    required_level = forms.TypedChoiceField(label=_lazy("required level"), choices=LEVELS, coerce=int)
    description = forms.CharField(label=_lazy("description"), max_length=300, required=False)
    order = forms.IntegerField(label=_lazy("order"), min_value=0, max_value=1000, initial=0)


class RatingForm(Base):
    people = ("person",)
    person = forms.CharField(label=_lazy("employee number"), max_length=30)
    item = forms.TypedChoiceField(label=_lazy("competency"), coerce=int, choices=())
    level = forms.TypedChoiceField(label=_lazy("level"), choices=LEVELS, coerce=int)
    rated_on = forms.DateField(label=_lazy("rated on"), widget=DATE, required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {i.pk: i for i in items}
        self.fields["item"].choices = [(i.pk, f"{i.name}（≥{i.required_level}）") for i in items]

    def service_args(self) -> dict:
        data = dict(self.cleaned_data)
        data["item"] = self.items[data["item"]]
        return data


class PoolForm(Base):
    people = ("person",)
    person = forms.CharField(label=_lazy("employee number"), max_length=30)
    pool = forms.ChoiceField(label=_lazy("pool"), choices=Pool.choices)
    talent_class = forms.ChoiceField(label=_lazy("talent class"), choices=TalentClass.choices)
    specialty = forms.CharField(label=_lazy("specialty"), max_length=100, required=False)
    joined_on = forms.DateField(label=_lazy("joined on"), widget=DATE)
    note = forms.CharField(label=_lazy("note"), max_length=300, required=False)


class PoolEditForm(Base):
    talent_class = forms.ChoiceField(label=_lazy("talent class"), choices=TalentClass.choices)
    specialty = forms.CharField(label=_lazy("specialty"), max_length=100, required=False)
    joined_on = forms.DateField(label=_lazy("joined on"), widget=DATE)
    note = forms.CharField(label=_lazy("note"), max_length=300, required=False)


class CriterionForm(Base):
    org = forms.ModelChoiceField(label=_lazy("party org"), queryset=PartyOrg.objects.none())
    name = forms.CharField(label=_lazy("criterion"), max_length=100)
    weight = forms.IntegerField(label=_lazy("weight"), min_value=1, max_value=100)
    description = forms.CharField(label=_lazy("description"), max_length=300, required=False)


class PlanForm(Base):
    people = ("trainee", "mentor")
    trainee = forms.CharField(label=_lazy("trainee (employee number)"), max_length=30)
    mentor = forms.CharField(label=_lazy("mentor (employee number)"), max_length=30)
    target = forms.ModelChoiceField(label=_lazy("post aimed at"), queryset=None, required=False)
    starts_on = forms.DateField(label=_lazy("from"), widget=DATE)
    ends_on = forms.DateField(label=_lazy("until"), widget=DATE)
    goals = forms.CharField(label=_lazy("goals"), widget=LINES)
    make_pairing = forms.BooleanField(
        label=_lazy("Open the mentor–trainee pairing (结对帮扶) on the demonstration posts"), required=False
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = selectors.model_list(user=self.user, active_only=True)
        if editing:
            del self.fields["trainee"]
            del self.fields["make_pairing"]
            self.people = ("mentor",)


class EvaluationForm(Base):
    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            label = f"{c.name}（{_('weight')} {c.weight}）"
            self.fields[f"c{c.pk}"] = forms.IntegerField(label=label, min_value=0, max_value=100)
        self.fields["note"] = forms.CharField(label=_lazy("evaluation"), required=False, widget=LINES)
        self._style()

    def service_args(self) -> dict:
        scores = {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}
        return {"scores": scores, "note": self.cleaned_data.get("note", "")}


class DrillForm(Base):
    resource = "drill"
    people = ("trainer",)
    org = forms.ModelChoiceField(label=_lazy("party org"), queryset=PartyOrg.objects.none())
    kind = forms.ChoiceField(label=_lazy("kind"), choices=Drill.Kind.choices)
    topic = forms.CharField(label=_lazy("topic"), max_length=150)
    held_on = forms.DateField(label=_lazy("date"), widget=DATE)
    unit = forms.ModelChoiceField(label=_lazy("team"), queryset=None, required=False)
    trainer = forms.CharField(label=_lazy("trainer (employee number)"), max_length=30, required=False)
    scored_by = forms.ChoiceField(label=_lazy("score by"), choices=Drill.Check.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from dangjian.org.models import Unit

        self.fields["unit"].queryset = Unit._base_manager.filter(pk__in=[u.pk for u in selectors.teams(user=self.user)])


class ContestForm(Base):
    people = ("person",)
    contest = forms.CharField(label=_lazy("contest"), max_length=150)
    level = forms.ChoiceField(label=_lazy("level"), choices=ContestResult.Level.choices)
    held_on = forms.DateField(label=_lazy("date"), widget=DATE)
    person = forms.CharField(label=_lazy("employee number"), max_length=30)
    rank = forms.IntegerField(label=_lazy("rank"), min_value=1, max_value=10000, required=False)
    award = forms.CharField(label=_lazy("award"), max_length=60, required=False)
