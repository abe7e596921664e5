"""The assessment's rows of the permission matrix (tests/test_permission_matrix.py picks up ROUTES) and its world.

Objects: a 2022 template over ROOT (edited by 党群工作部 only: its category 组织建设 and item A1); January locked,
February open (sheets of BA and BB, drafts); a key task owned by BA and one by BB; BB's February production score.
"assessment" view: 党群工作部, secretary, committee member, group leader, team leader, leader and member over their
subtrees (templates and periods are also seen from below); "keytask" view also the employee. Self-assessment is the
branch's own secretary's; deductions, confirmations, cancelling a key task and locking or reopening a month need a
reviewer (the superior org or 党群工作部) who is not of the branch. Out of scope (a sheet or task of BB below ROOT) is
404; without the assessment grant at all, 403."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dangjian.assessment.models import KeyTask, Sheet
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
# The template's editing: 党群工作部 over ROOT; everyone else who sees the template is refused (403).
template_office = scoped(seen, roles_in("party_office"))

ROUTES = {
    "assessment:index": (None, only(*ASSESS), "GET"),
    "assessment:rankings": (None, only(*ASSESS), "GET"),
    "assessment:template": ("template", scoped(seen), "GET"),
    "assessment:template_export": ("template", scoped(seen, roles_in("party_office", "leader")), "GET"),
    "assessment:template_create": (None, only("party_office"), "GET"),
    "assessment:template_copy": ("template", template_office, "POST"),
    "assessment:category_add": ("template", template_office, "POST"),
    "assessment:category_change": ("category", template_office, "POST"),
    "assessment:item_add": ("template", template_office, "GET"),
    "assessment:item_edit": ("item", template_office, "GET"),
    "assessment:item_change": ("item", template_office, "POST"),
    "assessment:period_open": ("template", scoped(seen, roles_in("party_office")), "POST"),
    "assessment:period": ("period", scoped(seen), "GET"),
    "assessment:period_lock": ("period", scoped(seen, roles_in("party_office")), "POST"),
    "assessment:period_unlock": ("locked-period", scoped(seen, roles_in("party_office")), "POST"),
    # The production half of the dual assessment is judged from outside the branch: not by its own secretary.
    "assessment:production": ("period", scoped(seen, roles_in("party_office")), "GET"),
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
    "assessment:keytask_edit": ("keytask", scoped(sees_task, roles_in("party_office", "secretary")), "GET"),
    "assessment:keytask_cancel": ("keytask", scoped(sees_task, roles_in("party_office")), "POST"),
    "assessment:keytask_close": ("keytask", scoped(sees_task, branch_secretary), "POST"),
    "assessment:keytask_decide": ("keytask", scoped(sees_task, roles_in("party_office")), "POST"),
    "api:assessment_periods": (None, anyone, "GET"),
    "api:assessment_rankings": ({"query": "month=2022-01"}, anyone, "GET"),
    "api:assessment_period_open": (None, only("party_office"), "POST"),
    "api:assessment_period": ("period-id", scoped(seen), "GET"),
    "api:assessment_period_lock": ("period-id", scoped(seen, roles_in("party_office")), "POST"),
    "api:assessment_period_unlock": ("locked-period-id", scoped(seen, roles_in("party_office")), "POST"),
    "api:assessment_sheet": ("sheet-id", sheet_view, "GET"),
    "api:assessment_sheet_move": ("sheet-id", scoped(sees_sheet, sheet_actor), "POST"),
    "api:assessment_line_self": ("line-code", scoped(sees_sheet, branch_secretary), "POST"),
    "api:assessment_line_deduct": ("line-code", scoped(sees_sheet, roles_in("party_office")), "POST"),
    "api:assessment_production_scores": (None, anyone, "GET"),
    "api:assessment_production_score_set": (None, only("party_office"), "POST"),
    "api:keytask_list": (None, anyone, "GET"),
    "api:keytask_create": (None, only("party_office", "secretary"), "POST"),
    "api:keytask_update": ("keytask-id", scoped(sees_task, roles_in("party_office", "secretary")), "PATCH"),
    "api:keytask_cancel": ("keytask-id", scoped(sees_task, roles_in("party_office")), "POST"),
    "api:keytask_restore": ("keytask-id", scoped(sees_task, roles_in("party_office")), "POST"),
    "api:keytask_close": ("keytask-id", scoped(sees_task, branch_secretary), "POST"),
    "api:keytask_confirm": ("keytask-id", scoped(sees_task, roles_in("party_office")), "POST"),
    "api:assessment_templates": (None, anyone, "GET"),
    "api:assessment_template": ("template-id", scoped(seen), "GET"),
    "api:assessment_template_create": (None, only("party_office"), "POST"),
    "api:assessment_template_update": ("template-id", template_office, "PATCH"),
    "api:assessment_template_copy": ("template-id", template_office, "POST"),
    "api:assessment_category_create": ("template-id", template_office, "POST"),
    "api:assessment_category_update": ("category-id", template_office, "PATCH"),
    "api:assessment_item_create": ("template-id", template_office, "POST"),
    "api:assessment_item_update": ("item-code", template_office, "PATCH"),
}

# The bodies of the API writes: valid, so a refusal is the permission's, never the body's.
API_BODIES = {
    "api:assessment_template_create": {"org": "ROOT", "year": 2031},
    "api:assessment_template_update": {"name": "矩阵"},
    "api:assessment_template_copy": {"year": 2031},
    "api:assessment_category_create": {"name": "矩阵类别"},
    "api:assessment_category_update": {"name": "矩阵类别"},
    "api:assessment_item_create": {"code": "M1", "category": "组织建设", "title": "矩阵", "max_points": "1"},
    "api:assessment_item_update": {"title": "矩阵"},
    "api:keytask_create": {
        "code": "KT-M",
        "title": "矩阵任务",
        "category": "party",
        "owner_org": "BA",
        "due_on": "2022-06-30",
        "deliverable": "总结",
    },
    "api:keytask_update": {"title": "矩阵任务"},
    "api:keytask_cancel": {"reason": "矩阵"},
    "api:keytask_restore": {},
    "api:assessment_period_open": {"org": "ROOT", "month": "2022-03"},
    "api:assessment_period_lock": {},
    "api:assessment_period_unlock": {"reason": "矩阵"},
    # A move that February's draft sheets cannot make: 409 to whoever has a standing on the sheet.
    "api:assessment_sheet_move": {"action": "review"},
    "api:assessment_line_self": {"score": "3", "evidence": "记录"},
    "api:assessment_line_deduct": {"deduction": "0"},
    "api:assessment_production_score_set": {"org": "BA", "month": "2022-02", "value": "90"},
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
    services.production_score_set(actor=SYSTEM, org=company["branch_b"], month=dt.date(2022, 2, 1), value="88")
    return {
        **company,
        "users": users,
        "template": template,
        "category": template.categories.get(name="组织建设"),
        "item": template.items.get(code="A1"),
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
    if kind in ("period-id", "locked-period-id"):
        return reverse(name, kwargs={"period_id": w["feb" if kind == "period-id" else "jan"].pk})
    if kind == "sheet-id":
        return reverse(name, kwargs={"sheet_id": w["sheets"][target].pk})
    if kind == "line-code":
        line = w["lines"][target]
        return reverse(name, kwargs={"sheet_id": line.sheet_id, "code": line.item.code})
    template, category, item = w["template"], w["category"], w["item"]
    if kind in ("category", "item"):
        other = {"category": ("category_pk", category.pk), "item": ("item_pk", item.pk)}[kind]
        return reverse(name, kwargs={"pk": template.pk, other[0]: other[1]})
    if kind == "template-id":
        return reverse(name, kwargs={"template_id": template.pk})
    if kind == "category-id":
        return reverse(name, kwargs={"template_id": template.pk, "category_id": category.pk})
    if kind == "item-code":
        return reverse(name, kwargs={"template_id": template.pk, "code": item.code})
    return reverse(name, kwargs={"pk": pk[kind]()})


def targets(role, kind):
    return ["BA", "BB"] if kind in ("sheet", "line", "keytask", "keytask-id", "sheet-id", "line-code") else ["-"]


def send(client, name, url, method, target, world):
    if method == "PATCH":
        return client.patch(url, API_BODIES[name], content_type="application/json")
    if method == "POST" and name in API_BODIES:
        return client.post(url, API_BODIES[name], content_type="application/json")
    if method == "POST" and name.startswith("api:"):
        return client.post(url, {"evidence": ""}, content_type="application/json")
    if method == "POST":
        return client.post(url, {})
    return client.get(url)


def state(world):
    from dangjian.assessment.models import Category, Item, Line, Period, ProductionScore, Template
    from tests.matrix.footprint import AUDIT, count, rows, snapshot

    return snapshot(
        AUDIT,
        count(Template),
        rows(Category, "name", "order", "active"),
        rows(Item, "title", "max_points", "order", "active"),
        rows(Sheet, "status"),
        rows(KeyTask, "status", "title"),
        rows(Period, "status"),
        rows(ProductionScore, "org", "month", "value"),
        rows(Line, "self_score", "evidence", "deduction"),
    )
