"""The home page, by role: people who manage a subtree see its numbers, warnings and tree; a member or employee
sees their own record and their branch; the three system administrators see links to their own pages only. Above
that, each app's home sections (core/capabilities.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from dangjian.core.capabilities import capability_modules
from dangjian.core.notifications.selectors import action_label, inbox_first, unread_news, unread_read_once
from dangjian.core.permissions import SYSTEM_ROLES
from dangjian.core.scoping import assignments, can_anywhere, can_at, scope_for
from dangjian.core.views.cached import kept_page
from dangjian.org import selectors
from dangjian.org.models import Person

HOME_WARNINGS = 8  # the rest are one click away on the warnings page
HOME_INBOX = 6  # the newest items of the work inbox; the rest are one click away on the inbox page
HOME_NEWS = 3  # the newest unread notices that ask nothing (a project approved); the rest on the notifications page

# (url name, label, resource, action): admin pages of the three system roles (三员分立).
ADMIN_LINKS = [
    ("accounts:list", _("Accounts"), "account", "view"),
    ("accounts:roles", _("Roles and assignments"), "role", "view"),
    ("core:audit", _("Audit log"), "audit", "view"),
]


@login_required
@kept_page
def home(request):
    user = request.user
    admin_links = [(reverse(name), label) for name, label, res, act in ADMIN_LINKS if can_anywhere(user, res, act)]
    context = {"admin_links": admin_links}
    # Each app's own section, in app order (reviews due and red/amber projects, requests overdue, meetings missing,
    # tasks to close …), see core/capabilities.py.
    with unread_read_once(user):  # the sections' and the inbox's unread notifications in one query
        if any(role not in SYSTEM_ROLES for role, _path, _kind in assignments(user)):
            context["inbox"] = _inbox(user)
        context["sections"] = [
            {"template": template, **data}
            for module in capability_modules("home")
            for template, data in module.home_sections(request)
        ]
    people_scope = scope_for(user, "person", "view")
    if people_scope.everywhere or people_scope.paths:
        context.update(_overview(user))
    if user.person_id:
        context.update(_own_record(user))
    if "overview" not in context and "person" not in context and can_anywhere(user, "org", "view"):
        # e.g. an acceptance panel member: orgs to look at, but no roll and no record of their own to see
        roots = selectors.org_tree(user=user, levels=2)
        context.update(roots=roots, open_depth=selectors.open_depth(roots))
    return render(request, "home.html", context)


def _inbox(user) -> dict:
    """The work inbox (待办) at the top of every business role's home page: its newest items, each with its age and
    its one-click action, and how many wait in all — one query, the total counted from the inbox page's own list —
    and under it the newest unread notices that ask nothing (read with the sections' unread notifications)."""
    items, total = inbox_first(user=user, limit=HOME_INBOX)
    news = unread_news(user=user, limit=HOME_NEWS + 1)
    now = timezone.now()
    for item in items:
        # "0 minutes ago" says nothing: under a minute it is just now
        item.age = timesince(item.created_at, now, depth=1) if (now - item.created_at).total_seconds() >= 60 else None
        item.action_label = action_label(item.kind)
    return {"items": items, "total": total, "news": news[:HOME_NEWS], "more_news": len(news) > HOME_NEWS}


def _overview(user) -> dict:
    """Numbers, warnings, chart and tree for the user's scope: a fixed number of queries however big the scope."""
    counts = selectors.people_counts(user=user)
    roots, active_orgs, warnings = selectors.org_overview(user=user, levels=2)
    status_labels = dict(Person.PartyStatus.choices)
    return {
        "overview": True,
        "org_count": active_orgs,
        "counts": counts,
        "stats": [
            (_("People"), counts["total"], ""),
            (_("Full members"), counts[Person.PartyStatus.MEMBER], Person.PartyStatus.MEMBER),
            (_("Probationary members"), counts[Person.PartyStatus.PROBATIONARY], Person.PartyStatus.PROBATIONARY),
            (_("Activists"), counts[Person.PartyStatus.ACTIVIST], Person.PartyStatus.ACTIVIST),
        ],
        "chart": [{"name": str(status_labels[s]), "value": counts[s]} for s in reversed(Person.STATUS_ORDER)],
        "warnings": warnings[:HOME_WARNINGS],
        "warning_total": len(warnings),
        "roots": roots,
        "open_depth": selectors.open_depth(roots),
        "can_add_person": can_anywhere(user, "person", "add"),
        "can_import_people": can_anywhere(user, "person", "import"),
        "can_import_orgs": can_anywhere(user, "org", "import"),
    }


def _own_record(user) -> dict:
    """The user's own person card and branch, if their roles let them see it (a member sees only this)."""
    person = selectors.own_person(user=user)
    if person is None:
        return {}
    can_view_branch = can_at(user, "org", "view", person.branch)
    seats = selectors.current_seats(org=person.branch) if can_view_branch else []
    return {"person": person, "phone": person.phone, "can_view_branch": can_view_branch, "branch_seats": seats}
