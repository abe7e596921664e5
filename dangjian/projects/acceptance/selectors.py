"""Reads for the acceptance panels. Pages and the API reach panels through `Panel.objects.restrict`; the projects a
panel scores, the conflicts of interest and the scoring progress are computed here in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.accounts.models import RoleAssignment
from dangjian.core.errors import NotFound
from dangjian.core.permissions import CHANGE, VIEW, Role
from dangjian.core.scoping import can_at
from dangjian.org import standing
from dangjian.org.models import CommitteeSeat
from dangjian.projects.acceptance import scoring
from dangjian.projects.acceptance.models import Criterion, Panel, PanelMember, ProjectResult, Score
from dangjian.projects.boards.actuals import latest_actuals
from dangjian.projects.projects.models import Goal, Project, State

# Projects a panel scores: checked on site (检查), or already accepted.
SCORABLE_STATES = (State.INSPECTED, State.ACCEPTED)
# Seats and roles that make a panel member answerable for a project of their org.
CONFLICT_SEATS = (CommitteeSeat.Role.SECRETARY, CommitteeSeat.Role.DEPUTY_SECRETARY)


def panel_list(*, user) -> QuerySet[Panel]:
    """The panels `user` may see, newest year first, with their member and result counts."""
    return (
        Panel.objects.restrict(user, VIEW)
        .select_related("org")
        .annotate(member_count=Count("members", distinct=True), result_count=Count("results", distinct=True))
        .order_by("-year", "org__path")
    )


def panel_get(*, user, pk: int) -> Panel:
    """One panel the user may see (with its org), or NotFound."""
    panel = Panel.objects.restrict(user, VIEW).select_related("org").filter(pk=pk).first()
    if panel is None:
        raise NotFound(_("No such acceptance panel, or you do not have access to it."))
    return panel


def membership(*, user, panel: Panel) -> PanelMember | None:
    """The user's seat on the panel while they hold the panel member role over its org; None otherwise."""
    if not can_at(user, "panel", CHANGE, panel.org):
        return None
    return PanelMember.objects.filter(panel=panel, user=user).select_related("user__person").first()


def panel_projects(panel: Panel) -> QuerySet[Project]:
    """The projects the panel scores: its year, owned in its org's subtree, inspected or accepted. Internal: pages
    show them to those who may see the panel, which implies seeing the projects of its whole org."""
    return (
        Project.objects.filter(year=panel.year, owner__path__startswith=panel.org.path, state__in=SCORABLE_STATES)
        .select_related("owner", "secretary")
        .order_by("owner__path", "code")
    )


def criteria(panel: Panel) -> list[Criterion]:
    return list(panel.criteria.all())


def members(panel: Panel) -> list[PanelMember]:
    return list(panel.members.select_related("user__person").order_by("department", "id"))


def conflicts(panel_members: list[PanelMember], projects: list[Project]) -> set[tuple[int, int]]:
    """(member id, project id) pairs where the member may not score the project: they are its responsible secretary,
    hold the secretary or deputy secretary seat of its owner org, or hold the secretary role over that org. Two
    queries however many members and projects."""
    person_of = {m.pk: m.user.person_id for m in panel_members}
    today = timezone.localdate()
    seats = (
        CommitteeSeat.objects.filter(person_id__in=[p for p in person_of.values() if p], role__in=CONFLICT_SEATS)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .filter(Q(since__isnull=True) | Q(since__lte=today))
        .values_list("person_id", "org_id")
    )
    orgs_of_person: dict[int, set[int]] = defaultdict(set)
    for person_id, org_id in seats:
        orgs_of_person[person_id].add(org_id)
    roles = (
        RoleAssignment.objects.active()
        .filter(user_id__in=[m.user_id for m in panel_members], role=Role.SECRETARY)
        .values_list("user_id", "org_id")
    )
    orgs_of_user: dict[int, set[int]] = defaultdict(set)
    for user_id, org_id in roles:
        orgs_of_user[user_id].add(org_id)
    pairs = set()
    for member in panel_members:
        person_id = person_of[member.pk]
        answerable = orgs_of_user[member.user_id] | (orgs_of_person[person_id] if person_id else set())
        for project in projects:
            if project.owner_id in answerable or (person_id and project.secretary_id == person_id):
                pairs.add((member.pk, project.pk))
    return pairs


@dataclass
class GoalLine:
    """One goal's working for the goal-attainment criterion."""

    goal_id: int
    indicator: str
    unit_of_measure: str
    baseline: Decimal
    target: Decimal
    actual: Decimal | None
    capped: Decimal

    def as_json(self) -> dict:
        return {
            "goal": self.goal_id,
            "indicator": self.indicator,
            "unit": self.unit_of_measure,
            "baseline": str(self.baseline),
            "target": str(self.target),
            "actual": None if self.actual is None else str(self.actual),
            "attainment": str(self.capped),
        }


def attainments(projects: list[Project], *, user) -> tuple[dict[int, Decimal], dict[int, list[GoalLine]]]:
    """({project id: goal-attainment value}, {project id: [GoalLine]}) from the goals' latest actual values."""
    goals = list(
        Goal.objects.filter(project__in=[p.pk for p in projects]).select_related("project", "indicator", "unit")
    )
    actuals = latest_actuals(goals, user=user)
    lines: dict[int, list[GoalLine]] = {p.pk: [] for p in projects}
    for goal in goals:
        actual = actuals[goal.pk].value
        capped = scoring.capped_attainment(
            baseline=goal.baseline, target=goal.target, actual=actual, higher=goal.direction == Goal.Direction.HIGHER
        )
        lines[goal.project_id].append(
            GoalLine(goal.pk, goal.indicator_name, goal.unit_of_measure, goal.baseline, goal.target, actual, capped)
        )
    values = {pk: scoring.project_attainment(line.capped for line in rows) for pk, rows in lines.items()}
    return values, lines


@dataclass
class Progress:
    """How far the scoring has come: per member and per project, cells scored out of cells required."""

    required: int = 0
    scored: int = 0
    by_member: dict[int, list[int]] = field(default_factory=dict)  # member id -> [scored, required]
    by_project: dict[int, list[int]] = field(default_factory=dict)
    missing: list[tuple[PanelMember, Project, Criterion]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.scored >= self.required

    @property
    def percent(self) -> int:
        return int(100 * self.scored / self.required) if self.required else 100


def progress(panel: Panel, panel_members, projects, typed_criteria, conflicted) -> Progress:
    """Which (member, project, criterion) cells are scored; conflicted pairs are not required. One query."""
    done = set(
        Score.objects.filter(member__panel=panel, criterion__in=typed_criteria, project__in=projects).values_list(
            "member_id", "project_id", "criterion_id"
        )
    )
    result = Progress()
    for member in panel_members:
        result.by_member[member.pk] = [0, 0]
    for project in projects:
        result.by_project[project.pk] = [0, 0]
    for member in panel_members:
        for project in projects:
            if (member.pk, project.pk) in conflicted:
                continue
            for criterion in typed_criteria:
                hit = (member.pk, project.pk, criterion.pk) in done
                for counter in (result.by_member[member.pk], result.by_project[project.pk]):
                    counter[0] += hit
                    counter[1] += 1
                result.required += 1
                result.scored += hit
                if not hit:
                    result.missing.append((member, project, criterion))
    return result


@dataclass
class Overview:
    """Everything the panel page shows: members, criteria, projects with their progress, conflicts."""

    panel: Panel
    members: list[PanelMember]
    criteria: list[Criterion]
    projects: list[Project]
    conflicted: set[tuple[int, int]]
    progress: Progress

    @property
    def typed_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if not c.is_computed]

    @property
    def weight_total(self) -> Decimal:
        return sum((c.weight for c in self.criteria), Decimal(0))


def overview(panel: Panel) -> Overview:
    panel_members = members(panel)
    panel_criteria = criteria(panel)
    typed = [c for c in panel_criteria if not c.is_computed]
    projects = list(panel_projects(panel))
    conflicted = conflicts(panel_members, projects)
    return Overview(
        panel,
        panel_members,
        panel_criteria,
        projects,
        conflicted,
        progress(panel, panel_members, projects, typed, conflicted),
    )


@dataclass
class Sheet:
    """A member's scoring sheet: every project × every typed criterion, with their own scores filled in."""

    panel: Panel
    member: PanelMember
    criteria: list[Criterion]
    projects: list[Project]
    scores: dict[tuple[int, int], Score]
    conflicted: set[int]
    attainment: dict[int, Decimal]
    attainment_criterion: Criterion | None

    @property
    def typed_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if not c.is_computed]

    def rows(self) -> list[tuple[Project, Decimal, bool, list[tuple[Criterion, Score | None]]]]:
        """(project, provisional attainment, conflicted, [(criterion, own score or None)]) for the template."""
        typed = self.typed_criteria
        return [
            (
                p,
                self.attainment[p.pk],
                p.pk in self.conflicted,
                [(c, self.scores.get((p.pk, c.pk))) for c in typed],
            )
            for p in self.projects
        ]


def sheet(*, user, panel: Panel, member: PanelMember) -> Sheet:
    """The member's sheet: the panel's projects (as the user may see them), their own scores, and the provisional
    goal attainment (recomputed and locked when the panel submits)."""
    visible = Project.objects.restrict(user, VIEW).values("pk")
    projects = list(panel_projects(panel).filter(pk__in=visible))
    panel_criteria = criteria(panel)
    own = Score.objects.filter(member=member, project__in=[p.pk for p in projects])
    values, _lines = attainments(projects, user=user)
    return Sheet(
        panel=panel,
        member=member,
        criteria=panel_criteria,
        projects=projects,
        scores={(s.project_id, s.criterion_id): s for s in own},
        conflicted={p for m, p in conflicts([member], projects)},
        attainment=values,
        attainment_criterion=next((c for c in panel_criteria if c.is_computed), None),
    )


def results(panel: Panel) -> QuerySet[ProjectResult]:
    """The panel's locked results, best first (with project, owner org)."""
    return ProjectResult.objects.filter(panel=panel).select_related("project__owner").order_by("rank", "project__code")


def result_for_certificate(*, user, panel: Panel, project_pk: int) -> ProjectResult:
    """An awarded project's result on a panel the user may see, or NotFound."""
    visible = Project.objects.restrict(user, VIEW).values("pk")
    result = (
        results(panel)
        .filter(project_id=project_pk, project__in=visible, locked_at__isnull=False)
        .exclude(award="")
        .select_related("panel__org")
        .first()
    )
    if result is None:
        raise NotFound(_("This project has no award on this panel."))
    return result


def by_domain(rows: list[ProjectResult]) -> list[tuple[str, list[ProjectResult]]]:
    """Results grouped by the project's domain, each group in domain-rank order."""
    groups: dict[str, list[ProjectResult]] = defaultdict(list)
    for row in rows:
        groups[str(row.project.domain_label)].append(row)
    return [(label, sorted(items, key=lambda r: (r.domain_rank, r.project.code))) for label, items in groups.items()]


# --- choices for the forms -------------------------------------------------------------------------------------------

# Bounded selects: even a big group has at most this many panel member accounts to seat.
CANDIDATES_MAX = 500


def office_orgs(*, user) -> QuerySet:
    """The orgs the user serves as 党群工作部 (party_office assignments): where they may set up a panel."""
    return standing.office_orgs(user).only("code", "name", "path", "depth")


def member_candidates(panel: Panel) -> list:
    """Active accounts holding the panel member role over the panel's org (at it or above), not yet seated."""
    from dangjian.accounts.models import User

    org_ids = [int(part) for part in panel.org.path.strip("/").split("/") if part]
    holders = RoleAssignment.objects.active().filter(role=Role.PANEL_MEMBER, org_id__in=org_ids).values("user_id")
    seated = PanelMember.objects.filter(panel=panel).values("user_id")
    return list(
        User.objects.filter(pk__in=holders, is_active=True)
        .exclude(pk__in=seated)
        .select_related("person")
        .order_by("username")[:CANDIDATES_MAX]
    )


def member_account(panel: Panel, username: str):
    """The active account named `username` that holds the panel member role over the panel's org (at it or above),
    seated or not — or None, as for an account that does not exist, so that no other account is revealed."""
    from dangjian.accounts.models import User

    org_ids = [int(part) for part in panel.org.path.strip("/").split("/") if part]
    holders = RoleAssignment.objects.active().filter(role=Role.PANEL_MEMBER, org_id__in=org_ids).values("user_id")
    return User.objects.filter(pk__in=holders, is_active=True, username=username).select_related("person").first()


def own_score_count(member: PanelMember) -> int:
    """How many scores the member has entered (the sheet's counter)."""
    return Score.objects.filter(member=member).count()


def score_cell(*, user, panel: Panel, project_pk: int, criterion_pk: int) -> tuple[Project | None, Criterion | None]:
    """The project (as the user sees it) and the panel's criterion one score cell names; None for either unknown."""
    project = Project.objects.restrict(user, VIEW).filter(pk=project_pk).first()
    criterion = Criterion.objects.filter(pk=criterion_pk, panel=panel).first()
    return project, criterion


def panel_member_get(*, panel: Panel, pk: int) -> PanelMember:
    """One seat of the panel, or NotFound."""
    found = PanelMember.objects.filter(panel=panel, pk=pk).select_related("panel", "user").first()
    if found is None:
        raise NotFound(_("No such panel member."))
    return found
