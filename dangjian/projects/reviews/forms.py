"""The review form: the review's own texts plus one actual-value field per goal entered in reviews (goals read from
production data have no field: their value is computed)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.core.forms import BootstrapMixin
from dangjian.projects.reviews.models import NUMBER
from dangjian.projects.reviews.services import REVIEW_FIELDS

TEXT = forms.Textarea(attrs={"rows": 3})


def goal_field(goal_id: int) -> str:
    return f"goal_{goal_id}"


class ReviewForm(BootstrapMixin, forms.Form):
    held_at = forms.CharField(
        label=_("Held at"),
        required=False,
        max_length=200,
        help_text=_("The meeting the review was held at, e.g. 3月支委会 or 主题党日."),
    )
    task_progress = forms.CharField(label=_("Task progress"), required=False, max_length=4000, widget=TEXT)
    narrative = forms.CharField(label=_("How the month went"), required=False, max_length=8000, widget=TEXT)
    problems = forms.CharField(label=_("Problems"), required=False, max_length=4000, widget=TEXT)
    next_steps = forms.CharField(label=_("Next steps"), required=False, max_length=4000, widget=TEXT)

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.entered_goals = [g for g in goals if g.source == "review"]
        for goal in self.entered_goals:
            self.fields[goal_field(goal.pk)] = forms.DecimalField(
                label=goal.indicator_name,
                required=False,
                **NUMBER,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
        self._style()

    def review_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in REVIEW_FIELDS}

    def actuals(self) -> dict[int, Decimal | None]:
        return {goal.pk: self.cleaned_data.get(goal_field(goal.pk)) for goal in self.entered_goals}
