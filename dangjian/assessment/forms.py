"""The key-task form (the board's "new task"): the choices are the orgs the user may add tasks to."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.assessment.models import KeyTask
from dangjian.core.scoping import scope_for
from dangjian.org.forms import BootstrapMixin
from dangjian.org.models import PartyOrg, Person

MAX_ORGS = 500


class KeyTaskForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("code"), max_length=30)
    title = forms.CharField(label=_("task"), max_length=300)
    category = forms.ChoiceField(label=_("category"), choices=KeyTask.Category.choices)
    owner_org = forms.ModelChoiceField(label=_("owner organisation"), queryset=PartyOrg.objects.none())
    owner = forms.CharField(label=_("owner's employee number"), max_length=30, required=False)
    due_on = forms.DateField(label=_("due"), widget=forms.DateInput(attrs={"type": "date"}))
    deliverable = forms.CharField(label=_("deliverable"), max_length=300)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_for(user, "keytask", "add")
        q = Q() if scope.everywhere else Q(pk__in=[])
        for path in scope.paths:
            q |= Q(path__startswith=path)
        first = PartyOrg.objects.filter(q, status=PartyOrg.Status.ACTIVE).order_by("path").values("pk")[:MAX_ORGS]
        self.fields["owner_org"].queryset = PartyOrg.objects.filter(pk__in=first).order_by("path")
        self._user = user

    def clean_owner(self):
        number = self.cleaned_data["owner"].strip()
        if not number:
            return None
        person = Person.objects.restrict(self._user, "view").filter(employee_no=number).first()
        if person is None:
            raise forms.ValidationError(_("No such person in your organisations."))
        return person
