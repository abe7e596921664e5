"""Reads for organisational life. Every selector that takes a user goes through `restrict`; `compliance_rate` is the
unscoped read the assessment capability calls for an org it already holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.errors import NotFound
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_at, scope_for
from dangjian.meetings import compliance
from dangjian.meetings.models import Attendance, FollowUp, Meeting
from dangjian.org.models import PartyOrg


@dataclass
class MeetingFilters:
    org: str = ""
    meeting_type: str = ""
    year: int | None = None


def meeting_list(*, user, filters: MeetingFilters | None = None, action: str = VIEW) -> QuerySet[Meeting]:
    """The meetings the user may `action`, newest first, with their org, host and attendance counts (one query)."""
    filters = filters or MeetingFilters()
    qs = Meeting.objects.restrict(user, action).select_related("org", "host")
    if filters.org:
        org = PartyOrg.objects.restrict(user, VIEW).filter(code=filters.org).first()
        qs = qs.filter(org__path__startswith=org.path) if org else qs.none()
    if filters.meeting_type:
        qs = qs.filter(meeting_type=filters.meeting_type)
    if filters.year:
        qs = qs.filter(held_on__year=filters.year)
    return qs.annotate(
        present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT)),
        expected=Count("attendance"),
    ).order_by("-held_on", "-id")


def meeting_get(*, user, pk: int, action: str = VIEW) -> Meeting:
    """One meeting with everything its page shows (four queries), or NotFound when out of scope."""
    meeting = (
        Meeting.objects.restrict(user, action)
        .select_related("org", "host", "recorder", "lecturer")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.select_related("person").order_by("person_id")),
            Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner")),
            "attachments",
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise NotFound(_("No such meeting."))
    return meeting


def org_get(*, user, code: str = "", pk: int | None = None) -> PartyOrg:
    """An org whose meetings the user may see, by code or id, or NotFound."""
    orgs = PartyOrg.objects.restrict(user, VIEW)
    org = orgs.filter(pk=pk).first() if pk is not None else orgs.filter(code=code).first()
    if org is None or not can_at(user, "meeting", VIEW, org):
        raise NotFound(_("No such organisation."))
    return org


def matrix_orgs(*, user, under: PartyOrg | None = None) -> list[PartyOrg]:
    """The orgs (active or not) whose meetings the user may see, in tree order, optionally under one org."""
    qs = PartyOrg.objects.filter(_scope_q(user, VIEW))
    if under is not None:
        qs = qs.filter(path__startswith=under.path)
    # What the matrix reads of an org (its row, its rules, its company); hundreds of orgs, so not the whole row.
    fields = ("id", "code", "name", "kind", "path", "depth", "parent_id", "founded_on", "dissolved_on")
    return list(qs.only(*fields).order_by("path"))


def org_compliance(*, org: PartyOrg, year: int, today: dt.date | None = None) -> list[compliance.RuleResult]:
    """The org's own rules over `year` (the org is already in the caller's scope)."""
    return compliance.org_year(org, year, today or timezone.localdate())


def compliance_rate(*, org: PartyOrg, start: dt.date, end: dt.date) -> Decimal | None:
    """held ÷ expected meetings (0–1) for the rules of every org in `org`'s subtree over the periods that END inside
    [start, end] and have ended by today (the running period is not expected yet); None if nothing was expected.
    Contract for the assessment capability (contracts.md)."""
    orgs = list(PartyOrg.objects.filter(path__startswith=org.path))
    by_org = compliance.compliance(orgs, start, end, timezone.localdate())
    return compliance.rate([r for results in by_org.values() for r in results])


def _scope_q(user, action: str) -> Q:
    """Orgs inside the subtrees where the user holds the meeting `action` grant."""
    scope = scope_for(user, "meeting", action)
    if scope.everywhere:
        return Q()
    q = Q(pk__in=[])
    for path in scope.paths:
        q |= Q(path__startswith=path)
    return q


# Enough for a company's orgs in one select box; a bigger group records meetings from each org's own page.
WRITABLE_MAX = 500


def writable_orgs(*, user) -> list[PartyOrg]:
    """The active orgs where the user may record meetings, in tree order."""
    qs = PartyOrg.objects.filter(_scope_q(user, "add"), status=PartyOrg.Status.ACTIVE).order_by("path")
    return list(qs[:WRITABLE_MAX])


def checklist_rows(meeting: Meeting) -> list[tuple[str, str, bool]]:
    """(label, phase, done) for each step of the seed-002 procedure."""
    from dangjian.meetings.forms import CHECK_LABELS
    from dangjian.meetings.services import CHECKLIST

    done = meeting.checklist or {}
    return [(CHECK_LABELS[key], phase, bool(done.get(key))) for key, phase in CHECKLIST]


def rules_company(*, user) -> PartyOrg | None:
    """The company (root org) whose rules the user reads: the root of the first subtree where they see meetings."""
    scope = scope_for(user, "meeting", VIEW)
    if scope.everywhere:
        return PartyOrg.objects.filter(parent__isnull=True).order_by("path").first()
    if not scope.paths:
        return None
    root_id = int(scope.paths[0].strip("/").split("/")[0])
    return PartyOrg.objects.filter(pk=root_id).first()


def company_rules(*, company: PartyOrg) -> list:
    """Every rule of the company, its own or the defaults, including those switched off (one query)."""
    from dangjian.meetings.models import MeetingRule
    from dangjian.meetings.rules import default_rules

    stored = list(MeetingRule.objects.filter(company=company).order_by("meeting_type"))
    return stored or default_rules(company.pk)


def rule_count(*, company: PartyOrg) -> int:
    """How many meeting frequency rules the company keeps as its own (none: the 支部工作条例 defaults apply)."""
    from dangjian.meetings.models import MeetingRule

    return MeetingRule.objects.filter(company=company).count()
