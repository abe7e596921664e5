"""Forms for transfers and floating members: the choices are the members the user may transfer and the branches of
the user's company; the services check the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangjian.affairs.transfers import selectors
from dangjian.affairs.transfers.models import FloatingMember, Transfer
from dangjian.core.forms import BootstrapMixin
from dangjian.org.models import PartyOrg, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.employee_no}）· {obj.branch.name}"


class TransferForm(BootstrapMixin, forms.Form):
    """Ask for a transfer (within the company or out of the system) or register one coming in."""

    person = PersonChoice(label=pgettext_lazy("transfer", "member"), queryset=Person.objects.none())
    to_org = forms.ModelChoiceField(label=_("to branch"), queryset=PartyOrg.objects.none())
    outside_org = forms.CharField(label=_("organisation outside"), max_length=200)
    letter_no = forms.CharField(label=_("letter number"), max_length=40)
    report_by = forms.DateField(label=_("report in by"), widget=DATE, required=False)
    # Someone already on the company's records (a member who left and comes back, found by employee number) brings
    # their name, gender and party status with them: those fields may stay empty (entered once).
    name = forms.CharField(label=pgettext_lazy("transfer", "name"), max_length=50, required=False)
    employee_no = forms.CharField(label=_("employee number"), max_length=30)
    gender = forms.ChoiceField(label=_("gender"), choices=[("", "—"), *Person.Gender.choices], required=False)
    party_status = forms.ChoiceField(
        label=_("party status"),
        choices=[
            ("", "—"),
            (Person.PartyStatus.MEMBER, Person.PartyStatus.MEMBER.label),
            (Person.PartyStatus.PROBATIONARY, Person.PartyStatus.PROBATIONARY.label),
        ],
        required=False,
    )
    status_since = forms.DateField(label=_("status since"), widget=DATE, required=False)
    reason = forms.CharField(label=_("reason"), max_length=200)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    FIELDS = {
        Transfer.Kind.INTERNAL: ("person", "to_org", "reason", "note"),
        Transfer.Kind.OUT: ("person", "outside_org", "reason", "note"),
        Transfer.Kind.IN: (
            "to_org",
            "outside_org",
            "letter_no",
            "report_by",
            "name",
            "employee_no",
            "gender",
            "party_status",
            "status_since",
            "reason",
            "note",
        ),
    }

    def __init__(self, *args, kind: str, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = self.FIELDS[kind]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "person" in self.fields:
            self.fields["person"].queryset = selectors.transferable_people_qs(user=user)
        if "to_org" in self.fields:
            self.fields["to_org"].queryset = selectors.company_branches(user=user)
        if kind == Transfer.Kind.OUT:
            self.fields["outside_org"].help_text = _("The organisation the member goes to (e.g. 中共某县委组织部).")
        if kind == Transfer.Kind.IN:
            self.fields["outside_org"].help_text = _("The organisation that wrote the letter.")
            self.fields["letter_no"].help_text = _("The number on the letter the member brought.")
            self.fields["name"].help_text = _(
                "Leave name, gender and party status empty for someone on the records: they are taken from there."
            )
        self._style()

    def service_args(self) -> dict:
        return {"kind": self.kind, **{k: v for k, v in self.cleaned_data.items() if v not in (None, "")}}


class FloatingForm(BootstrapMixin, forms.ModelForm):
    person = PersonChoice(label=pgettext_lazy("transfer", "member"), queryset=Person.objects.none())

    class Meta:
        model = FloatingMember
        fields = (
            "person",
            "location",
            "reason",
            "contact_method",
            "contact",
            "keeping_org",
            "local_org",
            "since",
            "until",
            "last_contact_on",
            "note",
        )
        widgets = {"since": DATE, "until": DATE, "last_contact_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keeping_org"].queryset = selectors.company_branches(user=user)
        self.fields["keeping_org"].required = False
        self.fields["keeping_org"].help_text = _("Empty: the member's branch.")
        if self.instance.pk:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = selectors.transferable_people_qs(user=user)
            del self.fields["until"]
        self._style()

    def _post_clean(self):
        # The service validates the record (with its permission and the company's orgs); not the model form.
        pass

    def service_args(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("keeping_org") is None:
            data.pop("keeping_org", None)
        return data
