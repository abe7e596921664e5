"""Programme pages: who sees and changes them, the result table, the pay export, flat query counts."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.projects.costs import services
from dangjian.projects.costs.models import Programme, ProgrammeItem
from tests.factories import UnitFactory, account_with_role
from tests.indicators.conftest import IndicatorFactory, IndicatorValueFactory

D = Decimal
pytestmark = pytest.mark.django_db


def grow(programme, tree, count: int) -> None:
    """`count` more units under W1, each with a month of daily output (the programme's OUT item sums them)."""
    out = programme["items"]["OUT"].indicator
    for n in range(count):
        team = UnitFactory(code=f"P{n:02d}", name=f"班组{n}", kind="team", parent=tree["W1"])
        for day in range(1, 29):
            IndicatorValueFactory(indicator=out, unit=team, period_start=dt.date(2024, 2, day), value=D(1))


@pytest.mark.parametrize("extra", [3, 30])
def test_programme_page_queries_are_flat(client, company, programme, tree, extra, django_assert_max_num_queries):
    grow(programme, tree, extra)
    # A company leader reads ROOT's programme; a member of a branch sees only its own branch's (scoped like projects).
    client.force_login(account_with_role("leader", company["root"], username="leader"))
    url = reverse("costs:detail", args=[programme["programme"].pk])
    # session, user, assignments, the programme, items (+ monthly targets, measures), one roll-up per indicator
    # and per denominator for months and year (2 × 4), the person in the menu, the session saved
    with django_assert_max_num_queries(20):
        response = client.get(url, {"month": "2024-03"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "2024年降本增效实施方案" in body and 'id="programme-data"' in body
    assert "97.5%" in body and "−700 元" in body and "17.50" in body
    assert "Add an indicator" not in body  # a leader reads only


def test_list_is_scoped_and_paginated(client, programme, company, secretary_a, django_assert_max_num_queries):
    services.programme_create(actor=SYSTEM, owner_org=company["branch_b"], year=2024, name="发电降本")
    client.force_login(secretary_a)
    with django_assert_max_num_queries(10):
        body = client.get(reverse("costs:list")).content.decode()
    # BA's secretary sees neither ROOT's nor BB's programmes (scoped like projects).
    assert "发电降本" not in body and "2024年降本增效实施方案" not in body
    services.programme_create(actor=secretary_a, owner_org=company["branch_a"], year=2024, name="电解降本")
    assert "电解降本" in client.get(reverse("costs:list")).content.decode()


def test_office_creates_a_programme_and_adds_an_item(client, office, company, catalogue, tree):
    client.force_login(office)
    response = client.post(
        reverse("costs:create"),
        {"owner_org": company["root"].pk, "year": 2024, "name": "降本", "full_points": "10", "full_at": "100",
         "zero_below": "90"},
    )  # fmt: skip
    assert response.status_code == 302
    programme = Programme.objects.get()
    response = client.post(
        reverse("costs:item_add", args=[programme.pk]),
        {"indicator": catalogue["DCU"].pk, "unit": "W1", "annual_target": "13150", "unit_price": "0.35",
         "owner": company["person_a"].employee_no, "measures": "冷干机改造\n排烟风机运行模式优化", "m3": "13100"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    item = ProgrammeItem.objects.get()
    assert item.owner == company["person_a"] and item.measures.count() == 2
    assert item.monthly_targets.get().value == D(13100)
    page = client.get(reverse("costs:item_edit", args=[programme.pk, item.pk]))
    assert page.status_code == 200 and "13100" in page.content.decode()
    assert client.post(reverse("costs:item_remove", args=[programme.pk, item.pk])).status_code == 302
    assert not ProgrammeItem.objects.exists()


def test_item_form_refuses_an_unknown_owner(client, office, programme, catalogue):
    client.force_login(office)
    response = client.post(
        reverse("costs:item_add", args=[programme["programme"].pk]),
        {"indicator": catalogue["STOCK"].pk, "unit": "W1", "annual_target": "1", "owner": "NOBODY"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and "There is no person" in response.content.decode()


def test_pay_export_lists_items_and_owner_totals_and_is_audited(client, office, programme):
    client.force_login(office)
    p = programme["programme"]
    response = client.get(reverse("costs:export", args=[p.pk]), {"month": "2024-03"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Employee number", "Owner", "Month"]
    li = [r for r in rows[1:] if r[1] == "李明"]
    assert [r[3] for r in li] == ["DCU", "OUT", None]  # an empty cell
    assert li[0][6:] == [1300, 1333.333333, 97.5, 33.333333, -700, 7.5]
    assert li[-1][4] == "Total" and li[-1][10:] == [-700, 17.5]
    wang = [r for r in rows[1:] if r[1] == "王芳"]
    assert wang[0][11] == 8.91 and wang[-1][11] == 8.91
    audit = AuditLog.objects.get(action="export", object_type="costs.programme")
    assert audit.after == {"export": "performance_pay", "month": "2024-03", "rows": 5}
    assert client.get(reverse("costs:export", args=[p.pk]), {"month": "2023-01"}).status_code == 302


def test_pages_need_the_grants(client, member_a, company, catalogue, tree):
    p = services.programme_create(actor=SYSTEM, owner_org=company["branch_a"], year=2024, name="电解降本")
    client.force_login(member_a)
    assert client.get(reverse("costs:detail", args=[p.pk])).status_code == 200
    assert client.get(reverse("costs:export", args=[p.pk]), {"month": "2024-03"}).status_code == 403
    assert client.get(reverse("costs:edit", args=[p.pk])).status_code == 403
    assert client.get(reverse("costs:item_add", args=[p.pk])).status_code == 403
    assert client.get(reverse("costs:create")).status_code == 403
    assert not AuditLog.objects.filter(action="export").exists()
    client.force_login(account_with_role("secretary", company["branch_b"], username="sec_b"))
    assert client.get(reverse("costs:detail", args=[p.pk])).status_code == 404  # another branch's programme


def test_a_programme_without_items(client, office, company):
    IndicatorFactory(code="Z")
    p = services.programme_create(actor=SYSTEM, owner_org=company["root"], year=2024, name="空")
    client.force_login(office)
    body = client.get(reverse("costs:detail", args=[p.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No indicators in this programme yet." in body
