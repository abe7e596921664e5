"""Forms of the service pages: send a request (phone-first), take a step, filter, and the deadline settings."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.forms import DATE, BootstrapMixin
from dangjian.org.models import CommitteeSeat, PartyOrg, Person
from dangjian.service.files import MAX_FILES
from dangjian.service.models import CalendarDay, Category, Destination, State
from dangjian.service.selectors import RequestFilters


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (files.py), not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class SubmitForm(BootstrapMixin, forms.Form):
    """我为群众办实事 / 必达: what the concern is about, where it goes, and whether it is anonymous."""

    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    title = forms.CharField(label=_("Subject"), max_length=100)
    description = forms.CharField(
        label=_("Describe the problem"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    destination = forms.ChoiceField(
        label=_("Send to"), choices=Destination.choices, initial=Destination.BRANCH, widget=forms.RadioSelect
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous: the people handling it will not see who sent it"), required=False
    )
    public = forms.BooleanField(label=_("The answer may be shown on the board of resolved matters"), required=False)
    attachments = MultipleFileField(
        label=_("Photos or PDF (at most %(n)d, 5 MB each)") % {"n": MAX_FILES}, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        self.fields["destination"].widget.attrs["class"] = "form-check-input"


class TransitionForm(forms.Form):
    """The boxes under a request's step buttons (the button pressed names the step)."""

    action = forms.CharField(max_length=20)
    comment = forms.CharField(
        label=_("Comment (what was done, or the reason)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(n, "★" * n) for n in range(5, 0, -1)],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    handler = forms.ModelChoiceField(
        label=_("Handler"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    org = forms.ModelChoiceField(
        label=_("Handling organisation"),
        queryset=PartyOrg.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user=None, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and request is not None:
            self.fields["handler"].queryset = handler_choices(user, request)
            self.fields["org"].queryset = (
                PartyOrg.objects.restrict(user, "view")
                .filter(path__startswith=request.handling_org.path, status=PartyOrg.Status.ACTIVE)
                .order_by("path")
            )
            self.fields["org"].initial = request.handling_org_id

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {k: data.get(k) for k in ("comment", "rating", "handler", "org")}


def handler_choices(user, request):
    """Who may be assigned: the committee members of the handling org's subtree whom the user can see, the user
    themselves, and — for a named request to a branch — anyone of that branch."""
    today = timezone.localdate()
    seated = CommitteeSeat.objects.filter(org__path__startswith=request.handling_org.path).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    )
    q = Q(pk__in=seated.values("person"))
    # Not for an anonymous request: a list of everyone in the branch would name the sender on the handler's page.
    small = request.handling_org.kind in ("branch", "group", "temporary_branch", "joint_branch")
    if small and not request.anonymous:
        # a branch is small (normally at most 50 members plus its employees): anyone of it may take a request on
        q |= Q(branch__path__startswith=request.handling_org.path)
    if getattr(user, "person_id", None):
        q |= Q(pk=user.person_id)
    # The sender never handles their own concern.
    return (
        Person.objects.restrict(user, "view")
        .filter(q)
        .exclude(pk=request.submitter_id)
        .order_by("branch__path", "name")
    )


class FilterForm(BootstrapMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open")), ("overdue", _("Past a deadline"))] + list(State.choices),
    )
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("All"))] + Category.choices)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def filters(self, default_state: str = "") -> RequestFilters:
        if not self.is_bound or not self.is_valid():
            return RequestFilters(state=default_state)
        data = self.cleaned_data
        return RequestFilters(state=data["state"] or default_state, category=data["category"], q=data["q"])


class PeriodForm(BootstrapMixin, forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        today = timezone.localdate()
        self.fields["start"].initial, self.fields["end"].initial = today - dt.timedelta(days=364), today

    def period(self):
        """The chosen dates, by default the last twelve months."""
        start, end = self.fields["start"].initial, self.fields["end"].initial
        if self.is_bound and self.is_valid():
            start = self.cleaned_data["start"] or start
            end = self.cleaned_data["end"] or end
        return (start, end) if start <= end else (end, start)


class SlaPolicyForm(BootstrapMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    accept_days = forms.IntegerField(label=_("Accept within (working days)"), min_value=1, max_value=60)
    resolve_days = forms.IntegerField(label=_("Resolve within (working days)"), min_value=1, max_value=250)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CalendarDayForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE)
    until = forms.DateField(label=_("Until (for several days)"), required=False, widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDay.Kind.choices)
    name = forms.CharField(label=_("Holiday name"), max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
