"""Forms for demonstration posts. People are named by employee number (one per line for a team)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.forms import BootstrapMixin
from dangjian.core.permissions import ADD, VIEW
from dangjian.core.scoping import can_at
from dangjian.org.models import PartyOrg, Person
from dangjian.projects.projects.models import Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LINES = forms.Textarea(attrs={"rows": 3})

# kind → extra fields: (name, label, kind of field)
EXTRA = {
    "zones": [
        ("area", _lazy("area"), "text"),
        ("leader", _lazy("leader (employee number)"), "person"),
        ("members", _lazy("members (employee numbers, one per line)"), "people"),
        ("goals", _lazy("goals"), "long"),
    ],
    "pioneers": [("holder", _lazy("holder (employee number)"), "person!"), ("duties", _lazy("commitments"), "long")],
    "taskforces": [
        ("problem", _lazy("problem taken on"), "long!"),
        ("project", _lazy("党建+X project code (optional)"), "project"),
        ("leader", _lazy("leader (employee number)"), "person"),
        ("members", _lazy("members (employee numbers, one per line)"), "people"),
    ],
    "pairings": [
        ("member", _lazy("party member (employee number)"), "person!"),
        ("colleague", _lazy("colleague (employee number)"), "person!"),
        ("goals", _lazy("goals"), "long"),
    ],
}


class PostForm(BootstrapMixin, forms.Form):
    org = forms.ModelChoiceField(label=_lazy("party org"), queryset=PartyOrg.objects.none())
    name = forms.CharField(label=_lazy("name"), max_length=120)
    starts_on = forms.DateField(label=_lazy("from"), widget=DATE)
    ends_on = forms.DateField(label=_lazy("until"), widget=DATE, required=False)

    def __init__(self, *args, kind: str, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.user = kind, user
        orgs = PartyOrg.objects.restrict(user, VIEW).exclude(kind="group").order_by("path")[:300]
        self.fields["org"].queryset = PartyOrg.objects.filter(
            pk__in=[o.pk for o in orgs if can_at(user, "post", ADD, o)]
        )
        for name, label, what in EXTRA[kind]:
            required = what.endswith("!")
            if what.startswith("long"):
                self.fields[name] = forms.CharField(label=label, required=required, widget=LINES)
            elif what == "people":
                self.fields[name] = forms.CharField(label=label, required=False, widget=LINES)
            else:
                self.fields[name] = forms.CharField(label=label, required=required, max_length=200)
        self._style()

    def _person(self, number: str) -> Person:
        person = Person.objects.restrict(self.user, VIEW).filter(employee_no=number.strip()).first()
        if person is None:
            raise forms.ValidationError(_("No person with employee number %(no)s that you may see.") % {"no": number})
        return person

    def clean(self):
        data = super().clean()
        for name, _label, what in EXTRA[self.kind]:
            value = (data.get(name) or "").strip()
            try:
                if what.startswith("person"):
                    data[name] = self._person(value) if value else None
                elif what == "people":
                    data[name] = [self._person(line) for line in value.splitlines() if line.strip()]
                elif what == "project":
                    data[name] = Project.objects.restrict(self.user, VIEW).filter(code=value).first() if value else None
                    if value and data[name] is None:
                        raise forms.ValidationError(_("No project with this code that you may see."))
            except forms.ValidationError as exc:
                self.add_error(name, exc)
        return data

    def service_args(self) -> dict:
        data = dict(self.cleaned_data)
        args = {"org": data.pop("org"), "members": data.pop("members", None)}
        args.update({k: v for k, v in data.items()})
        return args


class ChallengeForm(BootstrapMixin, forms.Form):
    org = forms.ModelChoiceField(label=_lazy("party org"), queryset=PartyOrg.objects.none())
    title = forms.CharField(label=_lazy("title"), max_length=150)
    problem = forms.CharField(label=_lazy("problem"), widget=LINES)
    reward = forms.CharField(label=_lazy("reward"), max_length=200, required=False)
    reward_points = forms.DecimalField(label=_lazy("reward points"), max_digits=6, decimal_places=2, required=False)
    deadline = forms.DateField(label=_lazy("applications until"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = PartyOrg.objects.restrict(user, VIEW).exclude(kind="group").order_by("path")[:300]
        self.fields["org"].queryset = PartyOrg.objects.filter(
            pk__in=[o.pk for o in orgs if can_at(user, "post", ADD, o)]
        )
        self._style()
