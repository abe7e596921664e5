"""Reads for orgs, units and people. Every selector takes the user and goes through `restrict`, so a page shows
only what its user may see. Out of scope is `NotFound`, never `NotPermitted`: its existence stays hidden."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from dangjian.core.errors import NotFound
from dangjian.core.scoping import can_at, scope_for
from dangjian.org.models import CommitteeSeat, OrgUnitLink, PartyOrg, Person, StatusChange, Unit

PARTY_MEMBER_STATUSES = (Person.PartyStatus.PROBATIONARY, Person.PartyStatus.MEMBER)
ON_ROLL_MEMBERS = Q(people__active=True, people__party_status__in=PARTY_MEMBER_STATUSES)
GROUP_ROLL_MEMBERS = Q(group_people__active=True, group_people__party_status__in=PARTY_MEMBER_STATUSES)


# --- trees -----------------------------------------------------------------------------------------------------------


@dataclass
class TreeItem:
    """One node of a tree built in memory: the row, its children, and counts summed over its subtree."""

    node: object
    children: list[TreeItem] = field(default_factory=list)
    members: int = 0  # party members (full + probationary) on the roll in the subtree
    truncated: bool = False  # children exist but were left out (a depth-bounded tree)

    @property
    def is_leaf(self) -> bool:
        return not self.children


def build_tree(nodes, *, direct_members: dict[int, int] | None = None) -> list[TreeItem]:
    """Nest rows of a TreeNode model (any order). A node whose parent is not among the rows becomes a root, so a
    scoped list gives the user's own subtrees. Siblings are sorted by (sort_order, code)."""
    direct_members = direct_members or {}
    items = {n.pk: TreeItem(node=n, members=direct_members.get(n.pk, 0)) for n in nodes}
    roots: list[TreeItem] = []
    for item in sorted(items.values(), key=lambda i: i.node.depth):
        parent = items.get(item.node.parent_id)
        (parent.children if parent else roots).append(item)

    def finish(level: list[TreeItem]) -> int:
        level.sort(key=lambda i: (i.node.sort_order, i.node.code))
        total = 0
        for item in level:
            item.members += finish(item.children)
            total += item.members
        return total

    finish(roots)
    return roots


def org_tree(*, user, levels: int | None = None, root: PartyOrg | None = None) -> list[TreeItem]:
    """The orgs the user may view, nested, with party-member counts per subtree — in ONE query.

    `root` limits it to one org's subtree (the tree browser loads deeper levels on demand). `levels` prunes the nesting
    for display; the counts still cover whole subtrees, and a pruned node keeps `truncated` set."""
    qs = PartyOrg.objects.restrict(user, "view")
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    rows = list(
        qs.annotate(
            direct_members=Count("people", filter=ON_ROLL_MEMBERS, distinct=True),
            group_members=Count("group_people", filter=GROUP_ROLL_MEMBERS, distinct=True),
        )
    )
    return _tree_of(rows, levels)


def org_overview(*, user, levels: int) -> tuple[list[TreeItem], int, list]:
    """The home page's tree of the orgs the user may view (as `org_tree`), how many of them are active, and their
    health warnings (as `health.org_warnings`) — from ONE query: member counts and health figures are correlated
    counts per org."""
    from dangjian.org import health

    today = timezone.localdate()
    rows = list(
        health.annotate_health(PartyOrg.objects.restrict(user, "view"), today=today).annotate(
            direct_members=health.on_roll("branch"), group_members=health.on_roll("group")
        )
    )
    active = sum(1 for o in rows if o.status == PartyOrg.Status.ACTIVE)
    return _tree_of(rows, levels), active, health.warnings_of(rows, today=today)


def _tree_of(rows: list[PartyOrg], levels: int | None) -> list[TreeItem]:
    roots = build_tree(rows, direct_members={o.pk: o.direct_members for o in rows})
    # A group's members are already counted in its branch; show them on the group without counting them twice.
    for item in _walk(roots):
        if item.node.kind == PartyOrg.Kind.GROUP:
            item.members = item.node.group_members
    if levels is not None:
        _prune(roots, levels)
    return roots


def _walk(level: list[TreeItem]):
    for item in level:
        yield item
        yield from _walk(item.children)


def open_depth(roots: list[TreeItem], levels: int = 2) -> int:
    """Nodes shallower than this start unfolded: the first `levels` levels of the user's own subtrees."""
    return min((r.node.depth for r in roots), default=0) + levels


def _prune(level: list[TreeItem], keep: int) -> None:
    for item in level:
        if keep <= 1:
            item.truncated, item.children = bool(item.children), []
        else:
            _prune(item.children, keep - 1)


def unit_tree(*, user, levels: int | None = None, root: Unit | None = None) -> list[TreeItem]:
    """The production units nested (from `root` down, `levels` deep); each unit carries `covering_orgs`, the orgs
    covering it that the user may view. Two queries: the units, and their coverage links."""
    units = Unit.objects.restrict(user, "view")
    band: dict = {}
    if root is not None:
        band["path__startswith"] = root.path
    if levels is not None:
        band["depth__lt"] = (root.depth if root else 0) + levels
        units = units.annotate(has_children=Exists(Unit.objects.filter(parent=OuterRef("pk"))))
    units = list(units.filter(**band))
    if not units:
        return []
    covering: dict[int, list[PartyOrg]] = {}
    links = OrgUnitLink.objects.filter(org__in=PartyOrg.objects.restrict(user, "view")).select_related("org")
    for link in links.filter(**{f"unit__{k}": v for k, v in band.items()}).order_by("org__path"):
        covering.setdefault(link.unit_id, []).append(link.org)
    for unit in units:
        unit.covering_orgs = covering.get(unit.pk, [])
    roots = build_tree(units)
    if levels is not None:
        for item in _walk(roots):
            item.truncated = item.node.has_children and not item.children
    return roots


# --- orgs ------------------------------------------------------------------------------------------------------------


def orgs_where(*, user, resource: str, action: str) -> QuerySet[PartyOrg]:
    """Orgs inside the user's scope for `resource`/`action`, e.g. the branches they may add people to."""
    scope = scope_for(user, resource, action)
    qs = PartyOrg.objects.all()
    if scope.everywhere:
        return qs
    q = Q(pk__in=[])
    for path in scope.paths:
        q |= Q(path__startswith=path)
    return qs.filter(q)


def org_get(*, user, pk: int, action: str = "view") -> PartyOrg:
    """One org the user may `action`, or NotFound."""
    org = PartyOrg.objects.restrict(user, action).select_related("parent").filter(pk=pk).first()
    if org is None:
        raise NotFound(_not_found())
    return org


SEAT_ORDER = {role: i for i, role in enumerate(CommitteeSeat.Role.values)}


def units_where(*, user, action: str) -> QuerySet[Unit]:
    """The units the user may `action`, e.g. the parents a new unit may go under."""
    return Unit.objects.restrict(user, action)


def unit_get(*, user, pk: int, action: str = "view") -> Unit:
    """One production unit the user may `action` (units of another company are never found), or NotFound."""
    unit = Unit.objects.restrict(user, action).filter(pk=pk).first()
    if unit is None:
        raise NotFound(_not_found())
    return unit


def current_seats(*, org: PartyOrg, today=None) -> list[CommitteeSeat]:
    """The org's committee as it stands today, secretary first (committee seats are public within the org)."""
    today = today or timezone.localdate()
    seats = org.seats.filter(Q(since__isnull=True) | Q(since__lte=today), Q(until__isnull=True) | Q(until__gte=today))
    return sorted(seats.select_related("person"), key=lambda s: (SEAT_ORDER.get(s.role, 99), s.since or today, s.pk))


def seat_history(*, org: PartyOrg, limit: int = 200) -> list[CommitteeSeat]:
    """The org's committee seats, in force and past, newest first (bounded), for its seats page."""
    return list(org.seats.select_related("person").order_by("-since", "role", "pk")[:limit])


def seat_get(*, org: PartyOrg, pk: int) -> CommitteeSeat:
    """One seat of an org the caller already reached through `org_get`, or NotFound."""
    seat = CommitteeSeat.objects.filter(org=org, pk=pk).select_related("person").first()
    if seat is None:
        raise NotFound(_not_found())
    return seat


def seat_candidates(*, org: PartyOrg) -> QuerySet[Person]:
    """Who may sit on the org's committee: people on the roll of the org or of an org below it."""
    return (
        Person.objects.filter(branch__path__startswith=org.path, active=True)
        .order_by(status_rank(), "employee_no")
        .only("pk", "name", "employee_no")
    )


def org_warnings(*, org: PartyOrg) -> list:
    """The health warnings of one org the caller already reached (its own page)."""
    from dangjian.org import health

    return health.org_warnings(PartyOrg.objects.filter(pk=org.pk))


def unit_choices(*, user, org: PartyOrg | None = None) -> QuerySet[Unit]:
    """The units an org may be set to cover: the active units of the user's companies (and those it covers now)."""
    units = Unit.objects.restrict(user, "view")
    if org is not None:
        return units.filter(Q(active=True) | Q(org_links__org=org)).distinct().order_by("path")
    return units.filter(active=True).order_by("path")


def status_rank() -> Case:
    """Order by party status along the recruitment path, full members first."""
    return Case(
        *[When(party_status=s, then=Value(i)) for i, s in enumerate(reversed(Person.STATUS_ORDER))],
        output_field=IntegerField(),
    )


@dataclass
class OrgDetail:
    """Everything the org page shows, each part already scoped."""

    org: PartyOrg
    ancestors: list[PartyOrg]
    seats: list[CommitteeSeat]
    status_counts: dict[str, int]
    suborgs: list[PartyOrg]
    groups: list[PartyOrg]
    units: list[Unit]
    people: list[Person]
    people_total: int

    @property
    def party_members(self) -> int:
        return sum(self.status_counts.get(s, 0) for s in PARTY_MEMBER_STATUSES)

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        """(status, label, head count), full members first."""
        return [(s, label, self.status_counts.get(s, 0)) for s, label in reversed(Person.PartyStatus.choices)]


def org_detail(*, user, pk: int) -> OrgDetail:
    """The org page: committee seats, people counts by party status over its subtree, child orgs with their member
    counts, party groups, covered units and (bounded) the people on its roll that the user may view."""
    org = org_get(user=user, pk=pk)
    today = timezone.localdate()
    ancestors = list(PartyOrg.objects.restrict(user, "view").filter(pk__in=org.ancestor_ids()).order_by("depth"))
    seats = current_seats(org=org, today=today)
    in_subtree = Person.objects.filter(branch__path__startswith=org.path, active=True)
    status_counts = dict(in_subtree.values_list("party_status").annotate(n=Count("id")).order_by())
    children = list(
        PartyOrg.objects.restrict(user, "view")
        .filter(parent=org)
        .annotate(group_members=Count("group_people", filter=GROUP_ROLL_MEMBERS))
        .order_by("sort_order", "code")
    )
    # Party members per branch below this org (one grouped query), summed into each child's subtree.
    by_branch = in_subtree.filter(party_status__in=PARTY_MEMBER_STATUSES).values_list("branch__path")
    per_path = dict(by_branch.annotate(n=Count("id")).order_by())
    for child in children:
        child.members = sum(n for path, n in per_path.items() if path.startswith(child.path))
    roll = Person.objects.restrict(user, "view").filter(Q(branch=org) | Q(group=org), active=True)
    people = list(roll.select_related("group", "unit").order_by(status_rank(), "employee_no")[: settings.PAGE_SIZE])
    people_total = len(people) if len(people) < settings.PAGE_SIZE else roll.count()
    return OrgDetail(
        org=org,
        ancestors=ancestors,
        seats=seats,
        status_counts=status_counts,
        suborgs=[c for c in children if c.kind != PartyOrg.Kind.GROUP],
        groups=[c for c in children if c.kind == PartyOrg.Kind.GROUP],
        units=list(Unit.objects.restrict(user, "view").filter(org_links__org=org).order_by("path")),
        people=people,
        people_total=people_total,
    )


# --- people ----------------------------------------------------------------------------------------------------------


@dataclass
class PeopleFilters:
    """The people list's search and filters, as parsed from the query string."""

    q: str = ""
    org: str = ""  # org code: the whole subtree
    party_status: str = ""
    unit: int | None = None  # unit id: the whole unit subtree
    gender: str = ""
    education: str = ""
    include_inactive: bool = False

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None, False)}


def people_list(*, user, filters: PeopleFilters | None = None, action: str = "view") -> QuerySet[Person]:
    """The people the user may `action`, searched and filtered, with the related rows a list shows joined in."""
    filters = filters or PeopleFilters()
    qs = Person.objects.restrict(user, action).select_related("branch", "group", "unit")
    if not filters.include_inactive:
        qs = qs.filter(active=True)
    if filters.q:
        term = filters.q.strip()
        qs = qs.filter(Q(name__icontains=term) | Q(employee_no__icontains=term))
    if filters.org:
        # An org the user cannot see filters to nothing, exactly like an org that does not exist.
        org = PartyOrg.objects.restrict(user, "view").filter(code=filters.org).only("path").first()
        qs = qs.filter(branch__path__startswith=org.path) if org else qs.none()
    if filters.unit:
        unit = Unit.objects.restrict(user, "view").filter(pk=filters.unit).only("path").first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    for name in ("party_status", "gender", "education"):
        value = getattr(filters, name)
        if value:
            qs = qs.filter(**{name: value})
    # Branch first: the roster reads by organisation, and a LIMIT over a scope then starts from the scope's own
    # orgs instead of walking the whole table's employee-number index (bench/README.md).
    return qs.order_by("branch__path", "employee_no")


FILTER_LEVELS = 3
FILTER_UNIT_KINDS = (Unit.Kind.COMPANY, Unit.Kind.DIVISION, Unit.Kind.WORKSHOP)


def people_filter_choices(*, user, org_code: str = "", unit_id: int | None = None):
    """Orgs and units for the people list's filter selects, bounded so the page stays small in a big group: orgs down
    to three levels below the user's outermost subtree (deeper ones are reached from their org page's link) and units
    down to workshops — each plus the one currently chosen. Rows of (code, depth, name) and (pk, depth, name), in tree
    order."""
    scope = scope_for(user, "org", "view")
    top = 0 if scope.everywhere else min((p.count("/") - 2 for p in scope.paths), default=0)
    orgs = (
        PartyOrg.objects.restrict(user, "view")
        .filter(Q(depth__lt=top + FILTER_LEVELS) & ~Q(kind=PartyOrg.Kind.GROUP) | Q(code=org_code))
        .order_by("path")
        .values_list("code", "depth", "name")
    )
    units = (
        Unit.objects.restrict(user, "view")
        .filter(Q(kind__in=FILTER_UNIT_KINDS) | Q(pk=unit_id or 0))
        .order_by("path")
        .values_list("pk", "depth", "name")
    )
    # Plain rows: a big group offers hundreds of each, and a model instance per option cost more than the query.
    return orgs, units


def units_for_branch(*, user, branch_id: int | None, current_unit_id: int | None = None) -> QuerySet[Unit]:
    """Units to offer for a person of this branch: the production line the branch covers (支部建在生产线上), with
    everything below it, plus the person's current unit. A branch with no coverage recorded is offered every unit;
    no branch yet, no units (the form redraws when one is chosen)."""
    units = Unit.objects.restrict(user, "view").filter(Q(active=True) | Q(pk=current_unit_id or 0))
    if not branch_id:
        return units.filter(pk=current_unit_id or 0)
    covered = list(OrgUnitLink.objects.filter(org_id=branch_id or 0).values_list("unit__path", flat=True))
    if not covered:
        return units
    q = Q(pk=current_unit_id or 0)
    for path in covered:
        q |= Q(path__startswith=path)
    return units.filter(q)


def people_counts(*, user) -> dict[str, int]:
    """Head counts of the people on the roll the user may view: total and per party status (one query)."""
    qs = Person.objects.restrict(user, "view").filter(active=True)
    counts = qs.aggregate(
        total=Count("id"),
        **{s.value: Count("id", filter=Q(party_status=s.value)) for s in Person.PartyStatus},
    )
    return counts


def own_person(*, user) -> Person | None:
    """The user's own person record with branch, group and unit, if their roles let them see it; else None."""
    if not getattr(user, "person_id", None):
        return None
    # Read with the account (accounts/backends.py): shown without a query when the user's scope plainly holds it —
    # their own record by the "self" grant, or their branch or group — else the scoped query decides.
    loaded = user._state.fields_cache.get("person") if hasattr(user, "_state") else None
    if loaded is not None and loaded.pk == user.person_id:
        groups = [loaded.branch] + ([loaded.group] if loaded.group_id else [])
        if scope_for(user, "person", "view").own or any(can_at(user, "person", "view", o) for o in groups):
            return loaded
    return (
        Person.objects.restrict(user, "view")
        .select_related("branch", "group", "unit")
        .filter(pk=user.person_id)
        .first()
    )


def person_get(*, user, pk: int, action: str = "view") -> Person:
    """One person the user may `action` (a member may view only their own record), or NotFound."""
    person = (
        Person.objects.restrict(user, action)
        .select_related("branch", "group", "unit", "branch__parent")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise NotFound(_not_found())
    return person


@dataclass
class PersonDetail:
    person: Person
    history: list[StatusChange]
    seats: list[CommitteeSeat]


def person_detail(*, user, pk: int) -> PersonDetail:
    """The person page: the record, the status history with who recorded each step, and committee seats held."""
    person = person_get(user=user, pk=pk)
    history = list(person.status_changes.select_related("recorded_by", "recorded_by__person").order_by("on", "id"))
    seats = list(person.seats.select_related("org").order_by("-since", "id"))
    return PersonDetail(person=person, history=history, seats=seats)


def _not_found() -> str:
    from django.utils.translation import gettext as _

    return _("Not found, or you do not have access to it.")


def visible_orgs(*, user) -> QuerySet[PartyOrg]:
    """Every org the user sees (the health and term lists narrow it down)."""
    return PartyOrg.objects.restrict(user, "view")
