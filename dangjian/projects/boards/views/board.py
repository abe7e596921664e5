"""Board pages (展板): an org's wall of project cards and a kiosk screen per project. Each page holds a data fragment
that htmx reloads every minute, so a wall screen stays current without a full reload.

A wall or kiosk screen is an ordinary logged-in browser; use a read-only account (the company-leader role, or a
committee member of the org shown) so the screen can open nothing it could change. Each refresh counts as activity,
so the idle timeout does not log a screen out while it polls.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from dangjian.projects.boards import selectors
from dangjian.projects.projects.selectors import year_choices

REFRESH_SECONDS = 60


def login_required_fragment(view):
    """Like login_required, but a fragment polled by htmx sends the whole screen to the login page (a plain
    redirect would swap the login form into the board)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.htmx:
                return HttpResponseClientRedirect(f"{reverse('accounts:login')}?next={request.get_full_path()}")
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _year(request) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


@login_required
def board_home(request):
    """The wall of the outermost org the user may see."""
    org = selectors.outermost_org(user=request.user)
    return redirect("boards:org", code=org.code)


def _wall_context(request, code: str) -> dict:
    user = request.user
    org = selectors.board_org(user=user, code=code)
    year = selectors.board_year(user=user, org=org, requested=_year(request))
    wall = selectors.org_wall(user=user, org=org, year=year)
    return {"wall": wall, "org": org, "year": year, "now": timezone.localtime(), "refresh": REFRESH_SECONDS}


@login_required
def org_board(request, code: str):
    context = _wall_context(request, code)
    context["years"] = year_choices(user=request.user)
    return render(request, "boards/org_board.html", context)


@login_required_fragment
def org_board_data(request, code: str):
    return render(request, "boards/_org_cards.html", _wall_context(request, code))


def _kiosk_context(request, pk: int) -> dict:
    card = selectors.kiosk_card(user=request.user, pk=pk)
    return {"card": card, "project": card.project, "now": timezone.localtime(), "refresh": REFRESH_SECONDS}


@login_required
def project_kiosk(request, pk: int):
    return render(request, "boards/kiosk.html", _kiosk_context(request, pk))


@login_required_fragment
def project_kiosk_data(request, pk: int):
    return render(request, "boards/_kiosk_data.html", _kiosk_context(request, pk))
