import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.core import audit
from dangjian.core.models import AuditLog
from dangjian.core.request_context import client_address
from tests.factories import UserFactory, account_with_role

AUDIT = reverse("core:audit")
EXPORT = reverse("core:audit_export")


@pytest.fixture
def audit_admin(db):
    return account_with_role("audit_admin", None, username="auditadmin")


@pytest.fixture
def sys_admin(db):
    return account_with_role("system_admin", None, username="sysadmin")


@pytest.fixture
def sec_admin(db):
    return account_with_role("security_admin", None, username="secadmin")


def _login(client, user):
    """Signs in (which itself writes a "login" audit row the tests count with)."""
    if user is not None:
        client.force_login(user)
    return client


def _record_at(monkeypatch, when: dt.datetime, **kwargs) -> AuditLog:
    """An audit row written at `when`. The table refuses UPDATE on PostgreSQL, so time travel happens at insert."""
    with monkeypatch.context() as m:
        m.setattr(timezone, "now", lambda: when)
        return audit.record(actor=None, **kwargs)


def _rows(n: int, **kwargs) -> None:
    for i in range(n):
        audit.record(
            actor=None,
            actor_name=kwargs.get("actor_name", f"actor{i}"),
            action=kwargs.get("action", "update"),
            object_type=kwargs.get("object_type", "org.partyorg"),
            object_id=str(i),
            object_repr=kwargs.get("object_repr", f"第{i}党支部"),
            before={"name": f"old {i}", "code": "X"},
            after={"name": f"new {i}", "code": "X"},
        )


@pytest.mark.parametrize(
    "who, status",
    [
        (None, "login"),
        ("member_a", 403),
        ("office", 403),
        ("sys_admin", 403),
        ("sec_admin", 403),
        ("audit_admin", 200),
    ],
)
def test_only_the_audit_administrator_reads_the_log(request, client, company, who, status):
    client = _login(client, request.getfixturevalue(who) if who else None)
    for url in (AUDIT, EXPORT):
        response = client.get(url)
        if status == "login":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))
        else:
            assert response.status_code == status
    # A refused export leaves no export row behind.
    exported = AuditLog.objects.filter(action=AuditLog.Action.EXPORT).exists()
    assert exported is (status == 200)


@pytest.mark.parametrize("rows", [3, 30])
def test_audit_list_queries_stay_flat(client, audit_admin, django_assert_max_num_queries, rows):
    _rows(rows)
    _login(client, audit_admin)
    with django_assert_max_num_queries(9):
        response = client.get(AUDIT)
    assert len(response.context["page"].object_list) == rows + 1  # and the administrator's own login
    with django_assert_max_num_queries(9):
        client.get(AUDIT, {"actor": "actor1", "action": "update", "date_from": "2020-01-01", "text": "党支部"})


def test_audit_list_is_paginated_by_50(client, audit_admin):
    _rows(120)
    _login(client, audit_admin)
    assert len(client.get(AUDIT).context["page"].object_list) == 50
    assert len(client.get(AUDIT, {"page": 3}).context["page"].object_list) == 21  # 120 + the login


def test_audit_list_shows_changes_compactly_and_the_client_address(client, audit_admin, company):
    token = client_address.set("10.9.8.7")
    try:
        org = company["branch_a"]
        before = audit.snapshot(org)
        org.name = "电解二车间党支部"
        audit.record(actor=audit_admin, action="update", obj=org, before=before, after=audit.snapshot(org))
    finally:
        client_address.reset(token)
    _login(client, audit_admin)
    response = client.get(AUDIT, {"object_type": "org.partyorg"})
    html = response.content.decode()
    [row] = response.context["page"].object_list
    assert row.change_list == [("name", "电解一车间党支部", "电解二车间党支部")]  # only what changed
    assert "电解一车间党支部 → 电解二车间党支部" in html
    assert "10.9.8.7" in html


def test_many_changes_fold_away(client, audit_admin):
    audit.record(actor=None, action="create", object_type="org.person", after={f"f{i}": i for i in range(7)})
    html = _login(client, audit_admin).get(AUDIT).content.decode()
    assert "<details>" in html and "4 more changes" in html


def test_audit_filters(client, audit_admin, monkeypatch):
    audit.record(actor=None, actor_name="liming", action="login", object_type="accounts.user", object_repr="liming")
    audit.record(actor=None, actor_name="wangfang", action="update", object_type="org.person", object_repr="王芳（E1）")
    audit.record(actor=None, actor_name="wangfang", action="update", object_type="org.partyorg", object_id="42")
    forty_days_ago = timezone.now() - dt.timedelta(days=40)
    _record_at(monkeypatch, forty_days_ago, actor_name="old", action="create", object_type="org.partyorg")
    _login(client, audit_admin)

    def shown(**params):
        return sorted(r.actor_name for r in client.get(AUDIT, params).context["page"])

    assert shown(actor="WANG") == ["wangfang", "wangfang"]
    assert shown(action="login") == ["auditadmin", "liming"]
    assert shown(object_type="org.partyorg") == ["old", "wangfang"]
    assert shown(text="王芳") == ["wangfang"]
    assert shown(text="42") == ["wangfang"]
    today = timezone.localdate()
    assert "old" not in shown(date_from=today - dt.timedelta(days=1))
    assert shown(date_to=today - dt.timedelta(days=39)) == ["old"]
    assert shown(date_from=today, date_to=today) == ["auditadmin", "liming", "wangfang", "wangfang"]


def test_date_range_is_whole_local_days(client, audit_admin, monkeypatch):
    # 00:30 on 2 March in Shanghai is 16:30 UTC on 1 March: the filter must use the local day, not the UTC one.
    shanghai = timezone.get_default_timezone()
    _record_at(monkeypatch, dt.datetime(2026, 3, 2, 0, 30, tzinfo=shanghai), actor_name="late", action="update")
    _login(client, audit_admin)
    assert [
        r.actor_name for r in client.get(AUDIT, {"date_from": "2026-03-02", "date_to": "2026-03-02"}).context["page"]
    ] == ["late"]
    assert not list(client.get(AUDIT, {"date_from": "2026-03-01", "date_to": "2026-03-01"}).context["page"])


def test_bad_filters_say_so_instead_of_showing_everything(client, audit_admin):
    _rows(2)
    response = _login(client, audit_admin).get(AUDIT, {"date_from": "2026-03-02", "date_to": "2026-03-01"})
    assert response.context["form"].errors["date_to"]
    assert not list(response.context["page"])
    response = client.get(AUDIT, {"date_from": "not-a-date"})
    assert response.status_code == 200 and response.context["form"].errors["date_from"]


def test_nothing_can_change_the_log_through_the_pages(client, audit_admin):
    _rows(1)
    _login(client, audit_admin)
    count = AuditLog.objects.count()
    assert client.post(AUDIT, {"action": "delete"}).status_code == 405
    assert client.post(EXPORT).status_code == 405
    html = client.get(AUDIT).content.decode()
    assert 'method="post"' not in html.split('id="audit-table"')[1].split("</main>")[0]
    assert AuditLog.objects.count() == count


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_export_follows_the_filters_and_is_itself_audited(client, audit_admin):
    _rows(3, action="update")
    _rows(2, action="login", actor_name="liming")
    _login(client, audit_admin)
    rows = _sheet(client.get(EXPORT, {"action": "update"}))
    assert len(rows) == 1 + 3
    assert rows[1][6] == "name: old 2 → new 2"
    export_row = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert export_row.actor_id == audit_admin.pk
    assert export_row.object_type == "core.auditlog"
    assert "action=update" in export_row.comment


def test_export_neutralises_formulas(client, audit_admin):
    audit.record(
        actor=None,
        actor_name='=HYPERLINK("http://evil.example","click")',
        action="update",
        object_type="org.partyorg",
        object_repr="=1+1",
        comment="+cmd|' /C calc'!A0",
    )
    rows = _sheet(_login(client, audit_admin).get(EXPORT, {"object_type": "org.partyorg"}))
    _, actor, _, _, _, obj, _, comment, _ = rows[1]
    assert actor == '\'=HYPERLINK("http://evil.example","click")'
    assert obj == "'=1+1"
    assert comment.startswith("'+")


def test_export_queries_stay_flat(client, audit_admin, django_assert_max_num_queries):
    _login(client, audit_admin)
    for n in (3, 30):
        _rows(n)
        with django_assert_max_num_queries(12):
            _sheet(client.get(EXPORT))


def test_export_refuses_more_than_the_limit(client, audit_admin, monkeypatch):
    from dangjian.core.views import audit as audit_views

    monkeypatch.setattr(audit_views, "EXPORT_MAX_ROWS", 2)
    _rows(3)
    response = _login(client, audit_admin).get(EXPORT, {"action": "update"})
    assert response.status_code == 302
    assert response["Location"] == AUDIT + "?action=update"
    assert not AuditLog.objects.filter(action=AuditLog.Action.EXPORT).exists()


def test_logins_show_up_for_the_audit_administrator(client, audit_admin):
    UserFactory(username="liming")
    client.post(reverse("accounts:login"), {"username": "liming", "password": "wrong-password"})
    _login(client, audit_admin)
    rows = client.get(AUDIT, {"action": "login_failed"}).context["page"]
    assert [r.actor_name for r in rows] == ["liming"]


def test_creations_and_deletions_list_only_filled_in_values(client, audit_admin):
    audit.record(actor=None, action="create", object_type="org.person", after={"name": "李明", "phone": "", "x": None})
    audit.record(actor=None, action="delete", object_type="org.unit", before={"code": "W1", "note": ""})
    _login(client, audit_admin)
    created = client.get(AUDIT, {"object_type": "org.person"}).context["page"][0]
    assert created.change_list == [("name", None, "李明")]
    deleted = client.get(AUDIT, {"object_type": "org.unit"}).context["page"][0]
    assert deleted.change_list == [("code", "W1", None)]
    rows = _sheet(client.get(EXPORT, {"action": "create"}))
    assert [r[6] for r in rows[1:]] == ["name=李明"]


@pytest.fixture
def client():
    """These tests assert English wording: ask for English (the product's default language is zh-hans)."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")
