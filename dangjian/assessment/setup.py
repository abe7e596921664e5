"""What the set-up centre (基础设置) shows of assessment: this year's 双百分 template, linked to its page (where
党群工作部 edits its categories and items) or, while there is none, to the page that creates it (empty, or a copy of
an earlier year's); the standard 5 classes and 33 items are one click on the standard catalogues page."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.assessment.models import Item, Template
from dangjian.org import tenancy


def setup_items(user) -> list[dict]:
    company = tenancy.companies(user).order_by("path").first()
    if company is None:
        return []
    template = Template.objects.filter(org=company, year=timezone.localdate().year).first()
    items = Item.objects.filter(template=template, active=True, category__active=True).count() if template else 0
    return [
        {
            "label": _("Assessment template of this year"),
            "count": items,
            "done": items > 0,
            "url": reverse("assessment:template", args=[template.pk])
            if template
            else reverse("assessment:template_create"),
            "hint": _(
                "The 双百分 template: create it here (empty, or a copy of last year's) and edit its categories and "
                "items on its page, import them, or install the standard 5 classes and 33 items from the standard "
                "catalogues."
            ),
        }
    ]
