"""The meeting form: the record's fields, the seed-002 checklist, one attendance row per person on the roster and a
few blank follow-up actions; and the small forms of the meeting pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.core.forms import DATE, BootstrapMixin
from dangjian.meetings.models import Attendance, MeetingType, Period
from dangjian.meetings.services import ActionIn, Mark

CHECK_LABELS = {
    "prepared": _("Before: topic, notice and materials prepared"),
    "studied": _("During: studied together"),
    "reported": _("During: work reported"),
    "discussed": _("During: discussed"),
    "summarised": _("During: summarised"),
    "assigned": _("During: people and duties assigned"),
    "followed_up": _("After: decisions followed up"),
}
ACTION_ROWS = 3


class ChooseForm(BootstrapMixin, forms.Form):
    """Which org holds the meeting and which type it is (decides the roster)."""

    org = forms.ChoiceField(label=_("Party organisation"))
    meeting_type = forms.ChoiceField(label=_("Meeting type"), choices=MeetingType.choices)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.code, o.name) for o in orgs]
        self._style()


class MeetingForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    counts_for = forms.DateField(
        label=_("Makes up for"),
        required=False,
        widget=DATE,
        help_text=_("Only for a meeting held late: a day in the period it makes up for."),
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    host = forms.TypedChoiceField(label=_("Host"), coerce=int, required=False, empty_value=None)
    recorder = forms.TypedChoiceField(label=_("Recorder"), coerce=int, required=False, empty_value=None)
    lecturer = forms.TypedChoiceField(label=_("Lecturer"), coerce=int, required=False, empty_value=None)
    agenda = forms.CharField(label=_("Agenda"), required=False, max_length=4000, widget=forms.Textarea({"rows": 3}))
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=50000,
        widget=forms.Textarea({"rows": 8}),
        help_text=_("Plain text, or simple formatting (bold, lists, tables); anything else is removed."),
    )
    vote_held = forms.BooleanField(
        label=_("A vote was held (needs more than half of the full members)"), required=False
    )

    def __init__(self, *args, roster, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = roster
        self.people = {p.pk: p for p in people}
        choices = [("", "—")] + [(p.pk, p.name) for p in people]
        for name in ("host", "recorder", "lecturer"):
            self.fields[name].choices = choices
        for key, label in CHECK_LABELS.items():
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)
        for person in roster:
            self.fields[f"att_{person.pk}"] = forms.ChoiceField(
                label=person.name,
                choices=Attendance.Status.choices,
                initial=Attendance.Status.PRESENT,
                widget=forms.Select({"aria-label": person.name}),
            )
            self.fields[f"reason_{person.pk}"] = forms.CharField(
                label=_("Reason"),
                max_length=200,
                required=False,
                widget=forms.TextInput({"placeholder": _("Reason for leave"), "aria-label": _("Reason for leave")}),
            )
        for i in range(ACTION_ROWS):
            self.fields[f"action_{i}_text"] = forms.CharField(
                label=_("Follow-up action"), max_length=300, required=False
            )
            self.fields[f"action_{i}_owner"] = forms.TypedChoiceField(
                label=_("Owner"), choices=choices, coerce=int, required=False, empty_value=None
            )
            self.fields[f"action_{i}_due"] = forms.DateField(label=_("Due"), required=False, widget=DATE)
        self._style()

    def attendance_rows(self):
        return [(p, self[f"att_{p.pk}"], self[f"reason_{p.pk}"]) for p in self.roster]

    def action_rows(self):
        return [
            (self[f"action_{i}_text"], self[f"action_{i}_owner"], self[f"action_{i}_due"]) for i in range(ACTION_ROWS)
        ]

    def check_fields(self):
        return [self[f"check_{k}"] for k in CHECK_LABELS]

    def clean(self):
        data = super().clean()
        for i in range(ACTION_ROWS):
            text, owner, due = (data.get(f"action_{i}_{n}") for n in ("text", "owner", "due"))
            if text and (owner is None or due is None):
                self.add_error(f"action_{i}_text", _("Give the action an owner and a due date."))
        return data

    def person(self, name: str):
        pk = self.cleaned_data.get(name)
        return self.people.get(pk) if pk else None

    def meeting_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "topic": data["topic"],
            "location": data["location"],
            "agenda": data["agenda"],
            "minutes": data["minutes"],
            "vote_held": data["vote_held"],
            "host": self.person("host"),
            "recorder": self.person("recorder"),
            "lecturer": self.person("lecturer"),
            "checklist": {k: data.get(f"check_{k}", False) for k in CHECK_LABELS},
        }

    def marks(self) -> list[Mark]:
        data = self.cleaned_data
        return [Mark(p, data[f"att_{p.pk}"], data.get(f"reason_{p.pk}", "")) for p in self.roster]

    def actions(self) -> list[ActionIn]:
        data, out = self.cleaned_data, []
        for i in range(ACTION_ROWS):
            if data.get(f"action_{i}_text"):
                owner = self.people.get(data[f"action_{i}_owner"])
                out.append(ActionIn(data[f"action_{i}_text"], owner, data[f"action_{i}_due"]))
        return out


def initial_for(meeting) -> dict:
    """The form's initial values from a recorded meeting."""
    initial = {
        "held_on": meeting.held_on,
        "counts_for": meeting.counts_for if meeting.counts_for != meeting.held_on else None,
        "topic": meeting.topic,
        "location": meeting.location,
        "host": meeting.host_id,
        "recorder": meeting.recorder_id,
        "lecturer": meeting.lecturer_id,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "vote_held": meeting.vote_held,
    }
    initial.update({f"check_{k}": bool(v) for k, v in (meeting.checklist or {}).items()})
    for row in meeting.attendance.all():
        initial[f"att_{row.person_id}"] = row.status
        initial[f"reason_{row.person_id}"] = row.reason
    return initial


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), required=False, initial=dt.date.today, widget=DATE)


class RuleForm(BootstrapMixin, forms.Form):
    """One frequency rule of the company: which type, how often, how many times, reminder days, on or off."""

    meeting_type = forms.ChoiceField(choices=MeetingType.choices, widget=forms.HiddenInput)
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)
    times = forms.IntegerField(label=_("Times per period"), min_value=1, max_value=12)
    remind_days = forms.IntegerField(label=_("Remind days before the period ends"), min_value=0, max_value=90)
    active = forms.BooleanField(label=_("In force"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    @staticmethod
    def initial_for(rule) -> dict:
        return {
            "meeting_type": rule.meeting_type,
            "period": rule.period,
            "times": rule.times,
            "remind_days": rule.remind_days,
            "active": rule.active,
        }
