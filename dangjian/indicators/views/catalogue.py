"""The indicator catalogue page: what is measured, how it rolls up, the benchmark."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from dangjian.core.scoping import can_anywhere
from dangjian.indicators import selectors, services
from dangjian.indicators.models import Indicator


@login_required
def catalogue(request):
    """The indicator catalogue, filtered by category or text, one page at a time (two queries: count and rows)."""
    if not can_anywhere(request.user, "indicator", "view"):
        raise PermissionDenied
    indicators = selectors.indicator_list(user=request.user)
    category = request.GET.get("category", "")
    if category in Indicator.Category.values:
        indicators = indicators.filter(category=category)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        indicators = indicators.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if request.GET.get("inactive") != "1":
        indicators = indicators.filter(active=True)
    page = Paginator(indicators.order_by("sort_order", "code"), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/catalogue.html",
        {
            "page": page,
            "categories": Indicator.Category.choices,
            "category": category,
            "q": q,
            "inactive": request.GET.get("inactive") == "1",
            "can_add": services.catalogue_editable(request.user),
        },
    )
