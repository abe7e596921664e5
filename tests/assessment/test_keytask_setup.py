"""Key tasks set up without the seeder (#15): added and changed through the API and the edit page, taken off the list
with a reason (and put back) by the superior org or 党群工作部 — never by the task's own branch. A cancelled task counts
nowhere: not overdue, not in the completion ranking, not in the on-time metric. Another company's task is 404; an
org or person named in the body that the caller cannot see is 400; every write leaves its audit row."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.assessment import builtin_metrics, keytask_selectors, services
from dangjian.assessment.models import KeyTask
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from tests.assessment.conftest import key_task
from tests.factories import PartyOrgFactory, account_with_role

pytestmark = pytest.mark.django_db

BASE = "/api/v1/keytasks"
NEW = {"title": "修订支部工作制度", "category": "party", "due_on": "2022-06-30", "deliverable": "制度汇编"}


def audits(obj, action):
    return AuditLog.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action)


@pytest.fixture
def api():
    def login(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return login


@pytest.fixture
def other():
    """Company B's 党群工作部."""
    root = PartyOrgFactory(code="ZROOT", name="中州铝业公司党委", kind="committee")
    return account_with_role("party_office", root, username="z_office")


@pytest.fixture
def task(company):
    return key_task(company["branch_a"], "KT-A", dt.date(2022, 3, 31))


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


# --- API: add and change ------------------------------------------------------------------------------------------


def test_api_adds_a_task(api, company, office, secretary_a, member_a, other):
    person = company["person_a"]
    made = post(api(secretary_a), BASE, {**NEW, "code": "KT-1", "owner_org": "BA", "owner": person.employee_no})
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["code"], body["owner_org"], body["owner"], body["year"], body["status"]) == (
        "KT-1",
        "BA",
        person.employee_no,
        2022,
        "open",
    )
    task = KeyTask.objects.get(code="KT-1")
    assert audits(task, "create").get().after["title"] == "修订支部工作制度"

    taken = post(api(office), BASE, {**NEW, "code": "KT-1", "owner_org": "BB"})
    assert taken.status_code == 409 and "code" in taken.json()["errors"]
    hidden = post(api(secretary_a), BASE, {**NEW, "code": "KT-2", "owner_org": "BB"})
    assert hidden.status_code == 400 and "owner_org" in hidden.json()["errors"]
    stranger = post(api(secretary_a), BASE, {**NEW, "code": "KT-2", "owner_org": "BA", "owner": "NOPE"})
    assert stranger.status_code == 400 and "owner" in stranger.json()["errors"]
    incomplete = post(api(office), BASE, {"code": "KT-3", "owner_org": "BA"})
    assert incomplete.status_code == 400 and {"title", "due_on"} <= incomplete.json()["errors"].keys()
    assert post(api(member_a), BASE, {**NEW, "code": "KT-4", "owner_org": "BA"}).status_code == 403
    elsewhere = post(api(other), BASE, {**NEW, "code": "KT-5", "owner_org": "BA"})
    assert elsewhere.status_code == 400 and "owner_org" in elsewhere.json()["errors"]
    assert list(KeyTask.objects.values_list("code", flat=True)) == ["KT-1"]


def test_api_changes_a_task(api, company, task, office, secretary_a, member_a, other):
    url = f"{BASE}/{task.pk}"
    changed = patch(api(secretary_a), url, {"title": "修订制度12项", "due_on": "2023-01-31"})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["title"], changed.json()["year"]) == ("修订制度12项", 2023)  # the year follows
    row = audits(task, "update").get()
    assert (row.before["title"], row.after["title"]) == ("重点任务KT-A", "修订制度12项")
    same = patch(api(secretary_a), url, {"title": "修订制度12项"})
    assert same.status_code == 200 and audits(task, "update").count() == 1  # nothing changed, nothing recorded

    outsider = patch(api(secretary_a), url, {"owner": company["person_b"].employee_no})
    assert outsider.status_code == 400 and "owner" in outsider.json()["errors"]
    assert patch(api(office), url, {"owner": company["person_b"].employee_no}).status_code == 400
    assert patch(api(secretary_a), url, {"owner_org": "BB"}).status_code == 400  # BB is not the secretary's
    assert patch(api(office), url, {"title": None}).status_code == 400
    assert patch(api(member_a), url, {"title": "改"}).status_code == 403
    assert patch(api(other), url, {"title": "改"}).status_code == 404
    task_b = key_task(company["branch_b"], "KT-B", dt.date(2022, 3, 31))
    assert patch(api(secretary_a), f"{BASE}/{task_b.pk}", {"title": "改"}).status_code == 404
    moved = patch(api(office), f"{BASE}/{task_b.pk}", {"owner_org": "BA"})
    assert moved.status_code == 200 and moved.json()["owner_org"] == "BA"

    KeyTask.objects.filter(pk=task.pk).update(status="closed", completed_on=dt.date(2022, 3, 1))
    closed = patch(api(office), url, {"title": "改"})
    assert closed.status_code == 409 and "closed out" in closed.json()["message"]


# --- cancelling ---------------------------------------------------------------------------------------------------


def test_cancel_and_restore(api, company, task, office, secretary_a, reviewer, dual, other):
    url = f"{BASE}/{task.pk}"
    assert post(api(secretary_a), f"{url}/cancel", {"reason": "重复"}).status_code == 403  # its own branch
    assert post(api(dual), f"{url}/cancel", {"reason": "重复"}).status_code == 403
    assert post(api(other), f"{url}/cancel", {"reason": "重复"}).status_code == 404
    blank = post(api(office), f"{url}/cancel", {"reason": " "})
    assert blank.status_code == 400 and "reason" in blank.json()["errors"]
    assert post(api(office), f"{url}/restore", {}).status_code == 409  # not cancelled

    done = post(api(reviewer), f"{url}/cancel", {"reason": "与KT-9重复"})
    assert done.status_code == 200 and (done.json()["status"], done.json()["cancel_reason"]) == (
        "cancelled",
        "与KT-9重复",
    )
    row = audits(task, "update").get()
    assert (row.before["status"], row.after["status"]) == ("open", "cancelled")
    assert post(api(office), f"{url}/cancel", {"reason": "再次"}).status_code == 409
    assert patch(api(office), url, {"title": "改"}).status_code == 409
    closing = post(api(secretary_a), f"{url}/close", {"evidence": "已完成"})
    assert closing.status_code == 409

    back = post(api(office), f"{url}/restore", {})
    assert back.status_code == 200 and (back.json()["status"], back.json()["cancel_reason"]) == ("open", "")
    assert audits(task, "update").count() == 2


def test_a_cancelled_task_counts_nowhere(company, secretary_a, office):
    late = key_task(company["branch_a"], "KT-L", dt.date(2022, 1, 10))
    key_task(company["branch_a"], "KT-D", dt.date(2022, 1, 5), completed=dt.date(2022, 1, 4))
    today = dt.date(2022, 2, 15)
    rate = builtin_metrics.keytasks_on_time(company["branch_a"], dt.date(2022, 1, 1), dt.date(2022, 1, 31), today)
    assert rate.value == pytest.approx(0.5)
    assert keytask_selectors.overdue_for(user=secretary_a, today=today)[1] == 1
    services.keytask_cancel(actor=office, task=late, reason="并入KT-D")
    late.refresh_from_db()
    assert not late.overdue_on(today)
    rate = builtin_metrics.keytasks_on_time(company["branch_a"], dt.date(2022, 1, 1), dt.date(2022, 1, 31), today)
    assert rate.value == 1
    assert keytask_selectors.overdue_for(user=secretary_a, today=today)[1] == 0
    ((_org, line),) = keytask_selectors.completion_ranking(user=office, month=dt.date(2022, 1, 1))
    assert (line.due, line.on_time) == (1, 1)


def test_services_refuse_and_write_nothing(company, task, secretary_a, office):
    written = AuditLog.objects.count()
    with pytest.raises(NotPermitted):
        services.keytask_create(actor=secretary_a, code="X", owner_org=company["branch_b"], **NEW)
    with pytest.raises(NotPermitted):
        services.keytask_update(actor=secretary_a, task=task, owner_org=company["branch_b"])
    with pytest.raises(NotPermitted):
        services.keytask_cancel(actor=secretary_a, task=task, reason="不做了")
    with pytest.raises(InvalidInput):
        services.keytask_create(actor=office, code=" ", owner_org=company["branch_a"], **NEW)
    with pytest.raises(Conflict):
        services.keytask_create(actor=office, code="KT-A", owner_org=company["branch_a"], **NEW)
    assert AuditLog.objects.count() == written


def test_the_import_refuses_a_cancelled_task(company, task, office):
    from dangjian.assessment.imports import KeyTasksImport

    services.keytask_cancel(actor=office, task=task, reason="重复")

    class Row:
        ok, number, action = True, 2, None

        def __init__(self, values):
            self.values, self.errors = values, []

        def error(self, message, column=None):
            self.errors.append(message)

    class Ctx:
        actor = office
        state: dict = {}

    row = Row({"code": "KT-A", "owner_org": company["branch_a"], "due_on": dt.date(2022, 3, 31)})
    KeyTasksImport().check_row(row, Ctx())
    assert row.errors == ["KT-A is cancelled; restore it first."]


# --- pages --------------------------------------------------------------------------------------------------------


def test_edit_page(client, company, task, secretary_a, member_a, other, django_assert_max_num_queries):
    url = reverse("assessment:keytask_edit", args=[task.pk])
    client.force_login(secretary_a)
    client.get(url)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200 and "重点任务KT-A" in page.content.decode()
    form = {"code": "ignored", "title": "修订制度", "category": "safety", "owner_org": company["branch_a"].pk}
    form |= {"owner": company["person_a"].employee_no, "due_on": "2022-04-30", "deliverable": "制度"}
    saved = client.post(url, form)
    task.refresh_from_db()
    assert saved.status_code == 302 and saved["Location"] == reverse("assessment:keytask", args=[task.pk])
    assert (task.code, task.title, task.category, task.owner, task.due_on) == (
        "KT-A",
        "修订制度",
        "safety",
        company["person_a"],
        dt.date(2022, 4, 30),
    )
    assert audits(task, "update").exists()
    bad = client.post(url, {**form, "due_on": ""})
    assert bad.status_code == 400
    detail = client.get(reverse("assessment:keytask", args=[task.pk])).content.decode()
    assert 'data-testid="keytask-edit"' in detail and 'data-testid="cancel-form"' not in detail  # its own branch

    client.force_login(member_a)
    assert client.get(url).status_code == 403
    assert client.post(url, form).status_code == 403
    client.force_login(other)
    assert client.get(url).status_code == 404


def test_edit_page_refuses_a_closed_task(client, company, task, office):
    KeyTask.objects.filter(pk=task.pk).update(status="closed", completed_on=dt.date(2022, 3, 1))
    client.force_login(office)
    form = {"title": "改", "category": "party", "owner_org": company["branch_a"].pk, "due_on": "2022-04-30"}
    refused = client.post(reverse("assessment:keytask_edit", args=[task.pk]), {**form, "deliverable": "d"})
    assert refused.status_code == 409 and "closed out" in refused.content.decode()
    assert KeyTask.objects.get(pk=task.pk).title == "重点任务KT-A"


def test_cancel_on_the_task_page(client, company, task, office, secretary_a):
    detail = reverse("assessment:keytask", args=[task.pk])
    url = reverse("assessment:keytask_cancel", args=[task.pk])
    client.force_login(secretary_a)
    assert client.post(url, {"decision": "cancel", "reason": "不做了"}).status_code == 403
    client.force_login(office)
    assert 'data-testid="cancel-form"' in client.get(detail).content.decode()
    empty = client.post(url, {"decision": "cancel", "reason": ""}, follow=True)
    assert "Say why the task is taken off the list." in empty.content.decode()
    assert client.post(url, {"decision": "cancel", "reason": "并入年度计划"}).status_code == 302
    page = client.get(detail).content.decode()
    assert "并入年度计划" in page and 'data-testid="restore-form"' in page and 'data-testid="keytask-edit"' not in page
    assert client.post(url, {"decision": "restore"}).status_code == 302
    assert KeyTask.objects.get(pk=task.pk).status == "open"
