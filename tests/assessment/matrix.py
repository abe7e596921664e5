"""The assessment's rows of the permission matrix (tests/test_permission_matrix.py picks up ROUTES).

Objects: a 2022 template over ROOT; January locked, February open (sheets of BA and BB, drafts); a key task owned by
BA and one by BB. "assessment" view: 党群工作部, secretary, committee member, group leader, team leader, leader and
member over their subtrees (templates and periods are also seen from below); "keytask" view also the employee.
Self-assessment is the branch's own secretary's; deductions, confirmations and locking need a reviewer (the superior
org or 党群工作部) who is not of the branch."""

from tests.test_permission_matrix import anyone, only, org_visible

ASSESS = {"party_office", "secretary", "committee_member", "group_leader", "team_leader", "leader", "member"}
KEYTASK = ASSESS | {"employee"}


def assess_view(role, target):
    return role in ASSESS


def keytask_view(role, target):
    return role in KEYTASK


def sheet_view(role, target):
    return role in ASSESS and org_visible(role, target)


def task_view(role, target):
    return role in KEYTASK and org_visible(role, target)


def branch_secretary(role, target):
    return role == "secretary" and target == "BA"


def sheet_actor(role, target):
    """Anyone with a standing on the sheet (the branch's secretary or 党群工作部) is answered; the move decides."""
    return role == "party_office" or branch_secretary(role, target)


ROUTES = {
    "assessment:index": (None, assess_view, "GET"),
    "assessment:rankings": (None, assess_view, "GET"),
    "assessment:template": ("template", assess_view, "GET"),
    "assessment:template_export": ("template", only("party_office", "leader"), "GET"),
    "assessment:period_open": ("template", only("party_office"), "POST"),
    "assessment:period": ("period", assess_view, "GET"),
    "assessment:period_lock": ("period", only("party_office"), "POST"),
    "assessment:production": ("period", only("party_office", "secretary"), "GET"),
    "assessment:pay_export": ("locked-period", only("party_office", "leader"), "GET"),
    "assessment:sheet": ("sheet", sheet_view, "GET"),
    "assessment:sheet_pdf": ("sheet", sheet_view, "GET"),
    "assessment:sheet_move": ("sheet", sheet_actor, "POST"),
    "assessment:line_save": ("line", branch_secretary, "POST"),
    "assessment:line_deduct": ("line", only("party_office"), "POST"),
    "assessment:keytasks": (None, keytask_view, "GET"),
    "assessment:keytask_ranking": (None, keytask_view, "GET"),
    "assessment:keytask_create": (None, only("party_office", "secretary"), "GET"),
    "assessment:keytask": ("keytask", task_view, "GET"),
    "assessment:keytask_close": ("keytask", branch_secretary, "POST"),
    "assessment:keytask_decide": ("keytask", only("party_office"), "POST"),
    "api:assessment_periods": (None, anyone, "GET"),
    "api:assessment_rankings": ({"query": "month=2022-01"}, anyone, "GET"),
    "api:keytask_list": (None, anyone, "GET"),
    "api:keytask_close": ("keytask-id", branch_secretary, "POST"),
    "api:keytask_confirm": ("keytask-id", only("party_office"), "POST"),
}
