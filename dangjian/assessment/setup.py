"""What the set-up centre (基础设置) shows of assessment: this year's 双百分 template."""

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
    items = Item.objects.filter(template=template).count() if template else 0
    return [
        {
            "label": _("Assessment template of this year"),
            "count": items,
            "done": items > 0,
            "url": reverse("assessment:template", args=[template.pk]) if template else reverse("standard"),
            "hint": _("The 双百分 template: 5 classes, 33 items as standard, edited on the page or imported."),
        }
    ]
