"""The points pages and endpoints in the permission matrix (see tests/matrix/runner.py for the shape) and the points
world (the root matrix's world plus entries and appeals).

Kinds: "entry" (an entry of person_a in BA, or of person_b in BB), "appeal" (an open appeal on such an entry),
"branch-year" (branch BA or BB, 2025), "approved-entry" (an approved entry of BA or BB named in the body), "branch"
(BA or BB named in the body), "year" (2025 in the URL, the caller's company). An entry outside the role's reach is
404; a visible one without the right, 403."""

import datetime as dt

from django.urls import reverse

from dangjian.points.models import Appeal, PointsEntry, PointsRule
from tests.matrix.footprint import AUDIT, count, snapshot
from tests.matrix.policy import BUSINESS, NOT_FOUND, anyone, only, org_visible, roles_in, scoped
from tests.matrix.runner import default_send

SEE_POINTS = ("party_office", "secretary", "committee_member", "group_leader", "leader")
DECIDE = ("party_office", "secretary")
YEAR = 2025


def entry_visible(role, target):
    """Entries are seen over the person's org by SEE_POINTS roles (person_a of BA is also in GA); the member sees
    their own (person_a's, BA)."""
    if role == "group_leader":
        return target == "BA"
    return (role in SEE_POINTS and org_visible(role, target)) or (role == "member" and target == "BA")


def decide(role, target):
    """Approving and correcting: 党群工作部 over ROOT, the secretary in BA."""
    return role == "party_office" or (role == "secretary" and target == "BA")


def own_entry(role, target):
    return role == "member" and target == "BA"


def board(*roles, not_found=None):
    """Boards take an org (`?org=`, default the outermost the role may see for points). The API answers 404 (no such
    org for it) to a role that reaches none; the pages answer 403 to a role without the grant and 404 to the roles in
    `not_found` (members hold points of their own, but no org's board)."""

    def rule(role, target):
        if role in roles:
            return True
        return NOT_FOUND if not_found is None or role in not_found else False

    return rule


def rate_branch(role, target):
    """Rating a branch named in the body: 403 without the right to rate anywhere, then 404 for a branch the role
    does not see, then the right over it."""
    if role not in DECIDE:
        return False
    if not org_visible(role, target):
        return NOT_FOUND
    return decide(role, target)


ROUTES = {
    # one's own ledger: a party member's (the employee login is a non-member: no points, no page)
    "points:mine": (None, only("member"), "GET"),
    "points:claim": (None, only("party_office", "secretary", "member"), "GET"),
    "points:appeal": ("entry", scoped(entry_visible, own_entry), "GET"),
    "points:decide": ("entry", scoped(entry_visible, decide), "POST"),
    "points:reverse": ("entry", scoped(entry_visible, decide), "POST"),
    "points:appeal_decide": ("appeal", scoped(entry_visible, decide), "POST"),
    "points:queue": (None, only(*DECIDE), "GET"),
    "points:rules": (None, only(*BUSINESS), "GET"),
    "points:rule_create": (None, only("party_office"), "GET"),
    # the company's rule (ROOT): only 党群工作部 changes the catalogue
    "points:rule_version": ("rule", scoped(lambda role, t: role in BUSINESS, roles_in("party_office")), "GET"),
    "points:leaderboard": (None, board(*SEE_POINTS, not_found={"member"}), "GET"),
    # a member sees the distribution (counts only) of their own branch and their own row
    "points:stars": (None, only(*SEE_POINTS, "member"), "GET"),
    "points:appraisal": (None, only(*DECIDE), "GET"),
    "points:star_policy": (None, only("party_office"), "GET"),
    "points:branches": (None, board(*SEE_POINTS, not_found={"member"}), "GET"),
    "points:branch_rate": ("branch-year", scoped(org_visible, decide), "GET"),
    "points:gaming": (None, only("party_office"), "GET"),
    "points:rule_retire": ("rule", scoped(lambda role, t: role in BUSINESS, roles_in("party_office")), "POST"),
    # the branch-star criteria: 党群工作部 of the whole company (a secretary rates, but does not set them)
    "points:branch_template": (None, only("party_office"), "GET"),
    "api:points_entries": (None, anyone, "GET"),
    # writes with their own bodies: covered in tests/points/test_api.py
    "api:points_entry_create": (None, None, "POST-OPEN"),
    "api:points_entry_decide": ("entry", None, "POST-OPEN"),
    "api:points_leaderboard": (None, board(*SEE_POINTS), "GET"),
    "api:stars": (None, board(*SEE_POINTS, "member"), "GET"),
    # the set-up operations (api_setup.py), each sent with a body that succeeds where the role may (see `send`)
    "api:points_appeals": (None, anyone, "GET"),
    "api:points_appeal_create": ("approved-entry", scoped(entry_visible, own_entry), "POST"),
    "api:points_appeal_decide": ("appeal", scoped(entry_visible, decide), "POST"),
    "api:points_rules": (None, only(*BUSINESS), "GET"),
    "api:points_rule_create": (None, only("party_office"), "POST"),
    "api:points_rule_update": ("rule", scoped(lambda role, t: role in BUSINESS, roles_in("party_office")), "PATCH"),
    "api:points_rule_retire": ("rule", scoped(lambda role, t: role in BUSINESS, roles_in("party_office")), "POST"),
    "api:points_appraisals": (None, anyone, "GET"),
    "api:points_appraisal_record": (None, only(*DECIDE), "POST"),
    "api:points_branch_template": ("year", board(*SEE_POINTS), "GET"),
    "api:points_branch_template_save": ("year", only("party_office"), "PUT"),
    "api:points_branch_ratings": (None, board(*SEE_POINTS), "GET"),
    "api:points_branch_rate": ("branch", rate_branch, "POST"),
}


def extend(world, tmp_path) -> dict:
    from dangjian.core.services import SYSTEM
    from dangjian.points import services

    services.defaults_install(actor=SYSTEM, company=world["root"], valid_from=dt.date(2020, 1, 1))
    rule = PointsRule.objects.get(company=world["root"], code="HONOUR")
    entries, appeals, approved = {}, {}, {}
    for key, person in (("BA", world["person_a"]), ("BB", world["person_b"])):
        entry = services.entry_create(
            actor=SYSTEM,
            person=person,
            rule=rule,
            occurred_on=dt.date(YEAR, 3, 1),
            reason="省级劳模" if key == "BA" else "发电能手王芳",
            evidence="文件",
        )
        entries[key] = entry
        appeals[key] = Appeal.objects.create(entry=entry, reason="x")
        approved[key] = services.entry_approve(
            actor=SYSTEM,
            entry=services.entry_create(
                actor=SYSTEM, person=person, rule=rule, occurred_on=dt.date(YEAR, 4, 1), reason="r", evidence="e"
            ),
        )
    services.branch_template_save(actor=SYSTEM, company=world["root"], year=YEAR)
    return {**world, "entries": entries, "appeals": appeals, "approved": approved, "rule": rule}


def url_for(name, kind, target, w):
    if kind is None:
        return reverse(name)
    if kind == "entry":
        key = "entry_id" if name.startswith("api:") else "pk"
        return reverse(name, kwargs={key: w["entries"][target].pk})
    if kind == "appeal":
        key = "appeal_id" if name.startswith("api:") else "pk"
        return reverse(name, kwargs={key: w["appeals"][target].pk})
    if kind == "rule":
        key = "rule_id" if name.startswith("api:") else "pk"
        return reverse(name, kwargs={key: w["rule"].pk})
    if kind == "year":
        return reverse(name, kwargs={"year": YEAR})
    if kind in ("approved-entry", "branch"):
        return reverse(name)
    if kind == "branch-year":
        org = w["branch_a"] if target == "BA" else w["branch_b"]
        return reverse(name, kwargs={"pk": org.pk, "year": YEAR})
    raise AssertionError(kind)


def api_body(name, target, w) -> dict | None:
    """A body each set-up operation accepts where the role may use it."""
    return {
        "api:points_appeal_create": lambda: {"entry": w["approved"].get(target, w["rule"]).pk, "reason": "不服"},
        "api:points_appeal_decide": lambda: {"uphold": False, "decision": "维持原决定"},
        "api:points_rule_create": lambda: {
            "code": "MATRIX",
            "name": "矩阵规则",
            "category": "merit",
            "points": "2",
            "valid_from": "2025-01-01",
        },
        "api:points_rule_update": lambda: {"valid_from": "2026-01-01", "name": "获得上级表彰（新）"},
        "api:points_rule_retire": lambda: {"last_day": "2026-12-31"},
        "api:points_appraisal_record": lambda: {
            "employee_no": w["person_a"].employee_no,
            "year": YEAR,
            "appraisal": "excellent",
        },
        "api:points_branch_template_save": lambda: {"three_star_mark": "70"},
        "api:points_branch_rate": lambda: {
            "org": (w["branch_a"] if target == "BA" else w["branch_b"]).code,
            "year": YEAR,
            "scores": [],
        },
    }.get(name, lambda: None)()


def send(client, name, url, method, target, world):
    """A decision names approve or reject (the services then decide who may); the set-up operations send a body
    that succeeds where the role may; other routes post nothing."""
    if name == "points:decide":
        return client.post(url, {"decision": "reject"})
    if name == "points:rule_retire":
        return client.post(url, {"last_day": "2026-12-31"})
    body = api_body(name, target, world)
    if body is not None:
        return getattr(client, method.lower())(url, body, content_type="application/json")
    return default_send(client, name, url, method, target, world)


def targets(role, kind):
    return ["BA", "BB"] if kind not in (None, "rule", "year") else ["-"]


def state(world):
    return snapshot(
        AUDIT,
        count(PointsEntry),
        count(PointsEntry, where="status = 'pending'"),
        count(Appeal, where="status = 'open'"),
    )
