"""Reads for projects. Every selector takes the user and goes through `restrict`; out of scope is NotFound."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from dangjian.core.errors import NotFound
from dangjian.core.permissions import VIEW
from dangjian.core.scoping import scope_for
from dangjian.org.models import PartyOrg
from dangjian.projects.projects.models import (
    Domain,
    Goal,
    Measure,
    Project,
    ProjectMember,
    ProjectTransition,
    RuleRevision,
    State,
    SubPlan,
    Task,
)

# Finished projects: accepted (验收) or rated (评比).
FINISHED = (State.ACCEPTED, State.RATED)


@dataclass
class ProjectFilters:
    """What a project list can be narrowed by; empty values mean no filter."""

    year: int | None = None
    domain: str = ""
    state: str = ""
    org: str = ""  # an org code: that org and the orgs below it
    q: str = ""

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


def _filtered(qs: QuerySet, user, filters: ProjectFilters) -> QuerySet:
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.domain:
        qs = qs.filter(domain=filters.domain)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.org:
        # An org the user cannot see filters to nothing, rather than being ignored.
        path = PartyOrg.objects.restrict(user, VIEW).filter(code=filters.org).values_list("path", flat=True).first()
        qs = qs.filter(owner__path__startswith=path) if path else qs.none()
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(code__icontains=filters.q))
    return qs


def project_list(*, user, filters: ProjectFilters | None = None, action: str = VIEW) -> QuerySet:
    """The projects `user` may `action`, filtered, with their task counts; newest plan year first."""
    qs = Project.objects.restrict(user, action).select_related("owner", "secretary")
    qs = _filtered(qs, user, filters or ProjectFilters())
    return qs.annotate(
        task_count=Count("tasks"), tasks_done=Count("tasks", filter=Q(tasks__done_on__isnull=False))
    ).order_by("-year", "code")


def project_get(*, user, pk: int, action: str = VIEW) -> Project:
    """One project in scope (with its owner), or NotFound."""
    project = Project.objects.restrict(user, action).select_related("owner").filter(pk=pk).first()
    if project is None:
        raise NotFound(_("No such project, or you do not have access to it."))
    return project


def project_detail(*, user, pk: int) -> Project:
    """A project with everything its page and the API show, in a fixed number of queries."""
    qs = (
        Project.objects.restrict(user, VIEW)
        .select_related("owner", "secretary")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.select_related("indicator", "unit")),
            Prefetch("measures", queryset=Measure.objects.select_related("owner")),
            Prefetch("sub_plans", queryset=SubPlan.objects.select_related("owner")),
            Prefetch("tasks", queryset=Task.objects.select_related("owner")),
            "rule_revisions",
            Prefetch("memberships", queryset=ProjectMember.objects.select_related("person").order_by("role", "id")),
            # who moved it, by name (the account's person), in the same query
            Prefetch(
                "transitions", queryset=ProjectTransition.objects.select_related("actor__person").order_by("at", "id")
            ),
        )
    )
    project = qs.filter(pk=pk).first()
    if project is None:
        raise NotFound(_("No such project, or you do not have access to it."))
    return project


def year_choices(*, user) -> list[int]:
    """The plan years that have projects the user may see, newest first."""
    qs = Project.objects.restrict(user, VIEW).order_by("-year").values_list("year", flat=True).distinct()
    return list(qs[:30])


# --- statistics ------------------------------------------------------------------------------------------------------


@dataclass
class StatRow:
    """One line of the statistics table (seed 000: projects, measures, sub-plans, tasks, rules revised, completion)."""

    key: object
    label: str
    projects: int = 0
    finished: int = 0
    measures: int = 0
    sub_plans: int = 0
    tasks: int = 0
    tasks_done: int = 0
    rules: int = 0

    @property
    def task_completion(self) -> Decimal | None:
        return _percent(self.tasks_done, self.tasks)

    @property
    def project_completion(self) -> Decimal | None:
        return _percent(self.finished, self.projects)


def _percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1")) if whole else None


@dataclass
class Stats:
    by_domain: list[StatRow]
    by_org: list[StatRow]
    by_year: list[StatRow]
    total: StatRow
    # ECharts series: projects per domain, one series per year.
    chart: dict


def project_stats(*, user, filters: ProjectFilters | None = None) -> Stats:
    """Counts by domain, by owner org and by year over the projects the user may see — in six grouped queries,
    however many projects there are (each child table is counted on its own, so counts never multiply)."""
    projects = _filtered(Project.objects.restrict(user, VIEW), user, filters or ProjectFilters())
    keys = ("domain", "owner_id", "year")
    cells: dict[tuple, StatRow] = {}

    def cell(domain, owner_id, year) -> StatRow:
        return cells.setdefault((domain, owner_id, year), StatRow(key=(domain, owner_id, year), label=""))

    for row in projects.values(*keys).annotate(n=Count("id"), done=Count("id", filter=Q(state__in=FINISHED))):
        c = cell(row["domain"], row["owner_id"], row["year"])
        c.projects, c.finished = row["n"], row["done"]
    child_keys = ("project__domain", "project__owner_id", "project__year")
    for model, attr in ((Measure, "measures"), (SubPlan, "sub_plans"), (RuleRevision, "rules")):
        for row in model.objects.filter(project__in=projects).values(*child_keys).annotate(n=Count("id")):
            setattr(cell(*(row[k] for k in child_keys)), attr, row["n"])
    task_rows = Task.objects.filter(project__in=projects).values(*child_keys)
    for row in task_rows.annotate(n=Count("id"), done=Count("id", filter=Q(done_on__isnull=False))):
        c = cell(*(row[k] for k in child_keys))
        c.tasks, c.tasks_done = row["n"], row["done"]

    org_names = dict(PartyOrg.objects.filter(pk__in={k[1] for k in cells}).order_by().values_list("pk", "name"))
    domain_labels = dict(Domain.choices)
    by_domain = _roll(cells.values(), 0, lambda d: str(domain_labels.get(d, d)))
    by_domain.sort(key=lambda r: list(domain_labels).index(r.key) if r.key in domain_labels else 99)
    by_org = sorted(_roll(cells.values(), 1, lambda pk: org_names.get(pk, "")), key=lambda r: (-r.projects, r.label))
    by_year = sorted(_roll(cells.values(), 2, str), key=lambda r: r.key)
    total = _roll(cells.values(), None, lambda _k: _("Total"))
    years = [r.key for r in by_year]
    chart = {
        "domains": [str(domain_labels[d]) for d in domain_labels],
        "series": [
            {
                "name": str(year),
                "data": [_count(cells, year, d) for d in domain_labels],
            }
            for year in years
        ],
    }
    return Stats(
        by_domain=by_domain,
        by_org=by_org,
        by_year=by_year,
        total=total[0] if total else StatRow(key=None, label=_("Total")),
        chart=chart,
    )


def _count(cells: dict, year: int, domain: str) -> int:
    return sum(c.projects for (d, _o, y), c in cells.items() if d == domain and y == year)


def _roll(rows, index: int | None, label) -> list[StatRow]:
    """Sum cells over every key but the one at `index` (None: over all of them)."""
    out: dict = defaultdict(lambda: None)
    for c in rows:
        key = c.key[index] if index is not None else "all"
        if out[key] is None:
            out[key] = StatRow(key=key, label=label(key))
        acc = out[key]
        for name in ("projects", "finished", "measures", "sub_plans", "tasks", "tasks_done", "rules"):
            setattr(acc, name, getattr(acc, name) + getattr(c, name))
    return list(out.values())


# --- choices for the forms -------------------------------------------------------------------------------------------

# Selects stay bounded in a big group: at most this many people are offered (plus those already chosen).
PEOPLE_CHOICES_MAX = 500
FILTER_LEVELS = 3


def filter_orgs(*, user, org_code: str = "") -> QuerySet[PartyOrg]:
    """Orgs for the list filter: down to three levels below the user's outermost subtree, plus the chosen one."""
    scope = scope_for(user, "project", VIEW)
    top = 0 if scope.everywhere else min((p.count("/") - 2 for p in scope.paths), default=0)
    return (
        PartyOrg.objects.restrict(user, VIEW)
        .filter(Q(depth__lt=top + FILTER_LEVELS) & ~Q(kind=PartyOrg.Kind.GROUP) | Q(code=org_code))
        .only("code", "name", "depth", "path")
    )


def owner_choices(*, user) -> QuerySet[PartyOrg]:
    """Active orgs where the user may propose projects (a few hundred at most even in a big group: a select)."""
    scope = scope_for(user, "project", "add")
    qs = PartyOrg.objects.filter(status=PartyOrg.Status.ACTIVE).only("code", "name", "depth", "path")
    if scope.everywhere:
        return qs
    q = Q(pk__in=[])
    for path in scope.paths:
        q |= Q(path__startswith=path)
    return qs.filter(q)


def people_choices(*, user, owner: PartyOrg, current: set[int] = frozenset()) -> list[tuple[int, str]]:
    """People to offer as secretary, members and owners of plan rows: those on the roll of the owner's subtree that
    the user may see (bounded), plus whoever is already chosen. Two queries."""
    from dangjian.org.models import Person

    visible = Person.objects.restrict(user, VIEW)
    in_owner = visible.filter(branch__path__startswith=owner.path, active=True).order_by("branch__path", "name")
    pks = list(in_owner.values_list("pk", flat=True)[:PEOPLE_CHOICES_MAX]) + list(current)
    rows = visible.filter(pk__in=pks).order_by("name").values_list("pk", "name", "employee_no")
    return [(pk, f"{name}（{no}）") for pk, name, no in rows]


def task_get(*, project: Project, pk: int) -> Task:
    """One task of a project the user reached through `project_get`, or NotFound."""
    found = Task.objects.filter(project=project, pk=pk).select_related("owner", "project__owner").first()
    if found is None:
        raise NotFound(_("No such task."))
    return found


def plan_row_get(*, project: Project, model, pk: int):
    """One plan row (measure, sub-plan, task, rule revised …) of a project the user reached through `project_get`, or
    NotFound — a row of another project is not there."""
    found = model.objects.filter(project=project, pk=pk).first()
    if found is None:
        raise NotFound(_("No such row in this project's plan."))
    return found
