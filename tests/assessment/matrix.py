"""The assessment's rows of the permission matrix (tests/test_permission_matrix.py picks up ROUTES) and its world.

Objects: a 2022 template over ROOT; January locked, February open (sheets of BA and BB, drafts); a key task owned by
BA and one by BB. "assessment" view: 党群工作部, secretary, committee member, group leader, team leader, leader and
member over their subtrees (templates and periods are also seen from below); "keytask" view also the employee.
Self-assessment is the branch's own secretary's; deductions, confirmations and locking need a reviewer (the superior
org or 党群工作部) who is not of the branch. Out of scope (a sheet or task of BB below ROOT) is 404; without the
assessment grant at all, 403."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dangjian.assessment.models import KeyTask, Sheet
from dangjian.core.models import AuditLog
from tests.matrix.policy import anyone, only, org_visible, roles_in, scoped

ASSESS = {"party_office", "secretary", "committee_member", "group_leader", "team_leader", "leader", "member"}
KEYTASK = ASSESS | {"employee"}


def branch_secretary(role, target):
    return role == "secretary" and target == "BA"


def sheet_actor(role, target):
    """Anyone with a standing on the sheet (the branch's secretary or 党群工作部) is answered; the move decides."""
    return role == "party_office" or branch_secretary(role, target)


def sees_sheet(role, target):
    return role in ASSESS and org_visible(role, target)


def sees_task(role, target):
    return role in KEYTASK and org_visible(role, target)


def seen(role, target):
    """The template and its periods (over ROOT) are seen from below by every assessment role; anyone else: 404."""
    return role in ASSESS


sheet_view = scoped(sees_sheet)
task_view = scoped(sees_task)

ROUTES = {
    "assessment:index": (None, only(*ASSESS), "GET"),
    "assessment:rankings": (None, only(*ASSESS), "GET"),
    "assessment:template": ("template", scoped(seen), "GET"),
    "assessment:template_export": ("template", scoped(seen, roles_in("party_office", "leader")), "GET"),
    "assessment:period_open": ("template", scoped(seen, roles_in("party_office")), "POST"),
    "assessment:period": ("period", scoped(seen), "GET"),
    "assessment:period_lock": ("period", scoped(seen, roles_in("party_office")), "POST"),
    "assessment:production": ("period", scoped(seen, roles_in("party_office", "secretary")), "GET"),
    "assessment:pay_export": ("locked-period", scoped(seen, roles_in("party_office", "leader")), "GET"),
    "assessment:sheet": ("sheet", sheet_view, "GET"),
    "assessment:sheet_pdf": ("sheet", sheet_view, "GET"),
    "assessment:sheet_move": ("sheet", scoped(sees_sheet, sheet_actor), "POST"),
    "assessment:line_save": ("line", scoped(sees_sheet, branch_secretary), "POST"),
    "assessment:line_deduct": ("line", scoped(sees_sheet, roles_in("party_office")), "POST"),
    "assessment:keytasks": (None, only(*KEYTASK), "GET"),
    "assessment:keytask_ranking": (None, only(*KEYTASK), "GET"),
    "assessment:keytask_create": (None, only("party_office", "secretary"), "GET"),
    "assessment:keytask": ("keytask", task_view, "GET"),
    "assessment:keytask_close": ("keytask", scoped(sees_task, branch_secretary), "POST"),
    "assessment:keytask_decide": ("keytask", scoped(sees_task, roles_in("party_office")), "POST"),
    "api:assessment_periods": (None, anyone, "GET"),
    "api:assessment_rankings": ({"query": "month=2022-01"}, anyone, "GET"),
    "api:keytask_list": (None, anyone, "GET"),
    "api:keytask_close": ("keytask-id", scoped(sees_task, branch_secretary), "POST"),
    "api:keytask_confirm": ("keytask-id", scoped(sees_task, roles_in("party_office")), "POST"),
}


def build(tmp_path):
    from dangjian.assessment import metrics, services
    from dangjian.assessment.models import Line
    from dangjian.core.services import SYSTEM
    from tests.assessment.conftest import build_template, key_task
    from tests.factories import build_company
    from tests.matrix.runner import logins

    company = build_company()
    users, _person_e = logins(company)
    builtin = {c: m for c, m in metrics._REGISTRY.items() if c in (metrics.REVIEW_ON_TIME, metrics.KEYTASK_ON_TIME)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(metrics, "_REGISTRY", builtin)
        template = build_template(company)
        jan = services.period_open(actor=SYSTEM, template=template, month=dt.date(2022, 1, 1))
        for sheet in jan.sheets.all():
            Line.objects.filter(sheet=sheet, automatic=False).update(self_score=Decimal(3), evidence="记录")
            Sheet.objects.filter(pk=sheet.pk).update(status=Sheet.Status.REVIEWED)
        services.period_lock(actor=SYSTEM, period=jan)
        feb = services.period_open(actor=SYSTEM, template=template, month=dt.date(2022, 2, 1))
    sheets = {s.org.code: s for s in feb.sheets.select_related("org")}
    lines = {code: s.lines.filter(automatic=False).first() for code, s in sheets.items()}
    tasks = {
        "BA": key_task(company["branch_a"], "KT-A", dt.date(2022, 3, 31)),
        "BB": key_task(company["branch_b"], "KT-B", dt.date(2022, 3, 31)),
    }
    KeyTask.objects.filter(code="KT-B").update(title="发电党支部保密任务")
    return {
        **company,
        "users": users,
        "template": template,
        "jan": jan,
        "feb": feb,
        "sheets": sheets,
        "lines": lines,
        "tasks": tasks,
    }


def url_for(name, kind, target, w):
    if kind is None:
        return reverse(name)
    if isinstance(kind, dict):
        return reverse(name) + "?" + kind["query"]
    pk = {
        "template": lambda: w["template"].pk,
        "period": lambda: w["feb"].pk,
        "locked-period": lambda: w["jan"].pk,
        "sheet": lambda: w["sheets"][target].pk,
        "keytask": lambda: w["tasks"][target].pk,
    }
    if kind == "line":
        line = w["lines"][target]
        return reverse(name, kwargs={"pk": line.sheet_id, "line_pk": line.pk})
    if kind == "keytask-id":
        return reverse(name, kwargs={"task_id": w["tasks"][target].pk})
    return reverse(name, kwargs={"pk": pk[kind]()})


def targets(role, kind):
    return ["BA", "BB"] if kind in ("sheet", "line", "keytask", "keytask-id") else ["-"]


def send(client, name, url, method, target, world):
    if method == "POST" and name.startswith("api:"):
        return client.post(url, {"evidence": ""}, content_type="application/json")
    if method == "POST":
        return client.post(url, {})
    return client.get(url)


def state(world):
    return (
        AuditLog.objects.exclude(action__in=["login", "export"]).count(),
        list(Sheet.objects.order_by("pk").values_list("status", flat=True)),
        list(KeyTask.objects.order_by("pk").values_list("status", flat=True)),
    )
