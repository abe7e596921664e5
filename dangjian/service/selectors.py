"""Reads for employees' requests. Every list starts from what the user may see; the submitter's identity is shown
only through `shows_submitter` (an anonymous request hides it from everyone but the submitter).

Integration contract (the branch assessment reads these, unscoped, for an org's whole subtree):
- `sla_rate(*, org, start, end)`: share of requests with a resolve deadline in [start, end] that met it;
- `satisfaction(*, org, start, end)`: mean rating (1–5) given in [start, end].
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.counting import first_and_total
from dangjian.core.errors import NotFound, NotPermitted
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import assignments, can_anywhere, scope_q
from dangjian.core.services import is_system
from dangjian.org import tenancy
from dangjian.org.models import PartyOrg
from dangjian.service.models import ANSWERED_STATES, OPEN_STATES, CalendarDay, ServiceRequest, SlaPolicy, State

RATE_PLACES = Decimal("0.0001")
MEAN_PLACES = Decimal("0.01")
LIST_RELATED = ("handling_org", "handler", "escalated_to")


def shows_submitter(request: ServiceRequest, user) -> bool:
    """Whether `user` may see who sent `request`: always when it is not anonymous, otherwise only the submitter."""
    return not request.anonymous or (bool(getattr(user, "person_id", None)) and user.person_id == request.submitter_id)


def submitter_label(request: ServiceRequest, user) -> str:
    """The submitter's name as `user` may see it (needs `submitter` loaded when not anonymous)."""
    return request.submitter.name if shows_submitter(request, user) else _("Anonymous")


def visible(user, action: str = VIEW):
    """Requests `user` may see: scoped by the handling org, plus their own and those assigned to them."""
    q = scope_q(user, ServiceRequest, action)
    person_id = getattr(user, "person_id", None)
    if person_id and action == VIEW:
        q |= Q(handler_id=person_id) | Q(submitter_id=person_id)
    return ServiceRequest.objects.filter(q)


@dataclass(frozen=True)
class RequestFilters:
    state: str = ""
    category: str = ""
    q: str = ""


def _filtered(queryset, filters: RequestFilters | None):
    filters = filters or RequestFilters()
    if filters.state == "open":
        queryset = queryset.filter(state__in=OPEN_STATES)
    elif filters.state == "overdue":  # open and past a deadline today, as the queue flags and the cockpit counts
        from dangjian.service.services import breached_q

        queryset = queryset.filter(breached_q(timezone.localdate()))
    elif filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.q:
        # Subject and text only: never the submitter's name, which would unmask an anonymous request.
        queryset = queryset.filter(Q(title__icontains=filters.q) | Q(description__icontains=filters.q))
    return queryset


def my_requests(*, user, filters: RequestFilters | None = None):
    """The requests the user sent, newest first."""
    person_id = getattr(user, "person_id", None)
    queryset = ServiceRequest.objects.filter(submitter_id=person_id) if person_id else ServiceRequest.objects.none()
    return _filtered(queryset, filters).select_related(*LIST_RELATED)


def queue(*, user, filters: RequestFilters | None = None):
    """The handler's queue: open requests assigned to the user or in an org the user manages, soonest due first."""
    q = scope_q(user, ServiceRequest, "change")
    person_id = getattr(user, "person_id", None)
    if person_id:
        q |= Q(handler_id=person_id)
    queryset = ServiceRequest.objects.filter(q)
    filters = filters or RequestFilters(state="open")
    return _filtered(queryset, filters).select_related(*LIST_RELATED).order_by("resolve_due", "pk")


def request_list(*, user, filters: RequestFilters | None = None, action: str = VIEW):
    """Every request the user may see (the dashboard's export and the API's default list)."""
    return _filtered(visible(user, action), filters).select_related(*LIST_RELATED)


def request_detail(*, user, pk: int) -> ServiceRequest:
    """One request the user may see, with what its page shows; NotFound when out of reach."""
    request = (
        visible(user)
        .select_related("handling_org", "handler", "escalated_to", "submitter")
        .prefetch_related("attachments", "transitions__actor__person")
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise NotFound(_("No such request."))
    return request


def request_by_token(*, user, token: str) -> ServiceRequest:
    """The request behind a private link (the link itself is the key), inside the viewer's own company (the root orgs
    above their assignments): a link to another company's request is not found, like an unknown one."""
    in_company = Q(pk__in=[])
    for root in tenancy.company_org_paths(user):
        in_company |= Q(handling_org__path__startswith=root)
    request = (
        ServiceRequest.objects.select_related("handling_org", "handler", "escalated_to", "submitter")
        .prefetch_related("attachments", "transitions__actor__person")
        .filter(in_company, token=token)
        .first()
        if token
        else None
    )
    if request is None:
        raise NotFound(_("No such request."))
    return request


def breaches(*, user, today: dt.date, limit: int = 8) -> tuple[list[ServiceRequest], int]:
    """Open requests past a deadline in orgs the user manages or oversees (escalated to an org in their scope)."""
    from dangjian.service.services import breached_q

    q = scope_q(user, ServiceRequest, "change") | _escalated_to_q(user)
    rows = ServiceRequest.objects.filter(q).filter(breached_q(today))
    return first_and_total(rows.select_related(*LIST_RELATED).order_by("resolve_due", "pk"), limit)


def _escalated_to_q(user) -> Q:
    paths = [path for role, path, _kind in assignments(user) if path and role in ("party_office", "secretary")]
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(escalated_to__path__startswith=path)
    return q


def board(*, user, limit: int = 200):
    """实事清单: answered requests their submitters allowed to be shown, in the companies of the user's business
    roles, latest answered first."""
    roots = {f"/{path.strip('/').split('/')[0]}/" for role, path, _kind in assignments(user) if path}
    if not roots:
        return ServiceRequest.objects.none()
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(handling_org__path__startswith=root)
    return (
        ServiceRequest.objects.filter(q, public=True, state__in=ANSWERED_STATES)
        .select_related("handling_org", "submitter")
        .order_by("-resolved_on", "-pk")[:limit]
    )


# --- numbers ---------------------------------------------------------------------------------------------------------


def _rate(met: int, total: int) -> Decimal | None:
    return (Decimal(met) / Decimal(total)).quantize(RATE_PLACES, ROUND_HALF_UP) if total else None


def _mean(value) -> Decimal | None:
    return Decimal(str(value)).quantize(MEAN_PLACES, ROUND_HALF_UP) if value is not None else None


def _sla_counts(queryset, start: dt.date, end: dt.date, today: dt.date) -> tuple[int, int]:
    """(met, judged) over requests whose resolve deadline falls in [start, end]. A request still open whose deadline
    has not passed is not judged yet; one still open past it has missed it."""
    judged = queryset.filter(resolve_due__range=(start, end)).filter(
        Q(resolved_on__isnull=False) | Q(resolve_due__lt=today)
    )
    row = judged.aggregate(total=Count("pk"), met=Count("pk", filter=Q(resolved_on__lte=F("resolve_due"))))
    return row["met"], row["total"]


# The assessment asks this of every branch: one statement written out, since building it through the ORM cost more than
# the database's work for a branch (bench/service_sla.py). Same rule as _sla_counts.
SLA_OF_SUBTREE = """
SELECT SUM(CASE WHEN r.resolved_on <= r.resolve_due THEN 1 ELSE 0 END), COUNT(*)
FROM {requests} r JOIN {orgs} o ON o.id = r.handling_org_id
WHERE o.path LIKE %s AND r.resolve_due BETWEEN %s AND %s AND (r.resolved_on IS NOT NULL OR r.resolve_due < %s)
"""


def sla_rate(*, org, start: dt.date, end: dt.date, today: dt.date | None = None) -> Decimal | None:
    """Share (0–1, four places) of the requests handled by `org`'s subtree whose resolve deadline falls in
    [start, end] and that were resolved by it; None when there were none. One query."""
    from django.db import connection
    from django.utils import timezone

    sql = SLA_OF_SUBTREE.format(requests=ServiceRequest._meta.db_table, orgs=PartyOrg._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, [f"{org.path}%", start, end, today or timezone.localdate()])
        met, total = cursor.fetchone()
    return _rate(met or 0, total)


SLA_BY_ORG = """
SELECT o.path, SUM(CASE WHEN r.resolved_on <= r.resolve_due THEN 1 ELSE 0 END), COUNT(*)
FROM {requests} r JOIN {orgs} o ON o.id = r.handling_org_id
WHERE o.path LIKE %s AND r.resolve_due BETWEEN %s AND %s AND (r.resolved_on IS NOT NULL OR r.resolve_due < %s)
GROUP BY o.path
"""


def sla_rates(*, orgs, start: dt.date, end: dt.date, today: dt.date | None = None) -> dict[int, Decimal | None]:
    """`sla_rate` for several orgs at once (the leaders' colour map): {org id: share of its subtree's requests due in
    [start, end] resolved by the deadline}, the same rule, in one query under the orgs' company (not one per org)."""
    from django.db import connection
    from django.utils import timezone

    orgs = list(orgs)
    if not orgs:
        return {}
    sql = SLA_BY_ORG.format(requests=ServiceRequest._meta.db_table, orgs=PartyOrg._meta.db_table)
    roots = sorted({tenancy.root_path(org.path) for org in orgs})
    counts: list[tuple[str, int, int]] = []
    with connection.cursor() as cursor:
        for root in roots:  # one per company: a map shows one
            cursor.execute(sql, [f"{root}%", start, end, today or timezone.localdate()])
            counts += [(path, met or 0, total) for path, met, total in cursor.fetchall()]
    rates = {}
    for org in orgs:
        met = sum(m for path, m, _t in counts if path.startswith(org.path))
        total = sum(t for path, _m, t in counts if path.startswith(org.path))
        rates[org.pk] = _rate(met, total)
    return rates


def satisfaction(*, org, start: dt.date, end: dt.date) -> Decimal | None:
    """Mean rating (1–5, two places) the submitters gave in [start, end] to requests handled by `org`'s subtree;
    None when nobody rated. One query."""
    value = ServiceRequest.objects.filter(
        handling_org__path__startswith=org.path, rated_on__range=(start, end), rating__isnull=False
    ).aggregate(mean=Avg("rating"))["mean"]
    return _mean(value)


def dashboard(*, user, start: dt.date, end: dt.date, today: dt.date) -> dict:
    """党群工作部's numbers over what the user may see: totals, SLA rate, satisfaction, counts per handling org and the
    monthly trend of requests sent and resolved. Six queries, whatever the number of requests."""
    scoped = visible(user, "export").filter(submitted_on__range=(start, end))
    totals = scoped.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        answered=Count("pk", filter=Q(state__in=ANSWERED_STATES)),
        leaders=Count("pk", filter=Q(destination="leaders")),
        escalated=Count("pk", filter=Q(escalated_to__isnull=False)),
        mean=Avg("rating"),
        rated=Count("rating"),
    )
    met, judged = _sla_counts(visible(user, "export"), start, end, today)
    per_org = list(
        scoped.values("handling_org__name", "handling_org__code")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            escalated=Count("pk", filter=Q(escalated_to__isnull=False)),
            mean=Avg("rating"),
        )
        .order_by("-total", "handling_org__code")[:60]
    )
    for row in per_org:
        row["mean"] = _mean(row["mean"])
    sent = dict(
        scoped.annotate(m=TruncMonth("submitted_on")).values_list("m").annotate(n=Count("pk")).values_list("m", "n")
    )
    resolved = dict(
        visible(user, "export")
        .filter(resolved_on__range=(start, end))
        .annotate(m=TruncMonth("resolved_on"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    )
    by_category = dict(scoped.values_list("category").annotate(n=Count("pk")).values_list("category", "n"))
    months = sorted({_month(m) for m in list(sent) + list(resolved)})
    return {
        "totals": {**totals, "mean": _mean(totals["mean"])},
        "sla_rate": _rate(met, judged),
        "sla_met": met,
        "sla_judged": judged,
        "per_org": per_org,
        "by_category": by_category,
        "trend": {
            "months": [m.strftime("%Y-%m") for m in months],
            "sent": [_by_month(sent).get(m, 0) for m in months],
            "resolved": [_by_month(resolved).get(m, 0) for m in months],
        },
    }


def _month(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _by_month(counts: dict) -> dict:
    return {_month(k): v for k, v in counts.items()}


STATE_ORDER = [s for s, _label in State.choices]


def sla_policies() -> dict:
    """The response-time policy of each category that has one, by category."""
    return {p.category: p for p in SlaPolicy.objects.all()}


def calendar_days(*, since: dt.date) -> list[CalendarDay]:
    """The working-calendar exceptions from `since` on (bounded)."""
    return list(CalendarDay.objects.filter(day__gte=since).order_by("day")[:200])


def require_settings(user, action: str = VIEW) -> None:
    """The deadlines and the holiday calendar are one for the installation and kept by 党群工作部: like the settings
    page, they answer 403 to anyone without the grant (no business scope holds them, so never 404)."""
    if not (is_system(user) or can_anywhere(user, "service_settings", action)):
        raise NotPermitted(_("Only 党群工作部 can see and change the service deadlines and the calendar."))


def deadlines(*, user) -> list[tuple[str, str, int, int, bool]]:
    """(category, label, accept within, resolve within, whether it is the built-in default) for every category."""
    from dangjian.service import sla
    from dangjian.service.models import Category

    require_settings(user)
    policies = sla_policies()
    rows = []
    for value, label in Category.choices:
        policy = policies.get(value)
        default = sla.DEFAULT_SLA.get(value, sla.DEFAULT_SLA["other"])
        days = (policy.accept_days, policy.resolve_days) if policy else default
        rows.append((value, str(label), days[0], days[1], policy is None))
    return rows


def calendar_year(*, user, year: int):
    """The marked days (holidays, 调休 working days) of one year, in date order: at most 366 rows."""
    require_settings(user)
    return CalendarDay.objects.filter(day__year=year).order_by("day")


def calendar_day_on(*, user, day: dt.date) -> CalendarDay:
    """The marking of one date, or NotFound (an ordinary day of the week)."""
    require_settings(user)
    found = CalendarDay.objects.filter(day=day).first()
    if found is None:
        raise NotFound(_("%(day)s is an ordinary day of the week: it is not marked.") % {"day": day})
    return found


def calendar_days_marked(*, years: list[int]) -> int:
    """How many working-calendar exceptions (holidays, 调休 working days) are marked in these years."""
    return CalendarDay.objects.filter(day__year__in=years).count()


def calendar_day_get(*, pk: int) -> CalendarDay:
    """One marked day of the working calendar (one calendar for the installation), or NotFound."""
    found = CalendarDay.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("Not found, or you do not have access to it."))
    return found
