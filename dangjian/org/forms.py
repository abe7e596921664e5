"""Forms for the org pages. They parse and show input; the services decide and write (a view never calls save()).

Model forms are used for their labels, widgets and choices; their model validation only gives earlier feedback — the
service validates again and its refusal is mapped back onto the form (`core/views/pages.refusal_on`)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.forms import DATE, BootstrapMixin
from dangjian.org.models import CommitteeSeat, PartyOrg, Person, Unit
from dangjian.org.selectors import PeopleFilters


class OrgForm(BootstrapMixin, forms.ModelForm):
    """Create or edit a party org. `parents` is where the user may add orgs; without it the parent is not editable."""

    class Meta:
        model = PartyOrg
        fields = ["parent", "code", "name", "kind", "founded_on", "term_start", "term_end", "sort_order"]
        widgets = {"founded_on": DATE, "term_start": DATE, "term_end": DATE}

    units = forms.ModelMultipleChoiceField(
        label=_("Production units covered"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("支部建在生产线上: the production units this organisation covers (a party group: a shift crew)."),
    )

    def __init__(self, *args, parents=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if parents is None:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = parents.filter(status=PartyOrg.Status.ACTIVE).exclude(
                kind=PartyOrg.Kind.GROUP
            )
            self.fields["parent"].required = True
        if units is None:
            del self.fields["units"]
        else:
            self.fields["units"].queryset = units
            self.fields["units"].widget.attrs["size"] = 8
            if self.instance.pk:
                self.initial["units"] = list(self.instance.unit_links.values_list("unit_id", flat=True))
        self._style()


class DissolveForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("Dissolved on"), widget=DATE, initial=timezone.localdate)
    comment = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class UnitForm(BootstrapMixin, forms.ModelForm):
    """Create or edit a production unit."""

    class Meta:
        model = Unit
        fields = ["parent", "code", "name", "kind", "active", "sort_order"]

    def __init__(self, *args, parents=None, top_allowed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents if parents is not None else Unit.objects.none()
        if self.instance.pk:
            # editing keeps the unit where it is (unit_update does not move units)
            del self.fields["parent"]
            self.fields["active"].help_text = _(
                "Clear to retire the unit: it stays in the records but is no longer offered. Retire the units under "
                "it first."
            )
        else:
            del self.fields["active"]
            self.fields["parent"].required = not top_allowed
            if top_allowed:
                self.fields["parent"].help_text = _(
                    "Leave empty for a top-level unit of your company (the company itself or another plant beside "
                    "it); it is linked to the company's party committee."
                )
        self._style()


class SeatForm(BootstrapMixin, forms.Form):
    """A seat on an org's committee for a term."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Committee role"), choices=CommitteeSeat.Role.choices)
    since = forms.DateField(label=_("Term start"), widget=DATE, required=False, initial=timezone.localdate)
    until = forms.DateField(
        label=_("Term end"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty while the seat lasts; end it on this page when the person leaves the committee."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: f"{p.name} ({p.employee_no})"
        self._style()


class SeatEndForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("Ended on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PersonForm(BootstrapMixin, forms.ModelForm):
    """A person's details. On edit the party status is not a field: it moves one step at a time (StatusForm)."""

    class Meta:
        model = Person
        fields = [
            "employee_no",
            "name",
            "gender",
            "birth_date",
            "education",
            "job_title",
            "phone",
            "unit",
            "branch",
            "group",
            "party_status",
            "applied_on",
            "activist_on",
            "candidate_on",
            "probationary_on",
            "full_member_on",
            "active",
        ]
        widgets = {
            name: DATE
            for name in ("birth_date", "applied_on", "activist_on", "candidate_on", "probationary_on", "full_member_on")
        }

    def __init__(self, *args, branches, units, branch_id: int | None = None, redraw_url: str = "", **kwargs):
        """`branches`: where the user may register people; `units`: the unit choices; `branch_id`: the branch whose
        party groups are offered (a group must belong to the person's branch, and a company has thousands)."""
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        if editing:
            del self.fields["party_status"]
            branches = PartyOrg.objects.filter(Q(pk__in=branches.values("pk")) | Q(pk=self.instance.branch_id))
        else:
            del self.fields["active"]
        self.fields["branch"].queryset = branches.exclude(kind=PartyOrg.Kind.GROUP).filter(
            status=PartyOrg.Status.ACTIVE
        )
        self.fields["group"].queryset = branches.filter(
            kind=PartyOrg.Kind.GROUP, status=PartyOrg.Status.ACTIVE, parent_id=branch_id or 0
        )
        self.fields["unit"].queryset = units
        # Choosing another branch redraws the form (htmx) so the group and unit choices follow it.
        self.fields["branch"].widget.attrs.update(
            {
                "hx-get": redraw_url,
                "hx-include": "closest form",
                "hx-select": "#form-fields",
                "hx-target": "#form-fields",
                "hx-swap": "outerHTML",
            }
        )
        self._style()


class StatusForm(BootstrapMixin, forms.Form):
    """Move a person one step along the recruitment path, or back to non-member."""

    to_status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = status_moves(person)
        self._style()


def status_moves(person: Person) -> list[tuple[str, str]]:
    """The statuses a person may move to: the next step on the path, and back to non-member."""
    order = Person.STATUS_ORDER
    current = order.index(person.party_status)
    moves = []
    if current + 1 < len(order):
        moves.append(order[current + 1])
    if current > 0:
        moves.append(order[0])
    return [(s, Person.PartyStatus(s).label) for s in moves]


def _blank(choices) -> list[tuple[str, str]]:
    return [("", _("any"))] + list(choices)


class PeopleFilterForm(BootstrapMixin, forms.Form):
    """The people list's search box and filters (a GET form; invalid values are ignored rather than refused)."""

    q = forms.CharField(label=_("Name or employee number"), required=False, max_length=50)
    org = forms.ChoiceField(label=_("Organisation"), required=False)
    party_status = forms.ChoiceField(
        label=_("Party status"), required=False, choices=_blank(Person.PartyStatus.choices)
    )
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=_blank(Person.Gender.choices))
    education = forms.ChoiceField(label=_("Education"), required=False, choices=_blank(Person.Education.choices))
    include_inactive = forms.BooleanField(label=_("Include people off the roll"), required=False)

    def __init__(self, *args, orgs, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = _blank((code, f"{'· ' * depth}{name}") for code, depth, name in orgs)
        self.fields["unit"].choices = _blank((pk, f"{'· ' * depth}{name}") for pk, depth, name in units)
        self.fields["q"].widget.attrs["placeholder"] = _("Name or employee number")
        self._style()

    def filters(self) -> PeopleFilters:
        if not self.is_bound:
            return PeopleFilters()
        if not self.is_valid():
            # keep whatever parsed; a stale bookmark with an old org code still shows a list
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        else:
            data = self.cleaned_data
        return PeopleFilters(
            q=data.get("q") or "",
            # an org code that is not a choice (out of scope, or gone) filters to nothing rather than to everything
            org=data.get("org") or str(self.data.get("org", "")).strip()[:40],
            party_status=data.get("party_status") or "",
            unit=data.get("unit"),
            gender=data.get("gender") or "",
            education=data.get("education") or "",
            include_inactive=bool(data.get("include_inactive")),
        )
