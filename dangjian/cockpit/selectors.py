"""Reads of the leaders' cockpit. It computes nothing of its own: every number comes from the selector of the
capability that owns it (projects, indicators, value rankings, meetings compliance, service SLA, points, assessment,
recruitment, dues), read as the signed-in user, so the cockpit's numbers are the lists' numbers and show only what the
user may see there. Each part is one function with a fixed number of queries, whatever the number of orgs or rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.cockpit import dimensions
from dangjian.cockpit.models import Threshold
from dangjian.core import months
from dangjian.core.errors import NotFound
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import can_at, scope_for
from dangjian.org import tenancy
from dangjian.org.models import OrgUnitLink, PartyOrg

HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")
TOP = 5  # rows of a ranking the cockpit shows
MAP_MAX = 300  # branches on one colour map
SAFETY_MAX = 5  # safety indicators read for the map
BRANCH_KINDS = (
    PartyOrg.Kind.GENERAL_BRANCH,
    PartyOrg.Kind.BRANCH,
    PartyOrg.Kind.TEMPORARY_BRANCH,
    PartyOrg.Kind.JOINT_BRANCH,
)


def _url(name: str, **query) -> str:
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def _pct(share: Decimal | None) -> Decimal | None:
    """A 0–1 share as a percentage with one decimal."""
    return None if share is None else (share * HUNDRED).quantize(ONE_PLACE, ROUND_HALF_UP)


def _ratio(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(ONE_PLACE, ROUND_HALF_UP) if whole else None


def last_month(today: dt.date) -> dt.date:
    return months.add_months(today.replace(day=1), -1)


def cockpit_org(*, user, resource: str = "cockpit") -> PartyOrg:
    """The org the cockpit is about: the outermost one the user holds `resource` over (a leader's company)."""
    paths = sorted(scope_for(user, resource, VIEW).paths, key=len)
    org = PartyOrg.objects.filter(path=paths[0]).first() if paths else None
    if org is None:
        raise NotFound(_("No such organisation."))
    return org


# --- the parts of the cockpit ----------------------------------------------------------------------------------------


def part_projects(*, user, org: PartyOrg, today: dt.date) -> dict | None:
    """党建+X projects by state and by domain (the project list's own queryset, grouped), and the running ones by
    red/amber/green (the reviews' judgement). Each count links to the project list filtered the same way."""
    from dangjian.projects.projects.models import Domain, State
    from dangjian.projects.projects.selectors import ProjectFilters, project_list
    from dangjian.projects.reviews import rag
    from dangjian.projects.reviews.selectors import RAG_MAX, rag_projects

    if not can_at(user, "project", VIEW, org):
        return None
    rows = (
        project_list(user=user, filters=ProjectFilters(org=org.code))
        .order_by()
        .values("state", "domain")
        .annotate(n=Count("pk", distinct=True))
    )
    by_state: dict[str, int] = defaultdict(int)
    by_domain: dict[str, int] = defaultdict(int)
    for row in rows:
        by_state[row["state"]] += row["n"]
        by_domain[row["domain"]] += row["n"]
    running = list(rag_projects(user=user, org=org.code)[:RAG_MAX])
    levels = {rag.GREEN: 0, rag.AMBER: 0, rag.RED: 0}
    for result in rag.project_rags(user=user, projects=running, as_of=today).values():
        levels[result.level] += 1
    return {
        "total": sum(by_state.values()),
        "total_url": _url("projects:list", org=org.code),
        "states": [
            {
                "code": code,
                "label": str(label),
                "n": by_state[code],
                "url": _url("projects:list", org=org.code, state=code),
            }
            for code, label in State.choices
            if by_state.get(code)
        ],
        "domains": [
            {
                "code": code,
                "label": str(label),
                "n": by_domain[code],
                "url": _url("projects:list", org=org.code, domain=code),
            }
            for code, label in Domain.choices
        ],
        "rag": [
            {
                "level": level,
                "label": str(rag.LABELS[level]),
                "n": n,
                "url": _url("reviews:rag", org=org.code, level=level),
            }
            for level, n in levels.items()
        ],
        "running": len(running),
    }


def part_production(*, user, org: PartyOrg, today: dt.date) -> dict | None:
    """The company's key indicators: this month's value against its target (the kiosk's tiles) and the best the
    company ever recorded (the indicators' records)."""
    from dangjian.indicators.kiosk import company_kiosk
    from dangjian.indicators.records import best_evers

    if not can_at(user, "indicator", VIEW, org):
        return None
    kiosk = company_kiosk(user=user, today=today)
    bests = best_evers([t.indicator for t in kiosk.tiles], kiosk.unit) if kiosk.unit is not None else {}
    tiles = []
    for tile in kiosk.tiles:
        attainment = tile.attainment
        tiles.append(
            {
                "code": tile.indicator.code,
                "name": tile.indicator.name,
                "unit": tile.indicator.unit_of_measure,
                "month": tile.month,
                "actual": attainment.actual if attainment else None,
                "target": attainment.target if attainment else None,
                "percent": attainment.percent if attainment else None,
                "state": tile.state,
                "best": _best(tile, bests.get(tile.indicator.pk)),
                "url": reverse("indicators:detail", args=[tile.indicator.code]),
            }
        )
    return {"tiles": tiles, "url": reverse("indicators:kiosk")}


def _best(tile, recorded: Decimal | None) -> Decimal | None:
    """The best the company reached: what its own unit ever recorded (an indicator reported for the whole company),
    or better, the best complete month of the kiosk's twelve rolled up from the units below."""
    months_seen = [Decimal(str(v)) for v in tile.spark if v is not None]
    candidates = [v for v in [recorded, *months_seen] if v is not None]
    if not candidates:
        return None
    return max(candidates) if tile.indicator.higher_is_better else min(candidates)


def part_value(*, user, org: PartyOrg, today: dt.date) -> dict | None:
    """The teams' value ranking of the last day with records (today's, once entered) and the month's leaders."""
    from dangjian.value import selectors as value

    if not can_at(user, "value", VIEW, org):
        return None
    day = value.last_record_day(user=user)
    daily = []
    if day is not None:
        rows = value.daily_ranking(user=user, day=day)
        daily = sorted((r for r in rows if r.rank is not None), key=lambda r: (r.rank, -(r.value_per_hour or 0)))[:TOP]
    month = (day or today).replace(day=1)
    monthly_rows, _assessment = value.monthly_ranking(user=user, month=month)
    leaders = sorted((r for r in monthly_rows if r.rank == 1), key=lambda r: -(r.value or 0))[:TOP]

    def row(r):
        return {"rank": r.rank, "code": r.code, "name": r.name, "value": r.value, "per_hour": r.value_per_hour}

    return {
        "day": day,
        "daily": [row(r) for r in daily],
        "daily_url": _url("value:board", date=day.isoformat() if day else None),
        "month": month,
        "leaders": [row(r) for r in leaders],
        "monthly_url": _url("value:monthly", month=f"{month:%Y-%m}"),
    }


def part_meetings(*, user, org: PartyOrg, today: dt.date) -> dict | None:
    """Organisational life this year: meetings held ÷ expected over the subtree (the meetings' compliance rate)."""
    from dangjian.meetings.selectors import compliance_rate

    if not can_at(user, "meeting", VIEW, org):
        return None
    rate = compliance_rate(org=org, start=dt.date(today.year, 1, 1), end=today)
    return {
        "year": today.year,
        "rate": _pct(rate),
        "url": _url("meetings:matrix", org=org.code, year=today.year),
    }


def part_concerns(*, user, org: PartyOrg, today: dt.date) -> dict | None:
    """Concerns (我为群众办实事): sent in the last twelve months and resolved on time, as the service dashboard counts
    them; open now and past a deadline now, however old, each linking to the list of exactly those requests."""
    from dangjian.service import selectors as service

    if not can_at(user, "service_request", VIEW, org):
        return None
    start = today - dt.timedelta(days=364)
    board = service.dashboard(user=user, start=start, end=today, today=today)
    counts = {
        state: service.request_list(user=user, filters=service.RequestFilters(state=state)).count()
        for state in ("open", "overdue")
    }
    return {
        "total": board["totals"]["total"],
        "open": counts["open"],
        "overdue": counts["overdue"],
        "open_url": _url("service:queue", scope="all", state="open"),
        "overdue_url": _url("service:queue", scope="all", state="overdue"),
        "sla": _pct(board["sla_rate"]),
        "url": _url("service:dashboard", start=start.isoformat(), end=today.isoformat()),
    }


def part_points(*, user, org: PartyOrg, today: dt.date) -> dict | None:
    """This year's points leaders of the subtree and how many members hold 1–5 stars."""
    from dangjian.points import selectors as points

    if not can_at(user, "points", VIEW, org):
        return None
    period = points.parse_period(None, today)
    leaders = points.leaderboard(org=org, period=period, limit=TOP)
    stars = points.star_distribution(org=org, year=today.year) if can_at(user, "stars", VIEW, org) else {}
    return {
        "year": today.year,
        "leaders": [{"rank": s.rank, "name": s.name, "branch": s.branch, "total": s.total} for s in leaders],
        "url": _url("points:leaderboard", org=org.code, period=period.key),
        "stars": [
            {"stars": n, "count": stars.get(n, 0), "url": _url("points:stars", org=org.code, year=today.year, stars=n)}
            for n in range(5, 0, -1)
        ]
        if stars
        else [],
        "stars_url": _url("points:stars", org=org.code),
    }


def part_assessment(*, user, org: PartyOrg, today: dt.date) -> dict | None:
    """Last month's branch assessment: the best-placed branches (party work and production combined)."""
    from dangjian.assessment.selectors import month_ranking

    if not can_at(user, "assessment", VIEW, org):
        return None
    month = last_month(today)
    rows = [s for _period, standings in month_ranking(user=user, month=month) for s in standings]
    rows.sort(key=lambda s: (s.rank is None, s.rank or 0))
    return {
        "month": month,
        "count": len(rows),
        "rows": [
            {"rank": s.rank, "org": s.sheet.org.name, "total": s.total, "provisional": s.provisional}
            for s in rows[:TOP]
        ],
        "url": _url("assessment:rankings", month=f"{month:%Y-%m}"),
    }


def part_recruitment(*, user, org: PartyOrg, today: dt.date) -> dict | None:
    """The open recruitment files per stage (the pipeline board) and how many are past a deadline."""
    from dangjian.affairs.recruitment import steps
    from dangjian.affairs.recruitment.selectors import board

    if not can_at(user, "recruitment", VIEW, org):
        return None
    stages = board(user=user, org=org)
    return {
        "total": sum(len(v) for v in stages.values()),
        "overdue": sum(1 for v in stages.values() for _d, p in v if p.overdue),
        "stages": [{"stage": n, "label": str(steps.STAGES[n]), "n": len(stages[n])} for n in steps.STAGES],
        "url": _url("recruitment:board", org=org.code),
    }


def part_dues(*, user, org: PartyOrg, today: dt.date) -> dict | None:
    """Party dues this year over the subtree: expected and collected (the collection table's top row)."""
    from dangjian.affairs.dues.selectors import collection

    if not can_at(user, "dues", VIEW, org):
        return None
    table = collection(user=user, org=org, year=today.year)["table"]
    top = next((row for row in table if row["org"].pk == org.pk), None)
    expected = top["total"]["expected"] if top else Decimal(0)
    paid = top["total"]["paid"] if top else Decimal(0)
    month = last_month(today)
    cell = next((c for c in top["cells"] if c["month"] == month), None) if top else None
    return {
        "year": today.year,
        "expected": expected,
        "paid": paid,
        "rate": _ratio(paid, expected) if expected else None,
        "month": month,
        "month_paid": cell["paid"] if cell else Decimal(0),
        "month_expected": cell["expected"] if cell else Decimal(0),
        "url": _url("dues:collection", org=org.code, year=today.year),
    }


# The cockpit's parts in page order: name → reader. The wall screen refreshes each on its own.
PARTS = {
    "projects": part_projects,
    "production": part_production,
    "value": part_value,
    "meetings": part_meetings,
    "concerns": part_concerns,
    "points": part_points,
    "assessment": part_assessment,
    "recruitment": part_recruitment,
    "dues": part_dues,
}


def part(*, user, name: str, today: dt.date | None = None) -> dict:
    """One part of the cockpit (for the wall screen's refresh), with the org and day it is for."""
    from dangjian.core.errors import InvalidInput

    reader = PARTS.get(name)
    if reader is None:
        message = _("Unknown part of the cockpit.")
        raise InvalidInput(message, errors={"part": [message]})
    today = today or timezone.localdate()
    org = cockpit_org(user=user)
    return {"org": org, "today": today, "name": name, "data": reader(user=user, org=org, today=today)}


def summary(*, user, today: dt.date | None = None) -> dict:
    """Every part of the cockpit for the user's org (a part the user holds no grant for is None)."""
    today = today or timezone.localdate()
    org = cockpit_org(user=user)
    return {
        "org": org,
        "today": today,
        **{name: reader(user=user, org=org, today=today) for name, reader in PARTS.items()},
    }


# --- the colour map --------------------------------------------------------------------------------------------------


@dataclass
class Cell:
    dimension: str
    value: Decimal | None
    grade: str
    url: str


@dataclass
class MapRow:
    org: PartyOrg
    cells: list[Cell] = field(default_factory=list)


@dataclass
class ColourMap:
    rows: list[MapRow]
    month: dt.date
    today: dt.date
    thresholds_set: bool
    dimensions: list[tuple[str, str, str]]  # (code, label, what it measures)


def map_orgs(*, user) -> list[PartyOrg]:
    """The branches (总支, 支部, 临时 and 联合支部) the user sees on the map, in tree order: everything under a leader's
    or 党群工作部's org, a secretary's own branch."""
    scope = scope_for(user, "cockpit_map", VIEW)
    if not scope.paths:
        return []
    orgs = PartyOrg.objects.filter(tenancy.paths_q(scope.paths), kind__in=BRANCH_KINDS, status=PartyOrg.Status.ACTIVE)
    return list(orgs.order_by("path")[:MAP_MAX])


def thresholds_for(*, company_paths) -> dict[tuple[str, str], tuple]:
    """{(company path, dimension): (green from, yellow from, orange from)} as the companies set them."""
    rows = Threshold.objects.filter(company__path__in=set(company_paths)).values_list(
        "company__path", "dimension", "green_from", "yellow_from", "orange_from"
    )
    return {(path, dim): (g, y, o) for path, dim, g, y, o in rows}


def _safety(orgs: list[PartyOrg], user, month: dt.date) -> dict[int, Decimal | None]:
    """Share of the safety indicators' monthly targets met on the units each branch covers (OrgUnitLink), from the
    indicators' own attainment (two queries per indicator, at most SAFETY_MAX of them)."""
    from dangjian.indicators.attainment import attainment_for_units
    from dangjian.indicators.models import Indicator

    indicators = list(
        Indicator.objects.restrict(user, VIEW)
        .filter(active=True, category=Indicator.Category.SAFETY)
        .order_by("sort_order", "code")[:SAFETY_MAX]
    )
    links = list(OrgUnitLink.objects.filter(org__in=orgs).select_related("unit"))
    units = {link.unit_id: link.unit for link in links}
    if not indicators or not units:
        return {org.pk: None for org in orgs}
    results: dict[int, list[bool]] = defaultdict(list)  # unit id → met or not, per indicator judged
    for indicator in indicators:
        for a in attainment_for_units(
            indicator=indicator, units=list(units.values()), year=month.year, month=month.month
        ):
            if a.met is not None:
                results[a.unit_id].append(a.met)
    per_org: dict[int, list[bool]] = defaultdict(list)
    for link in links:
        per_org[link.org_id] += results.get(link.unit_id, [])
    return {org.pk: _ratio(sum(per_org[org.pk]), len(per_org[org.pk])) for org in orgs}


def _projects(orgs: list[PartyOrg], user, today: dt.date) -> dict[int, Decimal | None]:
    """Share of each branch's running projects judged green by the reviews (the same judgement as the project
    board): one read of the running projects and their red/amber/green for all branches at once."""
    from dangjian.projects.reviews import rag
    from dangjian.projects.reviews.selectors import RAG_MAX, rag_projects

    running = list(rag_projects(user=user)[:RAG_MAX])
    levels = rag.project_rags(user=user, projects=running, as_of=today)
    out = {}
    for org in orgs:
        mine = [levels[p.pk].level for p in running if p.owner.path.startswith(org.path)]
        out[org.pk] = _ratio(sum(1 for level in mine if level == rag.GREEN), len(mine))
    return out


def _meetings(orgs: list[PartyOrg], today: dt.date) -> dict[int, Decimal | None]:
    """Each branch's meetings held ÷ expected this year over its subtree: the meetings' compliance, evaluated once
    for every org under the branches (as `compliance_rate` does for one)."""
    from dangjian.meetings import compliance

    if not orgs:
        return {}
    everyone = list(PartyOrg.objects.filter(tenancy.paths_q([o.path for o in orgs])))
    results = compliance.compliance(everyone, dt.date(today.year, 1, 1), today, today)
    paths = {o.pk: o.path for o in everyone}
    out = {}
    for org in orgs:
        mine = [r for pk, rs in results.items() if paths[pk].startswith(org.path) for r in rs]
        out[org.pk] = _pct(compliance.rate(mine))
    return out


def colour_map(*, user, today: dt.date | None = None) -> ColourMap:
    """The colour map of the branches the user sees × the six dimensions, each cell graded by the company's
    thresholds and linked to the page that shows what it summarises. A fixed number of queries whatever the
    number of branches."""
    from dangjian.assessment.selectors import month_ranking
    from dangjian.service.selectors import sla_rates
    from dangjian.value.selectors import production_scores

    today = today or timezone.localdate()
    month = last_month(today)
    orgs = map_orgs(user=user)
    limits = thresholds_for(company_paths={tenancy.root_path(o.path) for o in orgs})
    values: dict[str, dict[int, Decimal | None]] = {}
    if orgs:
        values[dimensions.PRODUCTION] = production_scores(orgs=orgs, month=month)
        values[dimensions.SAFETY] = _safety(orgs, user, month)
        values[dimensions.PROJECTS] = _projects(orgs, user, today)
        values[dimensions.MEETINGS] = _meetings(orgs, today)
        values[dimensions.CONCERNS] = {
            pk: _pct(rate) for pk, rate in sla_rates(orgs=orgs, start=dt.date(today.year, 1, 1), end=today).items()
        }
        totals = {s.sheet.org.pk: s.total for _p, standings in month_ranking(user=user, month=month) for s in standings}
        values[dimensions.ASSESSMENT] = {org.pk: totals.get(org.pk) for org in orgs}
    ym = f"{month:%Y-%m}"
    rows = []
    for org in orgs:
        company = tenancy.root_path(org.path)
        links = {
            dimensions.PRODUCTION: _url("value:monthly", month=ym),
            dimensions.SAFETY: _url("indicators:catalogue", category="safety"),
            dimensions.PROJECTS: _url("projects:list", org=org.code),
            dimensions.MEETINGS: _url("meetings:matrix", org=org.code, year=today.year),
            dimensions.CONCERNS: _url("service:dashboard", start=f"{today.year}-01-01", end=today.isoformat()),
            dimensions.ASSESSMENT: _url("assessment:rankings", month=ym),
        }
        row = MapRow(org=org)
        for code in dimensions.CODES:
            value = values[code].get(org.pk)
            row.cells.append(Cell(code, value, dimensions.grade(value, limits.get((company, code))), links[code]))
        rows.append(row)
    return ColourMap(
        rows=rows,
        month=month,
        today=today,
        thresholds_set=bool(limits),
        dimensions=[(code, str(label), str(dimensions.EXPLAINED[code])) for code, label in dimensions.CHOICES],
    )


# --- thresholds ------------------------------------------------------------------------------------------------------


def threshold_company(*, user, action: str = VIEW) -> PartyOrg:
    """The company whose thresholds the user reads (or sets): the root org above the user's threshold grant."""
    paths = sorted(scope_for(user, "cockpit_threshold", action).paths, key=len)
    if not paths:
        raise NotFound(_("No such organisation."))
    company = PartyOrg.objects.filter(path=tenancy.root_path(paths[0])).first()
    if company is None:
        raise NotFound(_("No such organisation."))
    return company


def threshold_rows(*, user, company: PartyOrg) -> list[dict]:
    """Every dimension with the company's thresholds (None where not set yet) and the defaults."""
    found = {t.dimension: t for t in Threshold.objects.restrict(user, VIEW).filter(company=company)}
    return [
        {
            "dimension": code,
            "label": str(label),
            "explained": str(dimensions.EXPLAINED[code]),
            "threshold": found.get(code),
            "defaults": dimensions.DEFAULTS[code],
        }
        for code, label in dimensions.CHOICES
    ]
