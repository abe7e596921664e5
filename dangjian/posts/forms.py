"""Forms for demonstration posts. People are named by employee number (one per line for a team)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.forms import BootstrapMixin
from dangjian.core.permissions import ADD, CHANGE, VIEW
from dangjian.core.scoping import can_at
from dangjian.org.models import PartyOrg, Person
from dangjian.posts.services import CHALLENGE_FIELDS
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


def post_initial(kind: str, post) -> dict:
    """A post's values as the form shows them: people by employee number (members one per line), the project by
    code."""
    initial = {"org": post.org_id, "name": post.name, "starts_on": post.starts_on, "ends_on": post.ends_on}
    for name, _label, what in EXTRA[kind]:
        value = getattr(post, name)
        if what.startswith("person"):
            initial[name] = value.employee_no if value else ""
        elif what == "people":
            initial[name] = "\n".join(p.employee_no for p in value.all())
        elif what == "project":
            initial[name] = value.code if value else ""
        else:
            initial[name] = value
    return initial


class PostForm(BootstrapMixin, forms.Form):
    org = forms.ModelChoiceField(label=_lazy("party org"), queryset=PartyOrg.objects.none())
    name = forms.CharField(label=_lazy("name"), max_length=120)
    starts_on = forms.DateField(label=_lazy("from"), widget=DATE)
    ends_on = forms.DateField(label=_lazy("until"), widget=DATE, required=False)

    def __init__(self, *args, kind: str, user, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {**post_initial(kind, instance), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.kind, self.user = kind, user
        action = CHANGE if instance is not None else ADD
        orgs = PartyOrg.objects.restrict(user, VIEW).exclude(kind="group").order_by("path")[:300]
        allowed = [o.pk for o in orgs if can_at(user, "post", action, o)]
        if instance is not None:
            allowed.append(instance.org_id)
        self.fields["org"].queryset = PartyOrg.objects.filter(pk__in=allowed).order_by("path")
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

    def __init__(self, *args, user, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {name: getattr(instance, name) for name in CHALLENGE_FIELDS}
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["org"]  # a challenge stays where it was posted (who sees it follows its org)
        else:
            orgs = PartyOrg.objects.restrict(user, VIEW).exclude(kind="group").order_by("path")[:300]
            self.fields["org"].queryset = PartyOrg.objects.filter(
                pk__in=[o.pk for o in orgs if can_at(user, "post", ADD, o)]
            )
        self._style()


class ApplicationForm(BootstrapMixin, forms.Form):
    """One's own application: team name, team members by employee number (one per line), the plan."""

    team_name = forms.CharField(label=_lazy("team name (optional)"), max_length=100, required=False)
    members = forms.CharField(
        label=_lazy("team members (employee numbers, one per line)"), required=False, widget=LINES
    )
    plan = forms.CharField(label=_lazy("plan"), widget=LINES)

    def __init__(self, *args, user, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {
                "team_name": instance.team_name,
                "plan": instance.plan,
                "members": "\n".join(m.employee_no for m in instance.members.all()),
            }
        super().__init__(*args, **kwargs)
        self.user = user
        self._style()

    def clean_members(self):
        numbers = [n.strip() for n in (self.cleaned_data.get("members") or "").splitlines() if n.strip()]
        found = {p.employee_no: p for p in Person.objects.restrict(self.user, VIEW).filter(employee_no__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(
                _("No person with employee number %(no)s that you may see.") % {"no": missing[0]}
            )
        return [found[n] for n in dict.fromkeys(numbers)]
