"""Reads of points and stars, scoped: my entries, the approval queue, leaderboards and star distributions over an
org subtree, and `activity_share` for the assessment. Totals are one grouped query however many people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from dangjian.core.errors import InvalidInput, NotFound, NotPermitted
from dangjian.core.permissions import CHANGE, VIEW
from dangjian.core.scoping import can_at, scope_for
from dangjian.org.models import PartyOrg, Person
from dangjian.points.models import (
    DEFAULT_CRITERIA,
    DEFAULT_VETOES,
    Appeal,
    AppraisalInput,
    BranchCriterion,
    BranchRating,
    BranchTemplate,
    MemberStar,
    PointsEntry,
    PointsRule,
)

MEMBER_STATUSES = (Person.PartyStatus.MEMBER, Person.PartyStatus.PROBATIONARY)


@dataclass(frozen=True)
class Period:
    """A reporting period: a year ("2022"), a quarter ("2022-Q3") or a month ("2022-07")."""

    key: str
    start: dt.date
    end: dt.date


def parse_period(text: str | None, today: dt.date) -> Period:
    """ "2022" | "2022-Q3" | "2022-07" → its first and last day; the current year when empty."""
    text = (text or "").strip() or str(today.year)
    try:
        if len(text) == 4:
            year = int(text)
            return Period(text, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if "-Q" in text.upper():
            year, quarter = int(text[:4]), int(text.upper().split("-Q")[1])
            if not 1 <= quarter <= 4:
                raise ValueError
            start = dt.date(year, 3 * quarter - 2, 1)
            end = (dt.date(year, 3 * quarter, 1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            return Period(f"{year}-Q{quarter}", start, end)
        start = dt.date.fromisoformat(f"{text}-01")
        end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return Period(text, start, end)
    except ValueError:
        raise InvalidInput(
            _("Give a period as a year (2022), a quarter (2022-Q3) or a month (2022-07)."),
            errors={"period": [_("Not a period.")]},
        ) from None


def entries_list(*, user, person: Person | None = None, status: str | None = None, mine: bool = False):
    """The entries `user` may see (their own with `mine`), newest first, with rule and person."""
    if mine:
        # One's own entries, whatever one's roles: the same rows my_summary adds up (a team leader who is a member
        # holds no points grant over the branch, yet has a ledger of their own).
        entries = PointsEntry.objects.filter(person_id=getattr(user, "person_id", None) or 0)
    else:
        entries = PointsEntry.objects.restrict(user, VIEW)
    entries = entries.select_related("rule", "person", "reversed_by")
    if person is not None:
        entries = entries.filter(person=person)
    if status:
        entries = entries.filter(status=status)
    return entries.order_by("-occurred_on", "-id")


def has_ledger(*, user) -> bool:
    """Whether the user has points of their own to look at: their person is a party member (points are for members
    only; the ledger refuses anyone else), or has entries from an earlier time. A non-member employee has none, so
    "my points" is neither offered nor answered to them. One query."""
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return False
    own = Q(party_status__in=MEMBER_STATUSES) | Q(Exists(PointsEntry.objects.filter(person_id=OuterRef("pk"))))
    return Person.objects.filter(own, pk=person_id).exists()


def home_figures(*, user, year: int, deciding: bool) -> tuple[dict | None, int | None]:
    """The home page's points line, in ONE query: one's own year — {year, total approved, pending} — or None when
    the user has no ledger (has_ledger's rule); and, for a reviewer (`deciding`), how many entries of others wait for
    their decision (None otherwise)."""
    waiting = (
        PointsEntry.objects.restrict(user, CHANGE)
        .filter(status=PointsEntry.Status.PENDING)
        .exclude(person_id=getattr(user, "person_id", None) or 0)
    )
    count = waiting.order_by().values(one=Value(1)).annotate(n=Count("pk")).values("n")
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return None, (waiting.count() if deciding else None)
    entries = Q(points_entries__occurred_on__year=year)
    figures = {
        "total": Sum("points_entries__awarded", filter=entries & Q(points_entries__status=PointsEntry.Status.APPROVED)),
        "pending": Count("points_entries", filter=entries & Q(points_entries__status=PointsEntry.Status.PENDING)),
        "ever": Count("points_entries"),
    }
    if deciding:
        figures["to_decide"] = Coalesce(Subquery(count, output_field=IntegerField()), 0)
    row = Person.objects.filter(pk=person_id).annotate(**figures).values("party_status", *figures).first()
    if row is None:
        return None, (waiting.count() if deciding else None)
    mine = None
    if row["party_status"] in MEMBER_STATUSES or row["ever"]:
        mine = {"year": year, "total": row["total"] or 0, "pending": row["pending"]}
    return mine, (row["to_decide"] if deciding else None)


def my_summary(*, user, year: int) -> dict:
    """The signed-in member's year: approved total, pending claims, open appeals and current stars."""
    person_id = getattr(user, "person_id", None) or 0
    row = PointsEntry.objects.filter(person_id=person_id, occurred_on__year=year).aggregate(
        total=Sum("awarded", filter=Q(status="approved")),
        pending=Count("id", filter=Q(status="pending")),
    )
    star = MemberStar.objects.filter(person_id=person_id, year=year, current=True).first()
    return {"total": row["total"] or Decimal("0.00"), "pending": row["pending"], "star": star}


def approval_queue(*, user):
    """Pending entries the user may decide, oldest first — their own left out (nobody approves their own)."""
    return (
        PointsEntry.objects.restrict(user, CHANGE)
        .filter(status=PointsEntry.Status.PENDING)
        .exclude(person_id=getattr(user, "person_id", None) or 0)
        .select_related("rule", "person__branch")
        .order_by("created_at", "id")
    )


def open_appeals(*, user):
    return (
        Appeal.objects.restrict(user, CHANGE)
        .filter(status=Appeal.Status.OPEN)
        .exclude(entry__person_id=getattr(user, "person_id", None) or 0)
        .select_related("entry__rule", "entry__person")
        .order_by("created_at")
    )


def entry_detail(*, user, pk: int, action: str = VIEW) -> PointsEntry:
    found = PointsEntry.objects.restrict(user, action).select_related("rule", "person__branch").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such entry, or you do not have access to it."))
    return found


def own_entry(*, user, pk: int) -> PointsEntry:
    """One of the user's own entries (what "my points" lists and may be appealed), whatever their role. Someone
    else's entry the user may see is NotPermitted (403); one they may not see is NotFound (404)."""
    found = None
    if user.person_id:
        found = PointsEntry.objects.select_related("rule", "person__branch").filter(pk=pk, person_id=user.person_id)
        found = found.first()
    if found is None:
        entry_detail(user=user, pk=pk)  # NotFound unless the user may see it
        raise NotPermitted(_("Only the member the entry is for may appeal it."))
    return found


def appeal_detail(*, user, pk: int, action: str = VIEW, own: bool = False) -> Appeal:
    """One appeal the user may see (`own`: also one about the user's own entry, whatever their roles)."""
    appeals = Appeal.objects.restrict(user, action)
    if own and getattr(user, "person_id", None):
        appeals = Appeal.objects.filter(Q(pk__in=appeals.values("pk")) | Q(entry__person_id=user.person_id))
    found = appeals.select_related("entry__rule", "entry__person").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such appeal, or you do not have access to it."))
    return found


def appeals_list(*, user, mine: bool = False, status: str | None = None):
    """The appeals `user` may see (their own with `mine`), newest first, with the entry's rule and person."""
    if mine:
        appeals = Appeal.objects.filter(entry__person_id=getattr(user, "person_id", None) or 0)
    else:
        appeals = Appeal.objects.restrict(user, VIEW)
    if status:
        appeals = appeals.filter(status=status)
    return appeals.select_related("entry__rule", "entry__person").order_by("-created_at", "-id")


def appraisals_list(*, user, year: int | None = None):
    """The appraisal results `user` may see (their own, for a member), latest year first."""
    rows = AppraisalInput.objects.restrict(user, VIEW).select_related("person")
    if year:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "person__employee_no", "pk")


def appraisal_exists(*, person: Person, year: int) -> bool:
    return AppraisalInput.objects.filter(person=person, year=year).exists()


def org_by_code(*, user, code: str) -> PartyOrg:
    """The org with this code, if the user sees it; NotFound otherwise."""
    found = PartyOrg.objects.restrict(user, VIEW).filter(code=(code or "").strip()).first()
    if found is None:
        raise NotFound(_("No such organisation, or you do not have access to it."), errors={"org": [code]})
    return found


def branch_ratings(*, user, org: PartyOrg, year: int):
    """The star ratings of the branches of `org`'s subtree for `year` the user may see, in tree order."""
    return (
        BranchRating.objects.restrict(user, VIEW)
        .filter(org__path__startswith=org.path, year=year)
        .select_related("org")
        .order_by("org__path", "pk")
    )


def branch_ratings_count(*, template: BranchTemplate) -> int:
    return BranchRating.objects.filter(template=template).count()


def rules_list(*, user, company: PartyOrg | None = None):
    rules = PointsRule.objects.restrict(user, VIEW).select_related("company")
    if company is not None:
        rules = rules.filter(company=company)
    return rules.order_by("company__path", "category", "code", "-version")


def visible_org(*, user, code: str | None, resource: str = "points", own_branch: bool = False) -> PartyOrg:
    """The org a leaderboard or distribution is asked for (the user's outermost visible org when not given); an org
    the user cannot see there is NotFound. With `own_branch`, someone who holds the resource only over their own
    records gets their own branch (for aggregate counts, never other people's rows)."""
    org = visible_org_or_none(user=user, code=code, resource=resource, own_branch=own_branch)
    if org is None:
        raise NotFound(_("No such organisation, or you do not have access to it."))
    return org


def visible_org_or_none(
    *, user, code: str | None, resource: str = "points", own_branch: bool = False
) -> PartyOrg | None:
    """`visible_org`, or None where it is NotFound (e.g. whether a link to a board has an org to show)."""
    scope = scope_for(user, resource, VIEW)
    person_branch = None
    if own_branch and scope.own and getattr(user, "person_id", None):
        person_branch = PartyOrg.objects.filter(people__pk=user.person_id).first()
    if code:
        org = PartyOrg.objects.filter(code=code).first()
        allowed = org is not None and (can_at(user, resource, VIEW, org) or (person_branch and org == person_branch))
        return org if allowed else None
    if scope.everywhere:
        return PartyOrg.objects.filter(parent__isnull=True).order_by("path").first()
    if scope.paths:
        return PartyOrg.objects.filter(path=scope.paths[0]).first()
    return person_branch


@dataclass
class Standing:
    rank: int
    person_id: int
    name: str
    employee_no: str
    branch: str
    total: Decimal


# The leaderboard and the star distribution are read for every branch a page shows: each is one statement written out,
# since building it through the ORM cost more than the database's work for a branch (bench/points_leaderboard.py).
LEADERBOARD = """
SELECT t.person_id, p.name, p.employee_no, b.name, t.total FROM (
    SELECT e.person_id, SUM(e.awarded) AS total
    FROM {entries} e JOIN {people} p ON p.id = e.person_id JOIN {orgs} b ON b.id = p.branch_id
    WHERE b.path LIKE %s AND e.status = %s AND e.occurred_on BETWEEN %s AND %s
    GROUP BY e.person_id ORDER BY total DESC, e.person_id LIMIT %s
) t JOIN {people} p ON p.id = t.person_id JOIN {orgs} b ON b.id = p.branch_id
ORDER BY t.total DESC, t.person_id
"""
STAR_COUNTS = """
SELECT s.stars, COUNT(*) FROM {stars} s JOIN {people} p ON p.id = s.person_id JOIN {orgs} b ON b.id = p.branch_id
WHERE b.path LIKE %s AND s.year = %s AND s.current GROUP BY s.stars
"""


def _tables(sql: str) -> str:
    return sql.format(
        entries=PointsEntry._meta.db_table,
        stars=MemberStar._meta.db_table,
        people=Person._meta.db_table,
        orgs=PartyOrg._meta.db_table,
    )


def leaderboard(*, org: PartyOrg, period: Period, limit: int = 50) -> list[Standing]:
    """People of `org`'s subtree ranked by approved points in the period (ties share a rank). One query."""
    with connection.cursor() as cursor:
        cursor.execute(
            _tables(LEADERBOARD),
            [f"{org.path}%", PointsEntry.Status.APPROVED.value, period.start, period.end, limit],
        )
        rows = cursor.fetchall()
    standings, rank, last = [], 0, None
    for n, (person_id, name, employee_no, branch, total) in enumerate(rows, start=1):
        if total != last:
            rank, last = n, total
        standings.append(Standing(rank, person_id, name, employee_no, branch, total))
    return standings


def star_distribution(*, org: PartyOrg, year: int) -> dict[int, int]:
    """How many people of the subtree hold 1…5 stars for the year (current ratings). One query."""
    counts = dict.fromkeys(range(1, 6), 0)
    with connection.cursor() as cursor:
        cursor.execute(_tables(STAR_COUNTS), [f"{org.path}%", year])
        for stars, n in cursor.fetchall():
            counts[stars] = n
    return counts


def star_list(*, user, org: PartyOrg, year: int):
    return (
        MemberStar.objects.restrict(user, VIEW)
        .filter(person__branch__path__startswith=org.path, year=year, current=True)
        .select_related("person__branch")
        .order_by("-stars", "-points_total", "person__employee_no")
    )


def branch_board(*, user, org: PartyOrg, year: int) -> list[dict]:
    """Each rated branch of the subtree: this year's stars next to last year's (up, down or same). Two queries."""
    ratings = list(
        BranchRating.objects.restrict(user, VIEW)
        .filter(org__path__startswith=org.path, year__in=(year, year - 1))
        .select_related("org")
        .order_by("org__path")
    )
    last = {r.org_id: r.stars for r in ratings if r.year == year - 1}
    board = []
    for rating in ratings:
        if rating.year != year:
            continue
        before = last.get(rating.org_id)
        trend = (
            "" if before is None else ("up" if rating.stars > before else "down" if rating.stars < before else "same")
        )
        board.append({"rating": rating, "before": before, "trend": trend})
    return board


def activity_share(*, org: PartyOrg, start: dt.date, end: dt.date) -> Decimal | None:
    """Share (0–1) of the org subtree's party members (full + probationary, on the roll) with at least one approved
    merit entry dated in [start, end] (a reversed merit entry still counts as activity only if its net is positive).
    None when the subtree has no party members."""
    members = Person.objects.filter(branch__path__startswith=org.path, party_status__in=MEMBER_STATUSES, active=True)
    total = members.count()
    if total == 0:
        return None
    active = (
        PointsEntry.objects.filter(
            person__in=members,
            status=PointsEntry.Status.APPROVED,
            rule__category="merit",
            occurred_on__range=(start, end),
        )
        .values("person_id")
        .annotate(net=Sum("awarded"))
        .filter(net__gt=0)
        .count()
    )
    return (Decimal(active) / Decimal(total)).quantize(Decimal("0.0001"))


def claimable_rules(*, user):
    """The rules a claim may name: active, current, not awarded automatically."""
    return PointsRule.objects.restrict(user, VIEW).filter(active=True, source="", valid_to__isnull=True)


def latest_rule(*, company: PartyOrg, code: str) -> PointsRule | None:
    """The latest version of rule `code` in the company's catalogue, or None."""
    return PointsRule.objects.filter(company=company, code=code).order_by("-version").first()


def rule_get(*, user, pk: int) -> PointsRule:
    """One rule of the catalogue the user sees, or NotFound."""
    found = PointsRule.objects.restrict(user, VIEW).select_related("company").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such rule, or you do not have access to it."))
    return found


def orgs_for_picker(*, user, resource: str) -> list[PartyOrg]:
    """The orgs a picker offers: the branches and committees the user may see for `resource` (bounded)."""
    orgs = PartyOrg.objects.restrict(user, VIEW).exclude(kind="group").order_by("path")[:200]
    return [o for o in orgs if can_at(user, resource, VIEW, o)]


def person_by_employee_no(*, user, employee_no: str) -> Person | None:
    """The person with this employee number, if the user sees them."""
    return Person.objects.restrict(user, VIEW).select_related("branch").filter(employee_no=employee_no.strip()).first()


def unrated_branches(*, user, org: PartyOrg, year: int):
    """The active branches under `org` the user sees that have no star rating for `year` (bounded)."""
    return (
        PartyOrg.objects.restrict(user, VIEW)
        .filter(path__startswith=org.path, kind__in=PartyOrg.BRANCH_KINDS, status="active")
        .exclude(star_ratings__year=year)
        .order_by("path")[:100]
    )


def org_get(*, user, pk: int) -> PartyOrg:
    """One org the user sees, or NotFound."""
    found = PartyOrg.objects.restrict(user, VIEW).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such organisation, or you do not have access to it."))
    return found


def branch_template(*, company: PartyOrg, year: int) -> BranchTemplate | None:
    return BranchTemplate.objects.filter(company=company, year=year).first()


@dataclass(frozen=True)
class TemplateDraft:
    """A year's branch criteria as they stand (`saved`), or the defaults a new year starts from (unsaved rows):
    `source` says which — "saved", "previous" (the latest earlier year's) or "standard"."""

    template: BranchTemplate
    criteria: list
    source: str

    @property
    def saved(self) -> bool:
        return self.source == "saved"


def branch_template_defaults(*, company: PartyOrg, year: int) -> TemplateDraft:
    """The criteria a company's `year` starts from (nothing is written): the latest earlier year's criteria, marks and
    veto items, else the standard 100-point set (DEFAULT_CRITERIA, 75/85/95, DEFAULT_VETOES)."""
    previous = (
        BranchTemplate.objects.filter(company=company, year__lt=year)
        .order_by("-year")
        .prefetch_related("criteria")
        .first()
    )
    if previous is not None:
        template = BranchTemplate(
            company=company,
            year=year,
            three_star_mark=previous.three_star_mark,
            four_star_mark=previous.four_star_mark,
            five_star_mark=previous.five_star_mark,
            vetoes=previous.vetoes,
        )
        criteria = [
            BranchCriterion(name=c.name, max_points=c.max_points, sort_order=c.sort_order)
            for c in previous.criteria.all()
        ]
        return TemplateDraft(template, criteria, "previous")
    template = BranchTemplate(company=company, year=year, vetoes=DEFAULT_VETOES)
    criteria = [
        BranchCriterion(name=n, max_points=Decimal(p), sort_order=i) for i, (n, p) in enumerate(DEFAULT_CRITERIA)
    ]
    return TemplateDraft(template, criteria, "standard")


def branch_template_draft(*, company: PartyOrg, year: int) -> TemplateDraft:
    """A company's criteria for `year`: the saved ones (with their criteria in order), else the defaults it would
    start from. Two queries; nothing is written."""
    template = branch_template(company=company, year=year)
    if template is None:
        return branch_template_defaults(company=company, year=year)
    return TemplateDraft(template, list(template.criteria.all()), "saved")


def branch_rating(*, org: PartyOrg, year: int) -> BranchRating | None:
    return BranchRating.objects.filter(org=org, year=year).first()


def rule_count(*, company: PartyOrg, current_only: bool = False) -> int:
    """How many points rules the company's catalogue holds (`current_only`: those not ended)."""
    rules = PointsRule.objects.filter(company=company)
    return rules.filter(valid_to__isnull=True).count() if current_only else rules.count()


def star_policy(*, company: PartyOrg):
    """The company's stored member star policy, or None while the defaults apply."""
    from dangjian.points.models import StarPolicy

    return StarPolicy.objects.filter(company=company).first()
