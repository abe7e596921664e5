"""Forms of publicity and the forums. People are named by employee number, projects by code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.forms import BootstrapMixin
from dangjian.core.permissions import ADD
from dangjian.core.scoping import scope_for
from dangjian.org.models import PartyOrg
from dangjian.org.standing import office_orgs
from dangjian.publicity import selectors
from dangjian.publicity.models import Column, ForumKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _orgs_with(user, resource: str):
    scope = scope_for(user, resource, ADD)
    rows = PartyOrg.objects.filter(status=PartyOrg.Status.ACTIVE).exclude(kind=PartyOrg.Kind.GROUP)
    if scope.empty:
        return rows.none()
    if not scope.everywhere:
        from django.db.models import Q

        q = Q(pk__in=[])
        for path in scope.paths:
            q |= Q(path__startswith=path)
        rows = rows.filter(q)
    return rows.order_by("path")


class ArticleForm(BootstrapMixin, forms.Form):
    org = forms.ModelChoiceField(label=_lazy("party org"), queryset=PartyOrg.objects.none())
    column = forms.ModelChoiceField(label=_lazy("column"), queryset=Column.objects.none(), required=False)
    title = forms.CharField(label=_lazy("title"), max_length=150)
    summary = forms.CharField(label=_lazy("summary"), max_length=300, required=False)
    body = forms.CharField(
        label=_lazy("text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_lazy(
            "Plain text. A blank line starts a new paragraph; ## starts a heading, - a list item, **bold**."
        ),
    )
    byline = forms.CharField(label=_lazy("byline"), max_length=100, required=False)

    def __init__(self, *args, user, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {
                "org": instance.org_id,
                "column": instance.column_id,
                "title": instance.title,
                "summary": instance.summary,
                "body": instance.body,
                "byline": instance.byline,
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is None:
            self.fields["org"].queryset = selectors.writable_orgs(user=user)
            orgs = list(self.fields["org"].queryset[:2])
            if len(orgs) == 1:
                self.fields["org"].initial = orgs[0].pk
            self.fields["column"].queryset = selectors.columns_for(user=user)
        else:
            del self.fields["org"]
            columns = selectors.columns_for(user=user, org=instance.org)
            if instance.column_id:
                columns = Column.objects.filter(pk__in=[*columns.values_list("pk", flat=True), instance.column_id])
            self.fields["column"].queryset = columns.order_by("order", "name")
        self._style()  # form-control on every widget: the text area fits a phone

    def service_args(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("org", None)
        return data


class ColumnForm(BootstrapMixin, forms.Form):
    org = forms.ModelChoiceField(label=_lazy("party org"), queryset=PartyOrg.objects.none())
    name = forms.CharField(label=_lazy("name"), max_length=60)
    description = forms.CharField(label=_lazy("description"), max_length=300, required=False)
    order = forms.IntegerField(label=_lazy("order"), min_value=0, max_value=999, initial=0)

    def __init__(self, *args, user, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {
                "name": instance.name,
                "description": instance.description,
                "order": instance.order,
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        if instance is None:
            self.fields["org"].queryset = office_orgs(user)
            first = list(self.fields["org"].queryset[:1])
            if first:
                self.fields["org"].initial = first[0].pk
        else:
            del self.fields["org"]


class ForumForm(BootstrapMixin, forms.Form):
    org = forms.ModelChoiceField(label=_lazy("host org"), queryset=PartyOrg.objects.none())
    kind = forms.ChoiceField(label=_lazy("forum"), choices=ForumKind.choices)
    code = forms.CharField(label=_lazy("code"), max_length=40, help_text=_lazy("e.g. LT-2025-1, unique in the org."))
    title = forms.CharField(label=_lazy("title"), max_length=150)
    held_on = forms.DateField(label=_lazy("date"), widget=DATE)
    place = forms.CharField(label=_lazy("place"), max_length=100, required=False)
    theme = forms.CharField(label=_lazy("theme"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user, instance=None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {
                f: getattr(instance, f) for f in ("kind", "code", "title", "held_on", "place", "theme")
            } | kwargs.get("initial", {})
        super().__init__(*args, **kwargs)
        if instance is None:
            self.fields["org"].queryset = _orgs_with(user, "forum")
            first = list(self.fields["org"].queryset[:1])
            if first:
                self.fields["org"].initial = first[0].pk
        else:
            del self.fields["org"]


class PresentationForm(BootstrapMixin, forms.Form):
    presenter = forms.CharField(label=_lazy("presenter (employee number)"), max_length=40)
    title = forms.CharField(label=_lazy("title"), max_length=150)
    summary = forms.CharField(label=_lazy("what was shown"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    order = forms.IntegerField(label=_lazy("order"), min_value=0, max_value=999, initial=0)
    project = forms.CharField(label=_lazy("党建+X project code (optional)"), max_length=40, required=False)
    challenge = forms.TypedChoiceField(
        label=_lazy("open challenge (optional)"), coerce=int, required=False, empty_value=None
    )
    drill = forms.TypedChoiceField(
        label=_lazy("drill session (optional)"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, user, session, instance=None, **kwargs):
        from dangjian.posts.models import OpenChallenge
        from dangjian.talent.models import Drill

        if instance is not None:
            kwargs["initial"] = {
                "presenter": instance.presenter.employee_no,
                "title": instance.title,
                "summary": instance.summary,
                "order": instance.order,
                "project": instance.project.code if instance.project_id else "",
                "challenge": instance.challenge_id,
                "drill": instance.drill_id,
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        self.user, self.session = user, session
        challenges = OpenChallenge.objects.restrict(user, "view").order_by("-created_at")[:200]
        self.fields["challenge"].choices = [("", "—")] + [(c.pk, c.title) for c in challenges]
        drills = Drill.objects.restrict(user, "view").filter(kind=Drill.Kind.DRILL).order_by("-held_on", "-id")[:200]
        self.fields["drill"].choices = [("", "—")] + [(d.pk, f"{d.held_on:%Y-%m-%d} {d.topic}") for d in drills]

    def clean(self):
        data = super().clean()
        number = (data.get("presenter") or "").strip()
        if number:
            found = selectors.people_by_employee_no(session=self.session, numbers=[number]).get(number)
            if found is None:
                self.add_error("presenter", _("Unknown employee number."))
            data["presenter"] = found
        code = (data.get("project") or "").strip()
        data["project"] = None
        if code:
            data["project"] = selectors.project_by_code(user=self.user, code=code)
            if data["project"] is None:
                self.add_error("project", _("Unknown project."))
        data["challenge"] = selectors.challenge_by_id(user=self.user, pk=data.get("challenge"))
        data["drill"] = selectors.drill_by_id(user=self.user, pk=data.get("drill"))
        return data
