"""Forms for the project pages. They parse and show input; the services decide and write (a view never saves).

Model forms are used for their labels, widgets and choices; their model validation gives early feedback and the
service validates again (its refusal goes back onto the form through `core/views/pages.refusal_on`)."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.forms import BootstrapMixin
from dangjian.org.models import Person
from dangjian.projects.projects.models import (
    Domain,
    Goal,
    Measure,
    Project,
    ProjectMember,
    RuleRevision,
    State,
    SubPlan,
    Task,
)
from dangjian.projects.projects.selectors import ProjectFilters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


def _blank(choices):
    return [("", "—"), *choices]


class ProjectFilterForm(BootstrapMixin, forms.Form):
    """The project list's filters (a GET form; values that do not parse are ignored rather than refused)."""

    q = forms.CharField(label=_("Title or code"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    domain = forms.ChoiceField(label=_("Domain"), required=False, choices=_blank(Domain.choices))
    state = forms.ChoiceField(label=_("State"), required=False, choices=_blank(State.choices))
    org = forms.ChoiceField(label=_("Organisation"), required=False)

    def __init__(self, *args, years, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _blank((y, str(y)) for y in years)
        self.fields["org"].choices = _blank((o.code, f"{'· ' * o.depth}{o.name}") for o in orgs)
        self._style()

    def filters(self) -> ProjectFilters:
        if not self.is_bound:
            return ProjectFilters()
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        year = data.get("year")
        if year is None and str(self.data.get("year", "")).isdigit() and len(self.data["year"]) == 4:
            year = int(self.data["year"])  # a year with no projects yet still filters (to nothing)
        return ProjectFilters(
            year=year,
            domain=data.get("domain") or "",
            state=data.get("state") or "",
            # an org code that is not a choice (out of scope, or gone) filters to nothing rather than to everything
            org=data.get("org") or str(self.data.get("org", "")).strip()[:40],
            q=data.get("q") or "",
        )


class PeopleChoiceField(forms.TypedChoiceField):
    """A person from a precomputed list of (pk, label), so a formset of many rows renders with no query per row."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, required=False, **kwargs)


class ProjectForm(BootstrapMixin, forms.ModelForm):
    """The project's own fields. `owners` offers where it may be proposed (create only); `people` the secretary and
    members (edit only: they come from the owner's org)."""

    leaders = forms.TypedMultipleChoiceField(label=_("Project leaders"), required=False, coerce=int)
    members = forms.TypedMultipleChoiceField(label=_("Members"), required=False, coerce=int)

    class Meta:
        model = Project
        fields = [
            "owner",
            "code",
            "title",
            "domain",
            "custom_domain",
            "year",
            "starts_on",
            "ends_on",
            "secretary",
            "problem",
            "rationale",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "problem": TEXT, "rationale": TEXT}

    def __init__(self, *args, owners=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Leave empty for the next free code of the year.")
        if not self.instance.pk and self.initial.get("year") is None:
            # Most projects are proposed for the year they are proposed in: one box less to type.
            self.initial["year"] = timezone.localdate().year
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = owners
            self.fields["owner"].label_from_instance = lambda o: f"{'· ' * o.depth}{o.name}"
        if people is None:
            for name in ("secretary", "leaders", "members"):
                del self.fields[name]
        else:
            self.fields["secretary"] = PeopleChoiceField(
                label=_("Responsible secretary (第一责任人)"), choices=_blank(people)
            )
            self.fields["leaders"].choices = people
            self.fields["members"].choices = people
            if self.instance.pk:
                rows = list(self.instance.memberships.all())
                self.initial.setdefault("secretary", self.instance.secretary_id)
                self.initial.setdefault("leaders", [m.person_id for m in rows if m.role == ProjectMember.Role.LEADER])
                self.initial.setdefault("members", [m.person_id for m in rows if m.role == ProjectMember.Role.MEMBER])
            for name in ("leaders", "members"):
                self.fields[name].widget.attrs.update(size=6, **{"data-filter-count": _("Chosen: {n}")})
            for name in ("secretary", "leaders", "members"):
                # static/js/picker-filter.js puts a search box above the list of names
                self.fields[name].widget.attrs["data-filter"] = _("Type a name to filter")
        self._style()

    def _post_clean(self):
        # The secretary is a plain choice here; model validation must not see the pk where it expects a Person.
        secretary = self.cleaned_data.pop("secretary", None) if "secretary" in self.fields else None
        super()._post_clean()
        if "secretary" in self.fields:
            self.cleaned_data["secretary"] = secretary

    def service_fields(self) -> dict:
        """cleaned_data as the service's keyword arguments (people as rows, members as [(person, role)])."""
        data = dict(self.cleaned_data)
        leaders, members = data.pop("leaders", None), data.pop("members", None)
        if "secretary" in self.fields:
            data["secretary"] = Person.objects.filter(pk=data["secretary"]).first() if data["secretary"] else None
        if leaders is not None or members is not None:
            roles = {pk: ProjectMember.Role.MEMBER for pk in members or []}
            roles.update({pk: ProjectMember.Role.LEADER for pk in leaders or []})
            people = Person.objects.in_bulk(list(roles))
            data["members"] = [(people[pk], role) for pk, role in roles.items() if pk in people]
        data.pop("owner", None)
        return data


class PlanRowForm(BootstrapMixin, forms.ModelForm):
    """One plan row in a formset; an `owner` field is a choice among the precomputed people."""

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            self.fields["owner"] = PeopleChoiceField(label=_("Owner"), choices=_blank(people))
            self.initial.setdefault("owner", self.instance.owner_id)
        self._style()

    def _post_clean(self):
        owner = self.cleaned_data.pop("owner", None) if "owner" in self.fields else None
        super()._post_clean()
        if "owner" in self.fields:
            self.cleaned_data["owner"] = owner

    def service_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("id", "project", "DELETE")}
        if "owner" in data:
            data["owner"] = Person.objects.filter(pk=data["owner"]).first() if data["owner"] else None
        return data


class GoalForm(PlanRowForm):
    """A goal; with "read from production data" it names an indicator of the company's catalogue and the unit whose
    values show the effect. The pickers' choices are computed once for the whole formset (goal_link_choices)."""

    LINKS = ("indicator", "unit")

    class Meta:
        model = Goal
        fields = [
            "indicator_name",
            "unit_of_measure",
            "baseline",
            "target",
            "benchmark",
            "direction",
            "source",
            "indicator",
            "unit",
            "order",
        ]

    def __init__(self, *args, indicators=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, choices in (
            ("indicator", _("Production indicator"), indicators),
            ("unit", _("Production unit"), units),
        ):
            self.fields[name] = forms.TypedChoiceField(
                label=label, required=False, coerce=int, empty_value=None, choices=_blank(choices)
            )
            self.initial.setdefault(name, getattr(self.instance, f"{name}_id"))
        self.fields["indicator"].help_text = _("With actual values read from production data: the effect is measured.")
        self.fields["source"].required = False
        if not self.instance.pk:
            # An empty extra row stays unchanged (and is skipped) until something is typed in it: the browser sends
            # the blank choice for it, not the first source (a blank source on a filled row means the review's).
            self.initial["source"] = ""
            self.fields["source"].choices = [("", "—"), *Goal.Source.choices]
        self._style()

    def clean_source(self):
        return self.cleaned_data.get("source") or Goal.Source.REVIEW

    def _post_clean(self):
        picked = {name: self.cleaned_data.pop(name, None) for name in self.LINKS}
        self.instance.indicator_id, self.instance.unit_id = picked["indicator"], picked["unit"]
        super()._post_clean()
        self.cleaned_data.update(picked)

    def service_fields(self) -> dict:
        from dangjian.indicators.models import Indicator
        from dangjian.org.models import Unit

        data = super().service_fields()
        data["indicator"] = Indicator.objects.filter(pk=data["indicator"]).first() if data.get("indicator") else None
        data["unit"] = Unit.objects.filter(pk=data["unit"]).first() if data.get("unit") else None
        return data


def goal_link_choices(user) -> dict:
    """The indicator and unit pickers of the goal forms: the active indicators of the user's company catalogue and
    the units of their company (two queries for the whole formset)."""
    from dangjian.indicators.models import Indicator
    from dangjian.org import tenancy

    indicators = Indicator.objects.restrict(user, "view").filter(active=True).order_by("sort_order", "code")[:500]
    units = tenancy.units(user).filter(active=True).order_by("path").only("name", "depth")[:500]
    return {
        "indicators": [(i.pk, str(i)) for i in indicators],
        "units": [(u.pk, "\u2003" * u.depth + u.name) for u in units],
    }


class MeasureForm(PlanRowForm):
    class Meta:
        model = Measure
        fields = ["text", "owner", "order"]
        widgets = {"text": SHORT_TEXT}


class SubPlanForm(PlanRowForm):
    class Meta:
        model = SubPlan
        fields = ["title", "content", "owner", "order"]
        widgets = {"content": SHORT_TEXT}


class TaskForm(PlanRowForm):
    class Meta:
        model = Task
        fields = ["title", "owner", "due_on", "order"]
        widgets = {"due_on": DATE}


class RuleRevisionForm(PlanRowForm):
    class Meta:
        model = RuleRevision
        fields = ["title", "kind", "on", "order"]
        widgets = {"on": DATE}


def _formset(model, form, extra: int):
    return inlineformset_factory(
        Project, model, form=form, extra=extra, can_delete=True, max_num=200, validate_max=True
    )


# kind (as the services name it) -> formset class, in page order
FORMSETS = {
    "goals": _formset(Goal, GoalForm, 2),
    "measures": _formset(Measure, MeasureForm, 2),
    "sub_plans": _formset(SubPlan, SubPlanForm, 1),
    "tasks": _formset(Task, TaskForm, 2),
    "rule_revisions": _formset(RuleRevision, RuleRevisionForm, 1),
}
FORMSET_TITLES = {
    "goals": _("Goals"),
    "measures": _("Measures (保障措施)"),
    "sub_plans": _("Sub-plans (子方案)"),
    "tasks": _("Tasks (工作任务)"),
    "rule_revisions": _("Rules revised (制度修订)"),
}


def plan_changes(formsets: dict) -> list[tuple[str, int | None, dict | None]]:
    """The rows a set of valid formsets adds, changes or removes, as (kind, row id or None, fields or None)."""
    changes = []
    for kind, formset in formsets.items():
        for form in formset.forms:
            pk = form.instance.pk
            if formset.can_delete and formset._should_delete_form(form):
                if pk:
                    changes.append((kind, pk, None))
            elif form.has_changed():
                changes.append((kind, pk, form.service_fields()))
    return changes


class TransitionForm(forms.Form):
    """The comment box under the lifecycle buttons (the button pressed names the action)."""

    action = forms.CharField(max_length=20)
    comment = forms.CharField(
        label=_("Comment (the reason, or the on-site check's findings)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class TaskReportForm(BootstrapMixin, forms.Form):
    """Mark a task done with evidence of what was done (text, or a file), or not done again."""

    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE)
    evidence = forms.CharField(label=_("What was done"), required=False, max_length=2000, widget=SHORT_TEXT)
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)

    def __init__(self, data=None, files=None, *, task=None, **kwargs):
        if task is not None and data is None:
            kwargs.setdefault("initial", {"done_on": task.done_on or timezone.localdate(), "evidence": task.evidence})
        super().__init__(data, files, **kwargs)
        self._style()


class ResultsForm(BootstrapMixin, forms.Form):
    highlights = forms.CharField(label=_("Highlights"), required=False, widget=TEXT)
    results_summary = forms.CharField(label=_("Results"), required=False, widget=TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
