"""Forms for the handbook and the responsibility lists. A procedure's steps are edited as lines
(阶段 | 事项 | 责任人 | 数据核验 | 期限天数), so the office writes and pastes a whole version at once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.forms import DATE, BootstrapMixin
from dangjian.handbook.checks import CHECK_BY_WORD, CHECK_WORDS, CHECKS, DUTY_CHECKS
from dangjian.handbook.models import DutyKind, Phase, ProcedureKind
from dangjian.handbook.services import StepIn

PHASES = {
    "before": "before",
    "during": "during",
    "after": "after",
    "会前": "before",
    "会中": "during",
    "会后": "after",
    "前": "before",
    "中": "during",
    "后": "after",
    "准备": "before",
    "实施": "during",
    "落实": "after",
}
PHASE_WORDS = {"before": "会前", "during": "会中", "after": "会后"}


def steps_text(items) -> str:
    """A version's steps as the lines the form edits."""
    lines = []
    for item in items:
        cells = [PHASE_WORDS[item.phase], item.text, item.responsible, CHECK_WORDS.get(item.proof, item.proof)]
        if item.due_days is not None:
            cells.append(str(item.due_days))
        lines.append(" | ".join(cells).rstrip(" |"))
    return "\n".join(lines)


def parse_steps(text: str) -> list[StepIn]:
    """Lines to steps; a line that cannot be read is a ValidationError naming its number."""
    steps, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.replace("｜", "|").split("|")]
        cells += [""] * (5 - len(cells))
        phase, body, who, check, days = cells[:5]
        if phase not in PHASES:
            errors.append(_("Line %(n)s: the phase is 会前, 会中 or 会后.") % {"n": number})
            continue
        if not body:
            errors.append(_("Line %(n)s: write the step.") % {"n": number})
            continue
        check = CHECK_BY_WORD.get(check, check)
        if check and check not in CHECKS:
            errors.append(_("Line %(n)s: unknown check “%(check)s”.") % {"n": number, "check": check})
            continue
        try:
            due = int(days) if days else None
        except ValueError:
            errors.append(_("Line %(n)s: the days are a whole number (−30: 30 days before).") % {"n": number})
            continue
        steps.append(StepIn(phase=PHASES[phase], text=body[:300], responsible=who[:60], check=check, due_days=due))
    if errors:
        raise forms.ValidationError(errors)
    if not steps:
        raise forms.ValidationError(_("Write at least one step."))
    return steps


STEPS_HELP = _lazy(
    "One step per line: phase (会前/会中/会后) | step | who | check (optional) | days from the term end (换届 only)."
)


class StepsForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_lazy("name"), max_length=100)
    steps = forms.CharField(label=_lazy("steps"), widget=forms.Textarea(attrs={"rows": 12}), help_text=STEPS_HELP)
    note = forms.CharField(label=_lazy("what changed"), max_length=300, required=False)
    effective_from = forms.DateField(label=_lazy("effective from"), widget=DATE, required=False)

    def __init__(self, *args, create: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if create:
            self.fields = {"kind": forms.ChoiceField(label=_lazy("kind"), choices=ProcedureKind.choices), **self.fields}
        self._style()

    def clean_steps(self):
        return parse_steps(self.cleaned_data["steps"])


class TickForm(forms.Form):
    item = forms.IntegerField(min_value=1)
    done = forms.BooleanField(required=False)
    term = forms.DateField(required=False)


class DutyListForm(BootstrapMixin, forms.Form):
    org = forms.ChoiceField(label=_lazy("party organisation"))
    kind = forms.ChoiceField(label=_lazy("kind"), choices=DutyKind.choices)
    holder = forms.CharField(
        label=_lazy("whose list (employee number)"),
        max_length=30,
        required=False,
        help_text=_lazy("Empty for the company's list."),
    )
    year = forms.IntegerField(label=_lazy("year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_lazy("title"), max_length=120)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.code, o.name) for o in orgs]
        self._style()


CHECK_CHOICES = [("", _lazy("by hand (owner's note)")), *[(k, v) for k, v in DUTY_CHECKS.items()]]


class DutyItemForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_lazy("duty"), max_length=300)
    owner = forms.CharField(
        label=_lazy("owner (employee number)"),
        max_length=30,
        required=False,
        help_text=_lazy("Empty: whose list it is."),
    )
    check = forms.ChoiceField(label=_lazy("proved by"), choices=CHECK_CHOICES, required=False)
    target = forms.IntegerField(label=_lazy("times"), min_value=1, max_value=100, initial=1)
    due_on = forms.DateField(label=_lazy("due"), widget=DATE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class DutyDoneForm(BootstrapMixin, forms.Form):
    done_on = forms.DateField(label=_lazy("done"), widget=DATE, required=False)
    evidence = forms.CharField(label=_lazy("evidence"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


__all__ = ["Phase"]
