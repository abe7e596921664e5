"""The archive's forms: a category (the office's catalogue) and an item from outside (an upload or a paper record
with its box number), plus an item's edit."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.archive.models import Category, Retention
from dangjian.core.forms import DATE, BootstrapMixin


class CategoryForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=50)
    retention = forms.ChoiceField(label=_("Retention period"), choices=Retention.choices)
    order = forms.IntegerField(label=_("Order on the shelf"), min_value=0, max_value=999, initial=10)
    description = forms.CharField(label=_("What it holds"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class ItemForm(BootstrapMixin, forms.Form):
    """An item from outside: with a file it is an upload, without one a paper record (its box number)."""

    org = forms.ChoiceField(label=_("Organisation"))
    category = forms.ChoiceField(label=_("Category"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    day = forms.DateField(label=_("Date"), required=False, widget=DATE)
    box_no = forms.CharField(label=_("Box number"), max_length=30, required=False)
    text = forms.CharField(
        label=_("Keywords or summary (for search)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(label=_("File (empty: a paper record)"), required=False)

    def __init__(self, *args, orgs, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.orgs = {o.code: o for o in orgs}
        self.categories = {str(c.pk): c for c in categories}
        self.fields["org"].choices = [(o.code, f"{'· ' * o.depth}{o.name}") for o in self.orgs.values()]
        self.fields["category"].choices = [(k, c.name) for k, c in self.categories.items()]
        self.fields["year"].initial = timezone.localdate().year
        self._style()

    def clean_org(self):
        return self.orgs[self.cleaned_data["org"]]

    def clean_category(self):
        return self.categories[self.cleaned_data["category"]]


class ItemEditForm(BootstrapMixin, forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    day = forms.DateField(label=_("Date"), required=False, widget=DATE)
    box_no = forms.CharField(label=_("Box number"), max_length=30, required=False)
    text = forms.CharField(
        label=_("Keywords or summary (for search)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {str(c.pk): c for c in categories}
        self.fields["category"].choices = [(k, c.name) for k, c in self.categories.items()]
        self._style()

    def clean_category(self):
        return self.categories[self.cleaned_data["category"]]


def category_initial(category: Category) -> dict:
    return {f: getattr(category, f) for f in ("code", "name", "retention", "order", "description")}
