"""The kiosk of the company's key indicators: a dark page for a wall screen whose tiles reload every minute."""

from __future__ import annotations

from django.shortcuts import render

from dangjian.indicators.kiosk import company_kiosk
from dangjian.indicators.views.state import login_required, require

REFRESH_SECONDS = 60


@login_required
def kiosk(request):
    require(request.user, "view")
    return render(
        request, "indicators/kiosk.html", {"kiosk": company_kiosk(user=request.user), "refresh": REFRESH_SECONDS}
    )


@login_required
def kiosk_tiles(request):
    """The tiles alone, for htmx to swap in every minute."""
    require(request.user, "view")
    return render(
        request, "indicators/_kiosk_tiles.html", {"kiosk": company_kiosk(user=request.user), "refresh": REFRESH_SECONDS}
    )
