"""Org health checks from the branch rules (中国共产党支部工作条例, 2018), computed for a whole set of orgs in one
aggregate query — never one query per org.

- A branch needs at least 3 full members and normally no more than 50 party members. The charter's cap counts 党员,
  which includes probationary members, so the upper bound counts full + probationary; the lower bound only full ones.
- A branch with 7 or more full members elects a committee (支委会) of 3–5: fewer than 3 current seats is a warning.
- Terms: 换届 is due when the term ends within 90 days, and overdue once it has ended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.org.models import CommitteeSeat, PartyOrg, Person

MIN_FULL_MEMBERS = 3
MAX_PARTY_MEMBERS = 50
COMMITTEE_FROM_FULL_MEMBERS = 7
MIN_COMMITTEE_SEATS = 3
TERM_WARNING_DAYS = 90
TERM_KINDS = tuple(PartyOrg.TERM_YEARS)
PARTY_MEMBERS = (Person.PartyStatus.MEMBER, Person.PartyStatus.PROBATIONARY)


class WarningKind:
    TOO_FEW_MEMBERS = "too_few_members"
    TOO_MANY_MEMBERS = "too_many_members"
    NO_COMMITTEE = "no_committee"
    TERM_DUE = "term_due"
    TERM_OVERDUE = "term_overdue"


WARNING_LABELS = {
    WarningKind.TOO_FEW_MEMBERS: gettext_lazy("Too few members"),
    WarningKind.TOO_MANY_MEMBERS: gettext_lazy("Too many members"),
    WarningKind.NO_COMMITTEE: gettext_lazy("No branch committee"),
    WarningKind.TERM_DUE: gettext_lazy("Election due"),
    WarningKind.TERM_OVERDUE: gettext_lazy("Election overdue"),
}


@dataclass(frozen=True)
class OrgWarning:
    """One thing wrong with one org, with a sentence saying what and what to do."""

    kind: str
    org: PartyOrg
    message: str

    @property
    def label(self) -> str:
        return str(WARNING_LABELS[self.kind])

    @property
    def severity(self) -> str:
        """A Bootstrap colour: things already wrong are 'danger', things coming up are 'warning'."""
        return "warning" if self.kind == WarningKind.TERM_DUE else "danger"


def _count(qs) -> Coalesce:
    """A correlated COUNT subquery (grouped by the outer org), so several counts do not multiply each other's rows."""
    return Coalesce(Subquery(qs.order_by().values("n")[:1], output_field=IntegerField()), 0)


def annotate_health(orgs: QuerySet[PartyOrg], *, today: dt.date) -> QuerySet[PartyOrg]:
    """Add full_members, party_members and committee_seats to each org."""
    on_roll = Person.objects.filter(branch=OuterRef("pk"), active=True).values("branch")
    seats = (
        CommitteeSeat.objects.filter(org=OuterRef("pk"))
        .filter(Q(since__isnull=True) | Q(since__lte=today))
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .values("org")
    )
    return orgs.annotate(
        full_members=_count(
            on_roll.filter(party_status=Person.PartyStatus.MEMBER).annotate(n=Count("pk")),
        ),
        party_members=_count(
            on_roll.filter(party_status__in=(Person.PartyStatus.MEMBER, Person.PartyStatus.PROBATIONARY)).annotate(
                n=Count("pk")
            ),
        ),
        committee_seats=_count(seats.annotate(n=Count("person", distinct=True))),
    )


def org_warnings(orgs: QuerySet[PartyOrg], *, today: dt.date | None = None) -> list[OrgWarning]:
    """Warnings for the active orgs in `orgs` (pass a scoped queryset), in tree order. One query."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=TERM_WARNING_DAYS)
    candidates = orgs.filter(status=PartyOrg.Status.ACTIVE).filter(
        Q(kind__in=PartyOrg.BRANCH_KINDS) | Q(kind__in=TERM_KINDS, term_end__lte=horizon)
    )
    warnings: list[OrgWarning] = []
    for org in annotate_health(candidates, today=today).order_by("path"):
        warnings.extend(_check(org, today=today, horizon=horizon))
    return warnings


def warnings_of(orgs, *, today: dt.date | None = None) -> list[OrgWarning]:
    """The warnings `org_warnings` finds, from orgs already read and annotated by `annotate_health` (the home page
    reads its tree that way, so the warnings cost no query of their own)."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=TERM_WARNING_DAYS)
    warnings: list[OrgWarning] = []
    for org in sorted(orgs, key=lambda o: o.path):
        if org.status != PartyOrg.Status.ACTIVE:
            continue
        if org.kind in PartyOrg.BRANCH_KINDS or (org.kind in TERM_KINDS and org.term_end and org.term_end <= horizon):
            warnings.extend(_check(org, today=today, horizon=horizon))
    return warnings


def on_roll(field: str) -> Coalesce:
    """How many party members (full or probationary) on the roll have the org as their `field` ("branch" or
    "group"): a correlated count, like the health figures."""
    rows = Person.objects.filter(**{field: OuterRef("pk")}, active=True, party_status__in=PARTY_MEMBERS)
    return _count(rows.values(field).annotate(n=Count("pk")))


def _check(org: PartyOrg, *, today: dt.date, horizon: dt.date) -> list[OrgWarning]:
    found = []
    names = {"org": org.name, "n": org.full_members}
    if org.kind in PartyOrg.BRANCH_KINDS:
        if org.full_members < MIN_FULL_MEMBERS:
            found.append(
                OrgWarning(
                    WarningKind.TOO_FEW_MEMBERS,
                    org,
                    _("%(org)s has %(n)s full members; a branch needs at least %(min)s.")
                    % {**names, "min": MIN_FULL_MEMBERS},
                )
            )
        if org.party_members > MAX_PARTY_MEMBERS:
            found.append(
                OrgWarning(
                    WarningKind.TOO_MANY_MEMBERS,
                    org,
                    _(
                        "%(org)s has %(n)s party members; a branch normally has at most %(max)s — "
                        "consider splitting it or forming a general branch."
                    )
                    % {"org": org.name, "n": org.party_members, "max": MAX_PARTY_MEMBERS},
                )
            )
        if org.full_members >= COMMITTEE_FROM_FULL_MEMBERS and org.committee_seats < MIN_COMMITTEE_SEATS:
            found.append(
                OrgWarning(
                    WarningKind.NO_COMMITTEE,
                    org,
                    _(
                        "%(org)s has %(n)s full members but %(seats)s committee seats; with %(from)s or more full "
                        "members a branch elects a committee of 3 to 5."
                    )
                    % {**names, "seats": org.committee_seats, "from": COMMITTEE_FROM_FULL_MEMBERS},
                )
            )
    if org.kind in TERM_KINDS and org.term_end and org.term_end <= horizon:
        when = date_format(org.term_end)
        if org.term_end < today:
            found.append(
                OrgWarning(
                    WarningKind.TERM_OVERDUE,
                    org,
                    _("The term of %(org)s ended on %(date)s; its election is overdue.")
                    % {"org": org.name, "date": when},
                )
            )
        else:
            found.append(
                OrgWarning(
                    WarningKind.TERM_DUE,
                    org,
                    _("The term of %(org)s ends on %(date)s, in %(days)s days; prepare the election.")
                    % {"org": org.name, "date": when, "days": (org.term_end - today).days},
                )
            )
    return found


def term_list(orgs: QuerySet[PartyOrg], *, today: dt.date | None = None, missing: bool = False) -> QuerySet[PartyOrg]:
    """The 换届 list: active orgs with terms whose term ends within 90 days or has ended, soonest first.
    With `missing`, the orgs whose term end was never recorded instead (they cannot be reminded)."""
    today = today or timezone.localdate()
    qs = orgs.filter(status=PartyOrg.Status.ACTIVE, kind__in=TERM_KINDS).select_related("parent")
    if missing:
        return qs.filter(term_end__isnull=True).order_by("path")
    return qs.filter(term_end__lte=today + dt.timedelta(days=TERM_WARNING_DAYS)).order_by("term_end", "path")
