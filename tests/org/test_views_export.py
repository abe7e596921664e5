"""The people list's .xlsx export: scoped, filtered, phones masked unless the user may change people, formulas
neutralised, audited, capped."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.models import AuditLog
from tests.factories import PersonFactory, account_with_role


@pytest.fixture
def as_role(request, login):
    def make(name):
        return login(request.getfixturevalue(name) if name else None)

    return make


def sheet(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in wb.active.iter_rows(values_only=True)]


def test_export_is_scoped_and_audited(company, secretary_a, login):
    response = login(secretary_a).get(reverse("org:people_export"))
    rows = sheet(response)
    assert [r[1] for r in rows[1:]] == ["李明"]
    entry = AuditLog.objects.get(action="export")
    assert entry.actor == secretary_a and entry.after["rows"] == 1


def test_export_follows_the_filters(company, office, login):
    rows = sheet(login(office).get(reverse("org:people_export"), {"org": "BB"}))
    assert [r[1] for r in rows[1:]] == ["王芳"]
    assert AuditLog.objects.get(action="export").after["filters"] == {"org": "BB"}


def test_export_phone_whole_only_where_user_may_change(company, login):
    leader = account_with_role("leader", company["root"])  # read and export, no change
    masked = sheet(login(leader).get(reverse("org:people_export")))
    phone_col = masked[0].index("Phone")
    assert {r[phone_col] for r in masked[1:]} == {"138****5678"}
    assert AuditLog.objects.get(action="export").after["phones_masked"] is True
    office = account_with_role("party_office", company["root"])
    whole = sheet(login(office).get(reverse("org:people_export")))
    assert {r[phone_col] for r in whole[1:]} == {"13812345678"}


def test_export_neutralises_formulas(company, office, login):
    PersonFactory(branch=company["branch_a"], name="=cmd|' /C calc'!A0", job_title="+1")
    rows = sheet(login(office).get(reverse("org:people_export")))
    assert "'=cmd|' /C calc'!A0" in [r[1] for r in rows]
    assert "'+1" in [r[5] for r in rows]


@pytest.mark.parametrize("role", ["member_a"])
def test_export_forbidden_without_export_grant(company, as_role, role):
    assert as_role(role).get(reverse("org:people_export")).status_code == 403
    assert not AuditLog.objects.filter(action="export").exists()


def test_export_anonymous_is_sent_to_login(company, login):
    assert login(None).get(reverse("org:people_export")).status_code == 302


def test_export_query_count_is_flat(company, office, login, grow, django_assert_max_num_queries):
    client = login(office)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("org:people_export"))
    grow(30, unit=company["workshop"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(sheet(client.get(reverse("org:people_export")))) == 33


def test_export_beyond_the_cap_asks_to_narrow_the_filters(company, office, login, monkeypatch):
    monkeypatch.setattr("dangjian.org.views.people.EXPORT_MAX_ROWS", 1)
    response = login(office).get(reverse("org:people_export"), {"party_status": "member"})
    assert response.status_code == 302 and response["Location"] == reverse("org:people") + "?party_status=member"
    assert not AuditLog.objects.filter(action="export").exists()
    assert login(office).get(reverse("org:people_export"), {"org": "BA"}).status_code == 200
