"""The org app's lines on the set-up centre (dangjian/shell/setup_centre.py): orgs, units, their mapping, people,
committee seats and terms, each counted inside the user's company."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.imports import get_kind
from dangjian.core.scoping import can_anywhere
from dangjian.org.models import CommitteeSeat, OrgUnitLink, PartyOrg, Person, Unit

STEP = 10  # the org tree, units and people come first on a new company's path (shell/setup_centre.py)


def _import_url(slug: str, user) -> str | None:
    kind = get_kind(slug)
    if kind is None or not kind.allowed(user):
        return None
    return reverse("core:import_new", kwargs={"kind": slug})


def setup_items(user) -> list[dict]:
    today = timezone.localdate()
    orgs = PartyOrg.objects.restrict(user, "view").filter(status=PartyOrg.Status.ACTIVE)
    branches = orgs.filter(kind__in=PartyOrg.BRANCH_KINDS)
    n_orgs, n_branches = orgs.count(), branches.count()
    units = Unit.objects.restrict(user, "view").filter(active=True)
    n_units = units.count()
    linked = Exists(OrgUnitLink.objects.filter(org=OuterRef("pk")))
    uncovered = branches.exclude(linked).count()
    people = Person.objects.restrict(user, "view").filter(active=True)
    n_people = people.count()
    seated = CommitteeSeat.objects.filter(
        Q(since__isnull=True) | Q(since__lte=today),
        Q(until__isnull=True) | Q(until__gte=today),
        org=OuterRef("pk"),
        role=CommitteeSeat.Role.SECRETARY,
    )
    seat_orgs = orgs.exclude(kind=PartyOrg.Kind.GROUP)
    no_secretary = seat_orgs.exclude(Exists(seated)).count()
    no_term = seat_orgs.filter(term_end__isnull=True).count()
    import_orgs, import_units = _import_url("orgs", user), _import_url("units", user)
    return (
        [
            {
                "label": _("Party organisations"),
                "count": n_orgs,
                "done": n_branches > 0,
                "url": import_orgs or reverse("org:tree"),
                "hint": _(
                    "Import the organisation tree from the template (the company committee is there already), or "
                    "add organisations on the tree page."
                )
                if n_branches == 0
                else _("%(n)s branches.") % {"n": n_branches},
            },
            {
                "label": _("Production units"),
                "count": n_units,
                "done": n_units > 1,
                "url": import_units or reverse("org:units"),
                "hint": _(
                    "Import the units (workshops, teams, shift crews) from the template, or add them on the units page."
                )
                if n_units <= 1
                else _("Retire a unit on its edit page when it is no longer used."),
            },
            {
                "label": _("Branches linked to production units"),
                "count": n_branches - uncovered,
                "done": n_branches > 0 and uncovered == 0,
                "url": reverse("org:tree"),
                "hint": _(
                    "%(n)s branches cover no production unit: set it on the branch's edit page or in the "
                    "organisation import (column 覆盖单位编码)."
                )
                % {"n": uncovered}
                if uncovered
                else _("Every branch covers its production line."),
            },
            {
                "label": _("People"),
                "count": n_people,
                "done": n_people > 0,
                "url": _import_url("people", user) or reverse("org:people"),
                "hint": _("Import employees and party members from the template.") if n_people == 0 else "",
            },
            {
                "label": _("Committees with a secretary"),
                "count": seat_orgs.count() - no_secretary,
                "done": no_secretary == 0 and n_branches > 0,
                "url": reverse("org:health") + "?kind=no_committee",
                "hint": _("%(n)s organisations have no secretary recorded: open the organisation, then Manage seats.")
                % {"n": no_secretary}
                if no_secretary
                else "",
            },
            {
                "label": _("Terms recorded"),
                "count": seat_orgs.count() - no_term,
                "done": no_term == 0 and n_branches > 0,
                "url": reverse("org:terms") + "?missing=1",
                "hint": _("%(n)s organisations have no term end: the election (换届) reminder needs it.")
                % {"n": no_term}
                if no_term
                else "",
            },
        ]
        if can_anywhere(user, "org", "view")
        else []
    )
