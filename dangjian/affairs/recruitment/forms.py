"""Forms of the recruitment pages. People are named by employee number; a vote names the assembly from the list of
the branch's general assemblies with a vote."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.affairs.recruitment import steps
from dangjian.affairs.recruitment.models import Dossier
from dangjian.core.forms import BootstrapMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpenForm(BootstrapMixin, forms.Form):
    employee_no = forms.CharField(label=_("applicant (employee number)"), max_length=30)
    applied_on = forms.DateField(
        label=_("application dated"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty to use the date the roll already holds for the applicant."),
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class StepForm(BootstrapMixin, forms.Form):
    step = forms.ChoiceField(label=_("step"))
    done_on = forms.DateField(
        label=_("date"), widget=DATE, required=False, help_text=_("A vote takes its meeting's day.")
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)
    meeting = forms.TypedChoiceField(label=_("branch general assembly"), coerce=int, required=False)
    votes_for = forms.IntegerField(label=_("votes for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("votes against"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=_("abstentions"), min_value=0, required=False)
    training_days = forms.IntegerField(label=_("training days"), min_value=0, required=False)
    training_hours = forms.DecimalField(
        label=_("training hours"), min_value=0, max_digits=5, decimal_places=1, required=False
    )
    introducer_1 = forms.CharField(label=_("introducer (employee number)"), max_length=30, required=False)
    relation_1 = forms.ChoiceField(
        label=_("relation to the applicant"), choices=Dossier.Relation.choices, required=False
    )
    introducer_2 = forms.CharField(label=_("second introducer (employee number)"), max_length=30, required=False)
    relation_2 = forms.ChoiceField(
        label=_("relation to the applicant"), choices=Dossier.Relation.choices, required=False
    )

    # The fields only some steps take; a form for another step leaves them out (a phone shows the few it needs).
    EXTRA = {
        "vote": ("meeting", "votes_for", "votes_against", "abstentions"),
        "training": ("training_days", "training_hours"),
        "introducers": ("introducer_1", "relation_1", "introducer_2", "relation_2"),
    }

    def __init__(self, *args, slots=(), meetings=(), step=None, **kwargs):
        super().__init__(*args, **kwargs)
        if step is not None:
            kind = "vote" if step.vote else step.code
            for name in (f for k, fields in self.EXTRA.items() if k != kind for f in fields):
                del self.fields[name]
            if not step.vote:
                self.fields["done_on"].help_text = ""
        self.fields["step"].choices = [
            (
                f"local:{local.pk}" if local else definition.code,
                f"{local.number} {local.name}" if local else f"{definition.number}. {definition.name}",
            )
            for definition, local in slots
            if definition.code != "apply"
        ]
        if "meeting" in self.fields:
            self.fields["meeting"].choices = [("", "—")] + [(m.pk, f"{m.held_on:%Y-%m-%d} {m.topic}") for m in meetings]
        self._style()


class StopForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("date"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(label=_("why it stops"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ExtendForm(BootstrapMixin, forms.Form):
    months = forms.IntegerField(label=_("extend probation by (months)"), min_value=6, max_value=12)
    on = forms.DateField(label=_("decided on"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class PlanForm(BootstrapMixin, forms.Form):
    org = forms.ChoiceField(label=_("party org"))
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100, initial=lambda: dt.date.today().year)
    planned = forms.IntegerField(label=_("planned admissions"), min_value=0, max_value=1000)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.code, o.name) for o in orgs]
        self._style()


class LocalStepForm(BootstrapMixin, forms.Form):
    after = forms.ChoiceField(label=_("after national step"), choices=steps.CHOICES)
    name = forms.CharField(label=_("name"), max_length=100)
    actor = forms.ChoiceField(label=_("who acts"), choices=list(steps.ACTOR_LABELS.items()))
    record = forms.CharField(label=_("record produced"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
