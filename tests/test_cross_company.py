"""The cross-company matrix: a company is a hard boundary (issue 13).

Company A (tests/factories.build_company, one login per role) and company B (tests/matrix/company_b.py: 中州, with an
object of every capability) share one database. For EVERY route that points at an object (found from the URL
resolver, pages and API, reads and writes), each role of company A requesting B's object gets the answer it gets for
an object that does not exist — 404 for a role that may use the route at all (403 only where the role holds no grant
for the capability and the route says so before looking anything up; 400 only where an API write refuses the empty
body before looking anything up) — and nothing is written. For every list page and list API, none of B's marker
strings appear, and the status is the one the role's matrix row gives. Where the URL names nothing of B's (a shared
catalogue code, a year) but the query or body may name B's unit or team, or a whole-list write could reach B's rows
(BY_BODY), the answer is the one for naming nothing and B's rows stay as they were.

A route with a URL parameter must have a row in CROSS (what of B's it points at) or in NOT_A_COMPANY_OBJECT (why
not): a new route without one fails `test_every_object_route_has_a_cross_company_row`.
"""

from __future__ import annotations

import functools
import importlib
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix.company_b import MARKERS, build_company_b
from tests.matrix.footprint import AUDIT, count, rows, snapshot
from tests.matrix.policy import BUSINESS, NOT_FOUND
from tests.matrix.runner import base_world, readable, signed_in

# The roles of company A: every business role (党群工作部 and the leader over A's root, the secretary and team leader
# over BA, ...) and A's MES/ERP account (over A's root).
A_ROLES = BUSINESS + ["integration"]


def b_delivery(b):
    """A WeCom message to B's person (the channels' delivery log)."""
    from dangjian.channels.models import Delivery
    from dangjian.core.models import Notification
    from tests.factories import UserFactory

    account = getattr(b["person"], "account", None) or UserFactory(person=b["person"], username="b_channels")
    notification = Notification.objects.create(recipient=account, kind="meetings.due", subject="B", text="t")
    return Delivery.objects.create(
        notification=notification, channel="wecom", recipient=account, org=b["person"].branch, state="sent"
    )


def b_indices(b):
    """B's weights and its indices of a month: A's roles reach neither the value nor the version (404)."""
    import datetime as dt

    from dangjian.core.services import SYSTEM
    from dangjian.indices import components, services
    from dangjian.indices.models import IndexValue, WeightVersion

    version = WeightVersion.objects.create(
        company=b["root"], kind="branch", number=1, valid_from=dt.date(2022, 1, 1),
        weights=components.default_weights("branch"),
    )  # fmt: skip
    services.compute_month(actor=SYSTEM, company=b["root"], month=dt.date(2022, 1, 1), kinds=("branch",))
    return IndexValue.objects.get(org=b["branch"], kind="branch"), version


def extend(world, tmp_path):
    from dangjian.org.models import CommitteeSeat
    from tests.value.conftest import build_accounting

    world = build_accounting(world)
    world["b"] = build_company_b(tmp_path)
    b = world["b"]
    b["committee_seat"] = CommitteeSeat.objects.create(org=b["branch"], person=b["person"], role="secretary")
    b["delivery"] = b_delivery(b)
    b["index_value"], b["index_version"] = b_indices(b)
    world["media"] = tmp_path
    return world


world = base_world(extend)


@functools.cache
def route_params() -> dict[str, tuple[str, ...]]:
    """Every named route and the names of its URL parameters, from the resolver (walked once: 5,000 cells ask)."""
    out: dict[str, tuple[str, ...]] = {}

    def walk(patterns, namespace="", params=()):
        for p in patterns:
            names = tuple(getattr(p.pattern, "converters", None) or ())
            if not names and hasattr(p.pattern, "regex"):
                names = tuple(p.pattern.regex.groupindex)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, namespace + (f"{p.namespace}:" if p.namespace else ""), params + names)
            elif isinstance(p, URLPattern) and p.name:
                out.setdefault(namespace + p.name, params + names)

    walk(get_resolver().url_patterns)
    return out


# What each kind of B's object gives as URL parameters (a superset: a route takes the names it has).
def kwargs_of(kind: str, b: dict) -> dict:
    p = b["project"]
    return {
        "org": {"pk": b["branch"].pk, "code": b["branch"].code, "year": 2025},
        "root": {"code": b["root"].code, "pk": b["root"].pk},
        "person": {"pk": b["person"].pk, "employee_no": b["person"].employee_no},
        "unit": {"pk": b["workshop"].pk, "code": b["workshop"].code},
        "job": {"pk": b["job"].pk},
        "compilation": {"pk": b["compilation"].pk, "kind": "pdf"},
        "project": {
            "pk": p.pk,
            "project_id": p.pk,
            "year": 2022,
            "month": 3,
            "task_pk": b["task"].pk,
            "task_id": b["task"].pk,
            "measure_id": b["measure"].pk,
            "sub_plan_id": b["sub_plan"].pk,
            "rule_id": b["rule_revision"].pk,
            "rule_pk": b["rule_revision"].pk,
        },
        "goal": {"project_id": p.pk, "goal_id": b["goal"].pk},
        "notification": {"pk": b["notification"].pk, "notification_id": b["notification"].pk},
        "programme": {
            "pk": b["programme"].pk,
            "programme_id": b["programme"].pk,
            "item_pk": b["programme_item"].pk,
            "item_id": b["programme_item"].pk,
            "measure_id": b["cost_measure"].pk,
        },
        "panel": {
            "pk": b["panel"].pk,
            "panel_id": b["panel"].pk,
            "member_pk": b["seat"].pk,
            "member_id": b["seat"].pk,
            "project_pk": p.pk,
        },
        "template": {
            "pk": b["template"].pk,
            "template_id": b["template"].pk,
            "category_pk": b["category"].pk,
            "category_id": b["category"].pk,
            "item_pk": b["item"].pk,
            "code": b["item"].code,
        },
        "period": {"pk": b["feb"].pk, "period_id": b["feb"].pk},
        "locked-period": {"pk": b["jan"].pk, "period_id": b["jan"].pk},
        "sheet": {"pk": b["sheet"].pk, "line_pk": b["line"].pk, "sheet_id": b["sheet"].pk, "code": b["line"].item.code},
        "keytask": {"pk": b["keytask"].pk, "task_id": b["keytask"].pk},
        "meeting": {
            "pk": b["meeting"].pk,
            "meeting_id": b["meeting"].pk,
            "attachment_pk": b["meeting"].attachments.get().pk,
            "action_pk": b["meeting"].follow_ups.get().pk,
        },
        "rule": {"pk": b["rule"].pk, "rule_id": b["rule"].pk},
        "entry": {"pk": b["entry"].pk, "entry_id": b["entry"].pk},
        "appeal": {"pk": b["appeal"].pk, "appeal_id": b["appeal"].pk},
        "pairing": {"pk": b["pairing"].pk, "post_id": b["pairing"].pk, "kind": "pairings"},
        "challenge": {"pk": b["challenge"].pk, "challenge_id": b["challenge"].pk},
        **{kind: {"post_id": b[f"post_{kind}"].pk} for kind in ("zones", "pioneers", "taskforces")},
        "request": {
            "pk": b["request"].pk,
            "request_id": b["request"].pk,
            "token": b["request"].token,
            "attachment_pk": b["attachment"].pk,
        },
        "record": {"pk": b["record"].pk},
        "value-item": {"code": b["value_item"].code},
        "accounting-unit": {"pk": b["accounting_unit"].pk},
        "committee-seat": {
            "pk": b["branch"].pk,
            "code": b["branch"].code,
            "seat_pk": b["committee_seat"].pk,
            "seat_id": b["committee_seat"].pk,
        },
        "indicator": {"code": b["indicator"].code},
        "recruitment-file": {"pk": b["recruitment_file"].pk, "file_id": b["recruitment_file"].pk, "doc": "summary"},
        "transfer": {"pk": b["transfer"].pk, "transfer_id": b["transfer"].pk, "step": "approve"},
        "floating": {"pk": b["floating"].pk, "record_id": b["floating"].pk},
        "delivery": {"pk": b["delivery"].pk, "delivery_id": b["delivery"].pk},
        "procedure": {"pk": b["procedure"].pk, "procedure_id": b["procedure"].pk},
        "handbook-org": {"pk": b["branch"].pk, "org_code": b["branch"].code},
        "duty-list": {"pk": b["duty_list"].pk, "list_id": b["duty_list"].pk},
        "duty-item": {
            "pk": b["duty_list"].pk,
            "list_id": b["duty_list"].pk,
            "item_pk": b["duty_item"].pk,
            "item_id": b["duty_item"].pk,
        },
        **{
            f"talent-{key}": {"pk": obj.pk, param: obj.pk}
            for key, param in TALENT_PARAMS.items()
            for obj in [b["talent"][key] if key != "person" else b["person"]]
        },
        "article": {"pk": b["article"].pk, "article_id": b["article"].pk},
        "article-column": {"pk": b["article_column"].pk, "column_id": b["article_column"].pk},
        "forum": {
            "pk": b["forum"].pk,
            "session_id": b["forum"].pk,
            "ppk": b["presentation"].pk,
            "presentation_id": b["presentation"].pk,
        },
        "archive-item": {"pk": b["archive_item"].pk, "item_id": b["archive_item"].pk},
        "archive-zip": {"pk": b["archive_zip"].pk, "zip_id": b["archive_zip"].pk},
        "archive-category": {"pk": b["archive_category"].pk, "category_id": b["archive_category"].pk},
        "index-value": {"pk": b["index_value"].pk, "value_id": b["index_value"].pk},
        "index-version": {"pk": b["index_version"].pk, "version_id": b["index_version"].pk},
    }[kind]


# talent kinds -> the API's parameter name for that object (the pages take `pk`)
TALENT_PARAMS = {
    "model": "model_id",
    "item": "item_id",
    "pool_member": "member_id",
    "criterion": "criterion_id",
    "plan": "plan_id",
    "contest": "result_id",
    "drill": "drill_id",
    "person": "person_id",
}

# route name -> (kind of B's object, HTTP method)
CROSS = {
    # B's notification (to B's 党群工作部): nobody of A reaches it (a notification is its recipient's only)
    "core:notification_read": ("notification", "POST"),
    "api:notification_mark_read": ("notification", "POST"),
    "org:detail": ("org", "GET"),
    "org:tree_node": ("org", "GET"),
    "org:edit": ("org", "GET"),
    "org:dissolve": ("org", "POST"),
    "org:seats": ("org", "POST"),
    "org:seat_end": ("committee-seat", "POST"),
    "org:person": ("person", "GET"),
    "org:person_edit": ("person", "GET"),
    "org:person_status": ("person", "POST"),
    "org:unit_tree_node": ("unit", "GET"),
    "org:unit_edit": ("unit", "GET"),
    "core:import_detail": ("job", "GET"),
    "core:import_confirm": ("job", "POST"),
    "projects:detail": ("project", "GET"),
    "projects:edit": ("project", "GET"),
    "projects:transition": ("project", "POST"),
    "projects:results": ("project", "POST"),
    "projects:rule_add": ("project", "POST"),
    "projects:rule_edit": ("project", "GET"),
    "projects:rule_remove": ("project", "POST"),
    "projects:task_report": ("project", "GET"),
    "projects:task_evidence": ("project", "GET"),
    "effects:project": ("project", "GET"),
    "boards:org": ("org", "GET"),
    "boards:org_data": ("org", "GET"),
    "boards:kiosk": ("project", "GET"),
    "boards:kiosk_data": ("project", "GET"),
    "boards:compilation": ("compilation", "GET"),
    "boards:compilation_file": ("compilation", "GET"),
    "acceptance:detail": ("panel", "GET"),
    "acceptance:configure": ("panel", "GET"),
    "acceptance:member_add": ("panel", "POST"),
    "acceptance:member_remove": ("panel", "POST"),
    "acceptance:submit": ("panel", "POST"),
    "acceptance:sheet": ("panel", "GET"),
    "acceptance:score": ("panel", "POST"),
    "acceptance:results": ("panel", "GET"),
    "acceptance:export": ("panel", "GET"),
    "acceptance:awards": ("panel", "POST"),
    "acceptance:lock": ("panel", "POST"),
    "acceptance:certificate": ("panel", "GET"),
    "reviews:review": ("project", "GET"),
    "costs:detail": ("programme", "GET"),
    "costs:edit": ("programme", "GET"),
    "costs:export": ("programme", "GET"),
    "costs:item_add": ("programme", "GET"),
    "costs:item_edit": ("programme", "GET"),
    "costs:item_remove": ("programme", "POST"),
    "assessment:template": ("template", "GET"),
    "assessment:template_export": ("template", "GET"),
    "assessment:template_copy": ("template", "POST"),
    "assessment:category_add": ("template", "POST"),
    "assessment:category_change": ("template", "POST"),
    "assessment:item_add": ("template", "GET"),
    "assessment:item_edit": ("template", "GET"),
    "assessment:item_change": ("template", "POST"),
    "api:assessment_template": ("template", "GET"),
    "api:assessment_template_update": ("template", "PATCH"),
    "api:assessment_template_copy": ("template", "POST"),
    "api:assessment_category_create": ("template", "POST"),
    "api:assessment_category_update": ("template", "PATCH"),
    "api:assessment_item_create": ("template", "POST"),
    "api:assessment_item_update": ("template", "PATCH"),
    "assessment:period_open": ("template", "POST"),
    "assessment:period": ("period", "GET"),
    "assessment:period_lock": ("period", "POST"),
    "assessment:period_unlock": ("locked-period", "POST"),
    "assessment:production": ("period", "GET"),
    "assessment:pay_export": ("locked-period", "GET"),
    "assessment:sheet": ("sheet", "GET"),
    "assessment:sheet_pdf": ("sheet", "GET"),
    "assessment:sheet_move": ("sheet", "POST"),
    "assessment:line_save": ("sheet", "POST"),
    "assessment:line_deduct": ("sheet", "POST"),
    "assessment:keytask": ("keytask", "GET"),
    "assessment:keytask_close": ("keytask", "POST"),
    "assessment:keytask_decide": ("keytask", "POST"),
    "assessment:keytask_edit": ("keytask", "GET"),
    "assessment:keytask_cancel": ("keytask", "POST"),
    "meetings:detail": ("meeting", "GET"),
    "meetings:edit": ("meeting", "GET"),
    "meetings:pdf": ("meeting", "GET"),
    "meetings:delete": ("meeting", "POST"),
    "meetings:attachment_add": ("meeting", "POST"),
    "meetings:attachment": ("meeting", "GET"),
    "meetings:follow_up_done": ("meeting", "POST"),
    "meetings:calendar": ("org", "GET"),
    "points:appeal": ("entry", "GET"),
    "points:decide": ("entry", "POST"),
    "points:reverse": ("entry", "POST"),
    "points:appeal_decide": ("appeal", "POST"),
    "points:rule_version": ("rule", "GET"),
    "points:rule_retire": ("rule", "POST"),
    "points:branch_rate": ("org", "GET"),
    "recruitment:file": ("recruitment-file", "GET"),
    "recruitment:file_stop": ("recruitment-file", "POST"),
    "recruitment:file_extend": ("recruitment-file", "POST"),
    "recruitment:file_pdf": ("recruitment-file", "GET"),
    "api:recruitment_file": ("recruitment-file", "GET"),
    "api:recruitment_step_record": ("recruitment-file", "POST"),
    "api:recruitment_file_stop": ("recruitment-file", "POST"),
    "api:recruitment_file_extend": ("recruitment-file", "POST"),
    "transfers:detail": ("transfer", "GET"),
    "transfers:letter": ("transfer", "GET"),
    "transfers:step": ("transfer", "POST"),
    "transfers:floating_edit": ("floating", "GET"),
    "transfers:floating_end": ("floating", "POST"),
    "api:transfer_detail": ("transfer", "GET"),
    "api:transfer_step": ("transfer", "POST"),
    "api:transfer_floating": ("floating", "GET"),
    "api:transfer_floating_update": ("floating", "PATCH"),
    "archive:item": ("archive-item", "GET"),
    "archive:item_file": ("archive-item", "GET"),
    "archive:item_retire": ("archive-item", "POST"),
    "archive:zip": ("archive-zip", "GET"),
    "archive:zip_file": ("archive-zip", "GET"),
    "archive:category_edit": ("archive-category", "GET"),
    "archive:category_retire": ("archive-category", "POST"),
    "api:archive_item": ("archive-item", "GET"),
    "api:archive_item_file": ("archive-item", "GET"),
    "api:archive_item_update": ("archive-item", "PUT"),
    "api:archive_item_retire": ("archive-item", "POST"),
    "api:archive_zip": ("archive-zip", "GET"),
    "api:archive_category": ("archive-category", "PUT"),
    "api:archive_category_retire": ("archive-category", "POST"),
    "posts:pairing": ("pairing", "GET"),
    "posts:challenge": ("challenge", "GET"),
    "posts:challenge_apply": ("challenge", "POST"),
    "posts:challenge_appoint": ("challenge", "POST"),
    "posts:challenge_accept": ("challenge", "POST"),
    "posts:challenge_edit": ("challenge", "GET"),
    "posts:challenge_cancel": ("challenge", "POST"),
    "posts:application_edit": ("challenge", "GET"),
    "posts:application_withdraw": ("challenge", "POST"),
    "posts:edit": ("pairing", "GET"),
    "posts:end": ("pairing", "POST"),
    **{
        name: ("pairing" if kind == "pairings" else kind, method)
        for kind in ("zones", "pioneers", "taskforces", "pairings")
        for name, method in (
            (f"api:post_{kind}_detail", "GET"),
            (f"api:post_{kind}_update", "PATCH"),
            (f"api:post_{kind}_end", "POST"),
        )
    },
    "api:post_check_ins": ("pairing", "GET"),
    "api:post_check_in_create": ("pairing", "POST"),
    "api:post_challenge": ("challenge", "GET"),
    "api:post_challenge_update": ("challenge", "PATCH"),
    "api:post_challenge_cancel": ("challenge", "POST"),
    "api:post_challenge_apply": ("challenge", "POST"),
    "api:post_application_update": ("challenge", "PATCH"),
    "api:post_application_withdraw": ("challenge", "DELETE"),
    "service:detail": ("request", "GET"),
    "service:transition": ("request", "POST"),
    "service:attachment": ("request", "GET"),
    "service:track": ("request", "GET"),
    "value:record": ("record", "GET"),
    "value:team": ("accounting-unit", "GET"),
    "value:record_confirm": ("record", "POST"),
    "api:value_price_create": ("value-item", "POST"),
    "indicators:detail": ("indicator", "GET"),
    "indicators:edit": ("indicator", "GET"),
    "indicators:retire": ("indicator", "POST"),
    "api:indicator_detail": ("indicator", "GET"),
    "api:indicator_update": ("indicator", "PATCH"),
    # B's own indicator (ZOUT); B's targets of the shared catalogue's OUT: test_company_b_named_in_the_body_or_query
    "api:target_list": ("indicator", "GET"),
    "api:target_set": ("indicator", "POST"),
    "api:target_clear": ("indicator", "DELETE"),
    "api:org_detail": ("org", "GET"),
    "api:org_update": ("org", "PATCH"),
    "api:org_members": ("org", "GET"),
    "api:org_health": ("org", "GET"),
    "api:org_compliance": ("org", "GET"),
    "api:unit_detail": ("unit", "GET"),
    "api:unit_update": ("unit", "PATCH"),
    "api:seat_list": ("org", "GET"),
    "api:seat_create": ("org", "POST"),
    "api:seat_end": ("committee-seat", "POST"),
    "api:person_detail": ("person", "GET"),
    "api:person_update": ("person", "PATCH"),
    "api:person_status": ("person", "POST"),
    "api:person_history": ("person", "GET"),
    "api:programme_results": ("programme", "GET"),
    "api:programme_detail": ("programme", "GET"),
    "api:programme_update": ("programme", "PATCH"),
    "api:cost_item_list": ("programme", "GET"),
    "api:cost_item_create": ("programme", "POST"),
    "api:cost_item_update": ("programme", "PATCH"),
    "api:cost_item_delete": ("programme", "DELETE"),
    "api:cost_measure_create": ("programme", "POST"),
    "api:cost_measure_update": ("programme", "PATCH"),
    "api:cost_measure_delete": ("programme", "DELETE"),
    "api:project_detail": ("project", "GET"),
    "api:project_update": ("project", "PATCH"),
    "api:project_transition": ("project", "POST"),
    "api:project_effects": ("project", "GET"),
    "api:goal_list": ("project", "GET"),
    "api:goal_create": ("project", "POST"),
    "api:goal_update": ("goal", "PATCH"),
    "api:goal_delete": ("goal", "DELETE"),
    **{
        f"api:{section}_{op}": ("project", method)
        for section in ("measure", "sub_plan", "task", "rule_revision")
        for op, method in (("list", "GET"), ("create", "POST"), ("update", "PATCH"), ("delete", "DELETE"))
    },
    "api:task_report": ("project", "POST"),
    "api:review_list": ("project", "GET"),
    "api:review_save": ("project", "POST"),
    "api:panel_results": ("panel", "GET"),
    "api:panel_scores": ("panel", "POST"),
    "api:panel_detail": ("panel", "GET"),
    "api:panel_update": ("panel", "PATCH"),
    "api:panel_criteria": ("panel", "PUT"),
    "api:panel_member_add": ("panel", "POST"),
    "api:panel_member_remove": ("panel", "DELETE"),
    "api:keytask_close": ("keytask", "POST"),
    "api:keytask_confirm": ("keytask", "POST"),
    "api:keytask_update": ("keytask", "PATCH"),
    "api:keytask_cancel": ("keytask", "POST"),
    "api:keytask_restore": ("keytask", "POST"),
    "api:assessment_period": ("period", "GET"),
    "api:assessment_period_lock": ("period", "POST"),
    "api:assessment_period_unlock": ("locked-period", "POST"),
    "api:assessment_sheet": ("sheet", "GET"),
    "api:assessment_sheet_move": ("sheet", "POST"),
    "api:assessment_line_self": ("sheet", "POST"),
    "api:assessment_line_deduct": ("sheet", "POST"),
    "api:meeting_detail": ("meeting", "GET"),
    "api:points_entry_decide": ("entry", "POST"),
    "api:points_appeal_decide": ("appeal", "POST"),
    "api:points_rule_update": ("rule", "PATCH"),
    "api:points_rule_retire": ("rule", "POST"),
    "api:service_request_detail": ("request", "GET"),
    "api:service_request_transition": ("request", "POST"),
    "channels:delivery": ("delivery", "GET"),
    "api:channel_delivery": ("delivery", "GET"),
    "handbook:procedure": ("procedure", "GET"),
    "handbook:procedure_publish": ("procedure", "POST"),
    "handbook:procedure_retire": ("procedure", "POST"),
    "api:procedure_detail": ("procedure", "GET"),
    "api:procedure_publish": ("procedure", "POST"),
    "api:procedure_retire": ("procedure", "POST"),
    "handbook:meeting_tick": ("meeting", "POST"),
    "api:meeting_checklist": ("meeting", "GET"),
    "api:meeting_tick": ("meeting", "POST"),
    "handbook:election": ("handbook-org", "GET"),
    "handbook:election_tick": ("handbook-org", "POST"),
    "api:election_checklist": ("handbook-org", "GET"),
    "api:election_tick": ("handbook-org", "POST"),
    "handbook:duty_list": ("duty-list", "GET"),
    "handbook:duty_list_edit": ("duty-list", "POST"),
    "handbook:duty_list_retire": ("duty-list", "POST"),
    "handbook:duty_item_add": ("duty-list", "POST"),
    "api:duty_list_detail": ("duty-list", "GET"),
    "api:duty_list_change": ("duty-list", "PATCH"),
    "api:duty_list_retire": ("duty-list", "POST"),
    "api:duty_item_add": ("duty-list", "POST"),
    "handbook:duty_item_edit": ("duty-item", "POST"),
    "handbook:duty_item_done": ("duty-item", "POST"),
    "handbook:duty_item_delete": ("duty-item", "POST"),
    "api:duty_item_change": ("duty-item", "PUT"),
    "api:duty_item_done": ("duty-item", "POST"),
    "api:duty_item_delete": ("duty-item", "DELETE"),
    # talent and drills (tests/talent): each of B's objects by its page and API parameter
    "talent:model": ("talent-model", "GET"),
    "talent:model_edit": ("talent-model", "GET"),
    "talent:model_retire": ("talent-model", "POST"),
    "talent:item_add": ("talent-model", "POST"),
    "talent:rate": ("talent-model", "POST"),
    "talent:item_edit": ("talent-item", "GET"),
    "talent:item_remove": ("talent-item", "POST"),
    "talent:pool_edit": ("talent-pool_member", "GET"),
    "talent:pool_leave": ("talent-pool_member", "POST"),
    "talent:criterion_edit": ("talent-criterion", "GET"),
    "talent:criterion_retire": ("talent-criterion", "POST"),
    "talent:plan": ("talent-plan", "GET"),
    "talent:plan_edit": ("talent-plan", "GET"),
    "talent:plan_evaluate": ("talent-plan", "POST"),
    "talent:plan_end": ("talent-plan", "POST"),
    "talent:contest_edit": ("talent-contest", "GET"),
    "talent:contest_delete": ("talent-contest", "POST"),
    "talent:drill": ("talent-drill", "GET"),
    "talent:drill_edit": ("talent-drill", "GET"),
    "talent:drill_attendance": ("talent-drill", "POST"),
    "talent:drill_delete": ("talent-drill", "POST"),
    "talent:record": ("talent-person", "GET"),
    "api:talent_model": ("talent-model", "GET"),
    "api:talent_model_update": ("talent-model", "PATCH"),
    "api:talent_model_retire": ("talent-model", "POST"),
    "api:talent_item_create": ("talent-model", "POST"),
    "api:talent_readiness": ("talent-model", "GET"),
    "api:talent_item_update": ("talent-item", "PATCH"),
    "api:talent_item_delete": ("talent-item", "DELETE"),
    "api:talent_pool_update": ("talent-pool_member", "PATCH"),
    "api:talent_pool_leave": ("talent-pool_member", "POST"),
    "api:talent_criterion_update": ("talent-criterion", "PATCH"),
    "api:talent_criterion_retire": ("talent-criterion", "POST"),
    "api:talent_plan": ("talent-plan", "GET"),
    "api:talent_plan_update": ("talent-plan", "PATCH"),
    "api:talent_plan_evaluate": ("talent-plan", "POST"),
    "api:talent_plan_end": ("talent-plan", "POST"),
    "api:talent_contest_update": ("talent-contest", "PATCH"),
    "api:talent_contest_delete": ("talent-contest", "DELETE"),
    "api:drill": ("talent-drill", "GET"),
    "api:drill_update": ("talent-drill", "PATCH"),
    "api:drill_delete": ("talent-drill", "DELETE"),
    "api:drill_attendance": ("talent-drill", "PUT"),
    # publicity: B's published article, its column, its forum session and presenter
    **{
        name: ("article", method)
        for name, method in (
            ("publicity:article", "GET"),
            ("publicity:article_edit", "GET"),
            ("publicity:article_move", "POST"),
            ("api:article", "GET"),
            ("api:article_update", "PATCH"),
            ("api:article_move", "POST"),
        )
    },
    **{
        name: ("article-column", method)
        for name, method in (
            ("publicity:column_edit", "GET"),
            ("publicity:column_retire", "POST"),
            ("api:article_column_update", "PATCH"),
            ("api:article_column_retire", "POST"),
        )
    },
    **{
        name: ("forum", method)
        for name, method in (
            ("publicity:forum", "GET"),
            ("publicity:forum_edit", "GET"),
            ("publicity:forum_move", "POST"),
            ("publicity:forum_vote", "POST"),
            ("publicity:forum_export", "GET"),
            ("publicity:presentation_create", "GET"),
            ("publicity:presentation_edit", "GET"),
            ("publicity:presentation_remove", "POST"),
            ("api:forum", "GET"),
            ("api:forum_update", "PATCH"),
            ("api:forum_move", "POST"),
            ("api:forum_presentation_create", "POST"),
            ("api:forum_presentation_update", "PATCH"),
            ("api:forum_presentation_delete", "DELETE"),
            ("api:forum_vote", "POST"),
        )
    },
    "indices:detail": ("index-value", "GET"),
    "api:indices_value": ("index-value", "GET"),
    "indices:weights_retire": ("index-version", "POST"),
    "api:indices_weights_retire": ("index-version", "DELETE"),
}

# Routes with a URL parameter that names no object of a company, and why.
NOT_A_COMPANY_OBJECT = {
    "accounts:set_active": "accounts are global, managed by the system administrator (三员分立), not by a company",
    "accounts:set_password": "accounts are global, managed by the system administrator",
    "accounts:role_revoke": "role assignments are managed by the global security administrator",
    "accounts:link_person": "accounts are global, managed by the system administrator (the person: an exact number)",
    "api:account_link_person": "accounts are global, managed by the system administrator",
    "channels:address_edit": "accounts are global: their message addresses are the system administrator's",
    "api:channel_addresses_set": "accounts are global: their message addresses are the system administrator's",
    "core:task_rerun": "a failed background task is the system administrator's (no business role reaches it)",
    "core:import_new": "the parameter is an import kind, not an object",
    "core:import_template": "the parameters are an import kind and a file format",
    "posts:register": "the parameter is a register kind",
    "transfers:create": "the parameter is a kind of transfer",
    "posts:create": "the parameter is a register kind",
    "indicators:export_series": "catalogue code; the unit is a query parameter (tenancy: tests/indicators)",
    "indicators:export_table": "catalogue code; the unit is a query parameter (tenancy: tests/indicators)",
    "indicators:entry": "catalogue code; the unit is a query parameter (tenancy: tests/indicators)",
    "indicators:targets": "catalogue code; the unit is a query parameter (tenancy: tests/indicators)",
    "api:indicator_series": "catalogue code; the unit is a query parameter (tenancy: tests/indicators)",
    "service:calendar_day_delete": "the working calendar (CalendarDay) has no company: one calendar for the install",
    "api:service_calendar_clear": "the working calendar (CalendarDay) has no company: one calendar for the install",
    "api:service_deadline_set": "the parameter is a request category; the deadlines (SlaPolicy) are install-wide",
    "api:value_winner_list": "the parameter is a year; the company is the caller's (B's winner: BY_BODY)",
    "api:value_winners_set": "the parameter is a year; the company is the caller's (the body names the teams)",
    "api:value_winners_compute": "the parameter is a year; the company is the caller's (its own peer groups)",
    "api:unknown_path": "the catch-all answer for unknown API paths",
    "talent:export": "the parameter is the list exported; the org is a query parameter (scoped like the pages)",
    "api:points_branch_template": "the parameter is a year; the company is the caller's (?company= names it)",
    "api:points_branch_template_save": "the parameter is a year; the company is the caller's (the body names it)",
}


def test_every_object_route_has_a_cross_company_row():
    with_params = {name for name, params in route_params().items() if params}
    missing = sorted(with_params - set(CROSS) - set(NOT_A_COMPANY_OBJECT))
    assert missing == [], f"add these routes to tests/test_cross_company.py CROSS: {missing}"
    stale = sorted((set(CROSS) | set(NOT_A_COMPANY_OBJECT)) - with_params)
    assert stale == [], f"no such routes with parameters any more: {stale}"


def ghost(value):
    """A value of the same shape naming nothing."""
    if isinstance(value, int):
        return 987654321
    text = str(value)
    try:
        uuid.UUID(text)
        return str(uuid.uuid4())
    except ValueError:
        return "NOSUCH" if not text.isdigit() else "987654321"


# query parameters a route needs to answer at all
QUERY = {
    "api:org_compliance": {"year": 2024},
    "api:assessment_rankings": {"month": "2022-01"},
    "api:ranking_list": {"date": "2024-03-10"},
    "api:target_clear": {"unit": "W1", "year": 2025},
    "api:duty_report": {"year": 2025, "org": "BA"},
}


# A valid body for an API write, so that the cell reaches the lookup of B's object (an empty body is refused with 422
# before anything is looked up) and a leak would really write.
BODY = {
    "api:transfer_floating_update": {"location": "改"},
    "api:archive_item_update": {"title": "改"},
    "api:archive_category": {"code": "OTHER", "name": "改", "retention": "10y"},
    "api:measure_create": {"text": "措施"},
    "api:measure_update": {"text": "改"},
    "api:sub_plan_create": {"title": "子方案"},
    "api:sub_plan_update": {"title": "改"},
    "api:task_create": {"title": "任务"},
    "api:task_update": {"title": "改"},
    "api:task_report": {"done_on": "2022-03-01", "evidence": "完成"},
    "api:rule_revision_create": {"title": "制度"},
    "api:rule_revision_update": {"title": "改"},
    "api:programme_update": {"name": "改"},
    "api:cost_item_create": {"indicator": "OUT", "unit": "W1", "annual_target": "1"},
    "api:cost_item_update": {"annual_target": "2"},
    "api:cost_measure_create": {"text": "措施"},
    "api:cost_measure_update": {"text": "改"},
    "api:panel_update": {"name": "改"},
    "api:panel_criteria": {"attainment_weight": "100", "qualitative": []},
    "api:panel_member_add": {"user": "z_panel", "department": "leadership"},
    "api:target_set": {"unit": "W1", "year": 2025, "value": "1"},
    "api:recruitment_step_record": {"step": "talk", "done_on": "2022-01-20"},
    "api:recruitment_file_stop": {"reason": "撤回"},
    "api:recruitment_file_extend": {"months": 6, "reason": "延长"},
    "api:article_update": {"title": "改"},
    "api:article_move": {"action": "withdraw", "comment": "撤稿"},
    "api:article_column_update": {"name": "改"},
    "api:forum_update": {"title": "改"},
    "api:forum_move": {"action": "close_voting"},
    "api:forum_presentation_create": {"presenter": "Z-E-1", "title": "成果"},
    "api:forum_presentation_update": {"title": "改"},
    "api:forum_vote": {"presentation": 1},
}


def send(client, method, url, is_api, query=None, body=None):
    if method == "GET":
        return client.get(url, query or {})
    if query:
        url = f"{url}?{urlencode(query)}"
    if is_api:
        return getattr(client, method.lower())(url, body or {}, content_type="application/json")
    return client.post(url, body or {})


def footprint():
    """What a request on company B's object must leave as it was (tests/matrix/footprint.py: one statement)."""
    return snapshot(*FOOTPRINT)


def _footprint_parts() -> tuple:
    from dangjian.archive.models import Category as ArchiveCategory
    from dangjian.archive.models import Item as ArchiveItem
    from dangjian.assessment.models import KeyTask, Sheet
    from dangjian.indicators.models import Target
    from dangjian.meetings.models import Meeting, MeetingAttachment
    from dangjian.org.models import PartyOrg, Person
    from dangjian.points.models import Appeal, PointsEntry
    from dangjian.projects.acceptance.models import Criterion, Panel, PanelMember
    from dangjian.projects.costs.models import Measure as CostMeasure
    from dangjian.projects.costs.models import Programme, ProgrammeItem
    from dangjian.projects.projects.models import Measure, Project, RuleRevision, SubPlan, Task
    from dangjian.service.models import CalendarDay, ServiceRequest, SlaPolicy
    from dangjian.value.models import AnnualWinner

    return (
        AUDIT,
        rows(PartyOrg, "name", "dissolved_on"),
        rows(Person, "party_status", "branch"),
        rows(Project, "state", "title"),
        rows(Sheet, "status"),
        rows(KeyTask, "status"),
        count(Meeting),
        count(MeetingAttachment),
        rows(PointsEntry, "status", "awarded"),
        rows(Appeal, "status"),
        rows(ServiceRequest, "state", "handler"),
        # a project's plan rows, a programme's items and measures, a panel's set-up, targets, winners, settings
        rows(Measure, "text"),
        rows(SubPlan, "title"),
        rows(Task, "title", "done_on"),
        rows(RuleRevision, "title"),
        rows(Programme, "name"),
        rows(ProgrammeItem, "annual_target"),
        rows(CostMeasure, "text"),
        rows(Panel, "name", "status"),
        rows(Criterion, "weight"),
        rows(PanelMember, "user"),
        rows(Target, "value"),
        rows(AnnualWinner, "year", "unit", "points"),
        rows(SlaPolicy, "accept_days", "resolve_days"),
        rows(CalendarDay, "day", "kind"),
        rows(ArchiveItem, "title", "active"),
        rows(ArchiveCategory, "name", "active"),
    )


FOOTPRINT = _footprint_parts()


CELLS = [(name, role) for name in CROSS for role in A_ROLES]


@pytest.mark.parametrize(("name", "role"), CELLS, ids=["|".join(c) for c in CELLS])
def test_company_b_object_is_not_found_for_company_a(db, world, name, role):
    kind, method = CROSS[name]
    params = route_params()[name]
    values = kwargs_of(kind, world["b"])
    kwargs = {p: values[p] for p in params}
    url = reverse(name, kwargs=kwargs)
    nowhere = reverse(name, kwargs={p: ghost(v) for p, v in kwargs.items()})
    is_api = name.startswith("api:")
    client = signed_in(world, role)
    with override_settings(MEDIA_ROOT=world["media"]):
        before = footprint()
        response = send(client, method, url, is_api, QUERY.get(name), BODY.get(name))
        assert footprint() == before, f"{method} {name} as A's {role} on B's object changed data"
        baseline = send(client, method, nowhere, is_api, QUERY.get(name), BODY.get(name)).status_code
    where = f"{method} {name} as A's {role} on B's {kind}: {response.status_code}"
    assert response.status_code == baseline, f"{where}, but {baseline} for an object that does not exist"
    allowed = (
        {NOT_FOUND} | ({403} if baseline == 403 else set()) | ({400, 422} if is_api and method != "GET" else set())
    )
    assert response.status_code in allowed, where


# Routes that name B's object in the query string (route, query naming B's object, the same naming nothing).
BY_QUERY = [
    ("api:indicator_series", {"code": "OUT"}, {"unit": "ZCO"}, {"unit": "NOSUCH"}),
    ("api:points_leaderboard", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("api:stars", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("api:points_branch_template", {"year": 2025}, {"company": "ZB"}, {"company": "NOSUCH"}),
    ("api:points_branch_ratings", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("api:post_counts", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("points:leaderboard", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("dues:sheet", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("dues:collection", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("dues:bases", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("api:dues_sheet", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("api:dues_collection", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("points:stars", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("indices:list", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("indices:distribution", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("indices:export", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("api:indices_values", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("api:indices_distribution", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("drafts:draft", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("drafts:docx", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
    ("api:drafts_draft", {}, {"org": "ZB"}, {"org": "NOSUCH"}),
]


@pytest.mark.parametrize("role", A_ROLES)
@pytest.mark.parametrize(("name", "kwargs", "query", "nothing"), BY_QUERY, ids=[q[0] for q in BY_QUERY])
def test_company_b_object_in_the_query_is_not_found(db, world, name, kwargs, query, nothing, role):
    client = signed_in(world, role)
    response = client.get(reverse(name, kwargs=kwargs), query)
    baseline = client.get(reverse(name, kwargs=kwargs), nothing).status_code
    where = f"{name}?{query} as A's {role}: {response.status_code}"
    assert response.status_code == baseline, f"{where}, but {baseline} for an object that does not exist"
    assert response.status_code in ({NOT_FOUND, 403} if baseline == 403 else {NOT_FOUND}), where
    for marker in MARKERS:
        assert marker not in readable(response), f"{where} shows company B ({marker})"


# Routes whose URL names nothing of B's (a shared catalogue code, a year: the company is the caller's) but whose query
# or body may name B's unit or team, or whose whole-list write could reach B's rows: (route, URL kwargs, method, what
# names B's, the same naming nothing). The answer equals the one for nothing, shows none of B's markers, and B's
# targets and winner stay as they were.
BY_BODY = [
    ("api:target_list", {"code": "OUT"}, "GET", {"unit": "ZCO"}, {"unit": "NOSUCH"}),
    ("api:target_list", {"code": "OUT"}, "GET", {"year": 2025}, {"year": 2025}),
    ("api:target_set", {"code": "OUT"}, "POST", {"unit": "ZCO", "year": 2025, "value": "1"}, {"unit": "NOSUCH"}),
    ("api:target_clear", {"code": "OUT"}, "DELETE", {"unit": "ZCO", "year": 2025}, {"unit": "NOSUCH"}),
    ("api:value_winner_list", {"year": 2025}, "GET", {}, {}),
    (
        "api:value_winners_set",
        {"year": 2025},
        "PUT",
        {"winners": [{"unit": "ZT"}], "rule": "评选规则"},
        {"unit": "NOSUCH"},
    ),
    ("api:value_winners_set", {"year": 2025}, "PUT", {"winners": [], "rule": "评选规则"}, {}),
    ("api:value_winners_compute", {"year": 2025}, "POST", {"per_group": 1}, {}),
]


def b_footprint(b: dict):
    from dangjian.indicators.models import Target
    from dangjian.value.models import AnnualWinner

    return (
        list(Target.objects.filter(pk__in=[t.pk for t in b["targets"].values()]).values_list("pk", "value")),
        list(AnnualWinner.objects.filter(unit=b["accounting_unit"]).values_list("pk", "year", "points", "rule")),
    )


def nothing_like(value: dict, nothing: dict) -> dict:
    """`value` with what names B's replaced by `nothing` (a unit code in a body's list of winners too)."""
    out = {**value, **{k: v for k, v in nothing.items() if k in value}}
    if "winners" in value and "unit" in nothing:
        out["winners"] = [{**w, "unit": nothing["unit"]} for w in value["winners"]]
    return out


@pytest.mark.parametrize("role", A_ROLES)
@pytest.mark.parametrize(
    ("name", "kwargs", "method", "naming", "nothing"), BY_BODY, ids=[f"{row[0]}#{n}" for n, row in enumerate(BY_BODY)]
)
def test_company_b_named_in_the_body_or_query(db, world, name, kwargs, method, naming, nothing, role):
    client = signed_in(world, role)
    url = reverse(name, kwargs=kwargs)
    in_body = method in ("POST", "PUT")

    def ask(data):
        return send(client, method, url, True, **({"body": data} if in_body else {"query": data}))

    before = b_footprint(world["b"])
    response = ask(naming)
    assert b_footprint(world["b"]) == before, f"{method} {name} {naming} as A's {role} changed company B's rows"
    baseline = ask(nothing_like(naming, nothing)).status_code
    where = f"{method} {name} {naming} as A's {role}: {response.status_code}"
    assert response.status_code == baseline, f"{where}, but {baseline} naming nothing"
    for marker in MARKERS:
        assert marker not in readable(response), f"{where} shows company B ({marker})"


@functools.cache
def list_routes() -> dict[str, object]:
    """Every GET route without a URL parameter that a matrix gives a rule, with that rule."""
    from tests.test_permission_matrix import ROUTES

    rules = {name: rule for name, (kind, rule, method) in ROUTES.items() if method == "GET" and rule is not None}
    tests = Path(__file__).parent
    for path in sorted(p for p in tests.rglob("matrix.py") if p.parent != tests / "matrix"):
        module = importlib.import_module(".".join(path.relative_to(tests.parent).with_suffix("").parts))
        for name, (_kind, rule, method) in module.ROUTES.items():
            if method == "GET" and rule is not None:
                rules[name] = rule
    params = route_params()
    return {name: rule for name, rule in sorted(rules.items()) if not params.get(name)}


LISTS = list(list_routes())


@pytest.mark.parametrize("role", A_ROLES)
@pytest.mark.parametrize("name", LISTS)
def test_lists_do_not_show_company_b(db, world, name, role):
    rule = list_routes()[name]
    outcome = rule(role, "-")
    status = 404 if outcome == NOT_FOUND else 200 if outcome else 403
    response = signed_in(world, role).get(reverse(name), QUERY.get(name, {}))
    assert response.status_code == status, f"{name} as A's {role}: {response.status_code}, expected {status}"
    body = readable(response)
    for marker in MARKERS:
        assert marker not in body, f"{name} as A's {role} shows company B ({marker})"
