"""Reads of the assessment. Every selector starts from `restrict(user, …)`; a page's query count does not grow with
its rows (sheets and lines are fetched in one query each, production scores in one)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Count, DecimalField, F, Prefetch, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _

from dangjian.assessment import production, scoring
from dangjian.assessment.models import Category, Item, Line, Period, ProductionScore, Sheet, Template
from dangjian.assessment.services.periods import sheet_scores
from dangjian.core.errors import NotFound
from dangjian.core.permissions import VIEW
from dangjian.org import standing

ZERO = Decimal(0)


def template_list(*, user, year: int | None = None):
    qs = Template.objects.restrict(user, VIEW).select_related("org").annotate(item_count=Count("items"))
    return qs.filter(year=year) if year else qs


def template_get(*, user, pk: int) -> Template:
    found = Template.objects.restrict(user, VIEW).select_related("org").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such assessment template, or you do not have access to it."))
    return found


def template_items(template: Template, *, in_use: bool = True) -> list[Item]:
    """The template's items by category and order (those in use only, unless `in_use` is false): one query."""
    items = template.items.select_related("category").order_by("category__order", "order", "pk")
    if in_use:
        items = items.filter(active=True, category__active=True)
    return list(items)


def template_outline(template: Template) -> list[Category]:
    """Every category of the template in order — empty and retired ones too — each with `item_list`, its items in
    order (retired ones too): two queries, whatever the number of items."""
    categories = list(
        template.categories.order_by("order", "pk").prefetch_related(
            Prefetch("items", queryset=Item.objects.order_by("order", "pk"), to_attr="item_list")
        )
    )
    return categories


def template_category(*, template: Template, pk: int) -> Category:
    """A category of a template the user reached through `template_get`, or NotFound."""
    found = Category.objects.filter(template=template, pk=pk).select_related("template__org").first()
    if found is None:
        raise NotFound(_("No such category in this template."))
    return found


def template_item(*, template: Template, pk: int | None = None, code: str | None = None) -> Item:
    """An item of a template the user reached through `template_get` (by id or by code), or NotFound."""
    lookup = {"pk": pk} if pk is not None else {"code": code}
    found = Item.objects.filter(template=template, **lookup).select_related("category", "template__org").first()
    if found is None:
        raise NotFound(_("No such item in this template."))
    return found


def office_orgs(user) -> list:
    """The orgs the user holds 党群工作部 at (where a template may be created): the orgs of their party_office
    assignments, outermost first."""
    return list(standing.office_orgs(user))


def period_list(*, user, year: int | None = None):
    """The periods the user may see, latest first, with how many sheets they hold in each state (one query)."""
    qs = Period.objects.restrict(user, VIEW).select_related("template__org")
    if year:
        qs = qs.filter(month__year=year)
    visible = Sheet.objects.restrict(user, VIEW).values("pk")
    return qs.annotate(
        sheet_count=Count("sheets", filter=Q(sheets__in=visible)),
        reviewed_count=Count("sheets", filter=Q(sheets__in=visible, sheets__status__in=["reviewed", "locked"])),
    ).order_by("-month", "template__org__path")


def period_counted(*, user, pk: int) -> Period:
    """One period as `period_list` shows it (with the sheets the user sees counted), or NotFound."""
    found = period_list(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such assessment period, or you do not have access to it."))
    return found


def period_get(*, user, pk: int) -> Period:
    found = Period.objects.restrict(user, VIEW).select_related("template__org").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such assessment period, or you do not have access to it."))
    return found


def sheet_get(*, user, pk: int) -> Sheet:
    found = (
        Sheet.objects.restrict(user, VIEW)
        .select_related("org", "period__template__org", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("No such assessment sheet, or you do not have access to it."))
    return found


def sheets_of(*, user, period: Period) -> list[Sheet]:
    return list(Sheet.objects.restrict(user, VIEW).filter(period=period).select_related("org").order_by("org__path"))


def sheet_lines(sheet: Sheet) -> list[Line]:
    return list(sheet.lines.select_related("item__category").order_by("item__category__order", "item__order", "pk"))


@dataclass(slots=True)
class RankedOrg:
    """The org of a ranked sheet: what a ranking shows of it."""

    pk: int
    name: str
    code: str
    path: str

    @property
    def id(self) -> int:
        return self.pk


@dataclass(slots=True)
class RankedSheet:
    """A sheet as a ranking reads it: plain values from one query (a period's hundreds of sheets are not built as
    model instances), its period shared by the period's sheets, and `got`/`possible`, the sums of its lines."""

    pk: int
    period_id: int
    status: str
    party_score: Decimal | None
    production_score: Decimal | None
    total: Decimal | None
    rank: int | None
    org: RankedOrg
    period: Period | None = None
    got: Decimal | None = None
    possible: Decimal | None = None
    stored_production: tuple[Decimal, str] | None = None  # the org's stored production score of the month, if any
    scored_in_db: bool = False  # PostgreSQL computed the two below (and read stored_production) with the row
    party_now: Decimal | None = None  # the party score from `got` and `possible` (scoring.party_score_of_sums)
    total_now: Decimal | None = None  # combined with the stored production score (scoring.combined)

    @property
    def id(self) -> int:
        return self.pk

    @property
    def org_id(self) -> int:
        return self.org.pk

    def get_status_display(self) -> str:
        return str(dict(Sheet.Status.choices).get(self.status, self.status))


@dataclass
class Standing:
    """A sheet's scores: stored once locked, computed from its lines (provisional) before."""

    sheet: Sheet | RankedSheet
    party: Decimal | None
    production: Decimal | None
    production_source: str
    total: Decimal | None
    rank: int | None
    provisional: bool


def standings(sheets: list[RankedSheet]) -> list[Standing]:
    """The scores and ranks of the sheets of ONE period (read by `_sheets` with their sums). Locked sheets keep
    the stored numbers; open ones are computed now and ranked among themselves, marked provisional."""
    if not sheets:
        return []
    period = sheets[0].period
    template = period.template
    open_sheets = [s for s in sheets if s.status != Sheet.Status.LOCKED]
    produced = (
        production.production_scores(
            orgs=[s.org for s in open_sheets],
            month=period.month,
            stored={s.org_id: s.stored_production for s in open_sheets if s.stored_production}
            if open_sheets[0].scored_in_db
            else None,
        )
        if open_sheets
        else {}
    )
    rows = []
    for sheet in sheets:
        if sheet.status == Sheet.Status.LOCKED:
            rows.append(Standing(sheet, sheet.party_score, sheet.production_score, "", sheet.total, sheet.rank, False))
            continue
        value, source = produced.get(sheet.org_id, (None, ""))
        stored = sheet.stored_production[0] if sheet.stored_production else None
        if sheet.scored_in_db and value == stored:
            party, total = sheet.party_now, sheet.total_now  # the database's, as scoring.py computes them
        else:  # not scored in the database, or team accounting gives another production score than the stored one
            party = sheet.party_now if sheet.scored_in_db else scoring.party_score_of_sums(sheet.got, sheet.possible)
            total = scoring.combined(
                party, value, party_weight=template.party_weight, production_weight=template.production_weight
            )
        rows.append(Standing(sheet, party, value, source, total, None, True))
    provisional = scoring.ranks({r.sheet.pk: r.total for r in rows if r.provisional})
    for row in rows:
        if row.provisional:
            row.rank = provisional.get(row.sheet.pk)
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.sheet.org.path))


_SHEETS_SQL = """
WITH visible AS ({visible}),
sums AS (
  SELECT l.sheet_id,
         SUM(GREATEST(COALESCE(CASE WHEN l.automatic THEN l.auto_points ELSE l.self_score END, 0) - l.deduction, 0))
           AS got,
         SUM(i.max_points) AS possible
  FROM {line} l JOIN {item} i ON i.id = l.item_id
  WHERE l.sheet_id IN (SELECT pk FROM visible)
  GROUP BY l.sheet_id
)
SELECT s.id, s.period_id, s.status, s.party_score, s.production_score, s.total, s.rank,
       o.id, o.name, o.code, o.path, sums.got, sums.possible, ps.value, ps.source, party.score,
       CASE WHEN ps.value IS NULL THEN party.score
            ELSE ROUND(party.score * t.party_weight + ps.value * t.production_weight, 2) END
FROM {sheet} s
JOIN {org} o ON o.id = s.org_id
JOIN {period} p ON p.id = s.period_id
JOIN {template} t ON t.id = p.template_id
JOIN {org} c ON c.id = t.org_id
LEFT JOIN sums ON sums.sheet_id = s.id
LEFT JOIN {score} ps ON ps.org_id = s.org_id AND ps.month = p.month
CROSS JOIN LATERAL (SELECT ROUND(100 * sums.got / NULLIF(sums.possible, 0), 2) AS score) party
WHERE s.id IN (SELECT pk FROM visible)
ORDER BY c.path, o.path
"""


def _sheets(user, **filters) -> list[RankedSheet]:
    """The visible sheets with `got` (Σ final points) and `possible` (Σ maximum points) of their lines, final =
    max(computed or self-assessed points − deduction, 0), unscored counting 0, and their org's stored production
    score of the month. Two queries however many sheets and lines: one statement (the visible sheets as the scope
    gives them, their lines summed per sheet first, then joined to the sheets, orgs and stored scores: a period's
    20,000 lines are grouped by sheet alone, not sorted by the orgs' names); their periods (with template and
    company). The party score, and the combined score with the stored production score, are computed in the same
    statement as scoring.py computes them (to the fen, half up: non-negative scores round alike in both); standings()
    combines again only where team accounting gives another production score. Written out: building it through the
    ORM, and the Decimal arithmetic for each sheet, cost more than the database's work for 600 branches."""
    visible = Sheet.objects.restrict(user, VIEW).filter(**filters)
    if connection.vendor != "postgresql":
        return _sheets_orm(visible)
    try:
        # unordered: the statement orders its rows itself (the model's order would sort the scope by org path)
        visible, params = visible.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a scope that holds nothing
        return []
    tables = {
        "line": Line._meta.db_table,
        "item": Item._meta.db_table,
        "sheet": Sheet._meta.db_table,
        "org": Sheet._meta.get_field("org").related_model._meta.db_table,
        "period": Period._meta.db_table,
        "template": Template._meta.db_table,
        "score": ProductionScore._meta.db_table,
    }
    with connection.cursor() as cursor:
        cursor.execute(_SHEETS_SQL.format(visible=visible, **tables), params)
        found = cursor.fetchall()
    sheets = [
        RankedSheet(
            *row[:7],
            org=RankedOrg(*row[7:11]),
            got=row[11],
            possible=row[12],
            stored_production=None if row[13] is None else (row[13], row[14]),
            scored_in_db=True,
            party_now=row[15],
            total_now=row[16],
        )
        for row in found
    ]
    if not sheets:
        return []
    periods = Period.objects.filter(pk__in={s.period_id for s in sheets}).select_related("template__org")
    period_of = {p.pk: p for p in periods}
    for sheet in sheets:
        sheet.period = period_of[sheet.period_id]
    return sheets


def _sheets_orm(visible) -> list[RankedSheet]:
    """_sheets on another database than PostgreSQL (the embedded SQLite): the sheets with their orgs (as values),
    their periods, the lines' sums grouped by sheet; the scores are computed in standings()."""
    found = visible.order_by("period__template__org__path", "org__path").values_list(
        "pk", "period_id", "status", "party_score", "production_score", "total", "rank",
        "org_id", "org__name", "org__code", "org__path",
    )  # fmt: skip
    sheets = [RankedSheet(*row[:7], org=RankedOrg(*row[7:])) for row in found]
    if not sheets:
        return []
    periods = Period.objects.filter(pk__in={s.period_id for s in sheets}).select_related("template__org")
    period_of = {p.pk: p for p in periods}
    start = Case(When(automatic=True, then=F("auto_points")), default=F("self_score"))
    final = Greatest(Coalesce(start, Value(ZERO)) - F("deduction"), Value(ZERO))
    sums = {
        sheet_id: (got, possible)
        for sheet_id, got, possible in Line.objects.filter(sheet__in=visible.values("pk"))
        .order_by()
        .values("sheet_id")
        .annotate(
            got=Sum(final, output_field=DecimalField(max_digits=9, decimal_places=2)), possible=Sum("item__max_points")
        )
        .values_list("sheet_id", "got", "possible")
    }
    for sheet in sheets:
        sheet.period = period_of[sheet.period_id]
        sheet.got, sheet.possible = sums.get(sheet.pk, (None, None))
    return sheets


def month_ranking(*, user, month: dt.date) -> list[tuple[Period, list[Standing]]]:
    """Per period of `month` the user may see, the visible sheets' standings (ranks are over the whole period)."""
    by_period: dict[int, list[Sheet]] = defaultdict(list)
    for sheet in _sheets(user, period__month=month):
        by_period[sheet.period_id].append(sheet)
    return [(sheets[0].period, standings(sheets)) for sheets in by_period.values()]


@dataclass
class YearRow:
    org: object
    months: dict[int, Decimal | None]
    mean: Decimal | None
    rank: int | None = None


def year_ranking(*, user, year: int) -> list[YearRow]:
    """Each visible branch's locked combined scores month by month and their mean, ranked (1, 2, 2, 4)."""
    rows: dict[int, YearRow] = {}
    sheets = (
        Sheet.objects.restrict(user, VIEW)
        .filter(period__month__year=year, status=Sheet.Status.LOCKED)
        .select_related("org", "period")
        .order_by("org__path")
    )
    for sheet in sheets:
        row = rows.setdefault(sheet.org_id, YearRow(sheet.org, {}, None))
        row.months[sheet.period.month.month] = sheet.total
    for row in rows.values():
        row.mean = scoring.mean(v for v in row.months.values() if v is not None)
    ranks = scoring.ranks({k: r.mean for k, r in rows.items()})
    for key, row in rows.items():
        row.rank = ranks.get(key)
    return sorted(rows.values(), key=lambda r: (r.rank is None, r.rank or 0, r.org.path))


def standings_of(sheet: Sheet, lines: list[Line]) -> Standing:
    """One sheet's scores (stored if locked, computed now otherwise) without its period's ranking."""
    if sheet.status == Sheet.Status.LOCKED:
        return Standing(sheet, sheet.party_score, sheet.production_score, "", sheet.total, sheet.rank, False)
    value, source = production.production_scores(orgs=[sheet.org], month=sheet.period.month)[sheet.org_id]
    party, total = sheet_scores(sheet.period.template, lines, value)
    return Standing(sheet, party, value, source, total, None, True)


def sheet_line(*, sheet: Sheet, pk: int | None = None, code: str | None = None) -> Line:
    """One line of a sheet the user reached through `sheet_get` (by id, or by its item's code), or NotFound."""
    lookup = {"pk": pk} if pk is not None else {"item__code": code}
    found = Line.objects.filter(sheet=sheet, **lookup).select_related("item__category", "sheet").first()
    if found is None:
        raise NotFound(_("No such line."))
    return found


def production_score_list(*, user, month: dt.date | None = None):
    """The stored production scores of the orgs the user sees, latest month first."""
    qs = ProductionScore.objects.restrict(user, VIEW).select_related("org")
    qs = qs.filter(month=month) if month else qs
    return qs.order_by("-month", "org__path", "pk")


def production_score_of(*, user, org, month: dt.date) -> ProductionScore | None:
    return production_score_list(user=user, month=month).filter(org=org).first()


def production_scores(*, orgs, month) -> dict:
    """The stored production scores of `orgs` for `month`, by org id."""
    return {s.org_id: s for s in ProductionScore.objects.filter(org__in=orgs, month=month)}


def template_of(*, org, year: int) -> Template | None:
    """The 双百分 template an org (a company) keeps for a year, or None."""
    return Template.objects.filter(org=org, year=year).first()
