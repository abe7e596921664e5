"""The pages driven by a client: the cycle through the sheet, lock and pay export, the key-task board and close-out,
rankings, the PDF, the home section; query counts that do not grow with rows."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.assessment import services
from dangjian.assessment.models import KeyTask, Line, Sheet
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.org.models import CommitteeSeat
from tests.assessment.conftest import JAN, key_task
from tests.factories import PartyOrgFactory, PersonFactory, account_with_role


@pytest.fixture
def period(template):
    return services.period_open(actor=SYSTEM, template=template, month=JAN)


def test_the_cycle_through_the_pages(client, company, period, secretary_a, office):
    sheet = period.sheets.get(org=company["branch_a"])
    a1 = sheet.lines.get(item__code="A1")
    b2 = sheet.lines.get(item__code="B2")
    client.force_login(secretary_a)
    html = client.get(reverse("assessment:sheet", args=[sheet.pk])).content.decode()
    assert "No data source yet" in html and 'name="score"' in html
    save = reverse("assessment:line_save", args=[sheet.pk, a1.pk])
    client.post(save, {"score": "9", "evidence": "支委会记录", "note": ""})
    client.post(reverse("assessment:line_save", args=[sheet.pk, b2.pk]), {"score": "11"})  # above 5: refused
    assert Line.objects.get(pk=b2.pk).self_score is None
    client.post(reverse("assessment:line_save", args=[sheet.pk, b2.pk]), {"score": "4"})
    client.post(reverse("assessment:sheet_move", args=[sheet.pk]), {"action": "submit"})
    assert Sheet.objects.get(pk=sheet.pk).status == Sheet.Status.SUBMITTED

    client.force_login(office)
    client.post(reverse("assessment:line_deduct", args=[sheet.pk, a1.pk]), {"deduction": "2", "reason": "缺签到"})
    client.post(reverse("assessment:sheet_move", args=[sheet.pk]), {"action": "review"})
    other = period.sheets.get(org=company["branch_b"])
    Line.objects.filter(sheet=other, automatic=False).update(self_score=D(5), evidence="x")
    Sheet.objects.filter(pk=other.pk).update(status=Sheet.Status.REVIEWED)
    client.post(reverse("assessment:production", args=[period.pk]), {f"org-{company['branch_a'].pk}": "80"})
    response = client.post(reverse("assessment:period_lock", args=[period.pk]))
    assert response.status_code == 302
    sheet.refresh_from_db()
    # A: (9 − 2) + 10 (no key task due) + 4 = 21 of 25 → 84.00; × 0.6 + 80 × 0.4 = 82.40.
    # B: 5 + 10 + 5 = 20 of 25 → 80.00, no production score → 80.00. A ranks first.
    assert (sheet.party_score, sheet.total, sheet.rank) == (D("84.00"), D("82.40"), 1)
    html = client.get(reverse("assessment:period", args=[period.pk])).content.decode()
    assert "82.40" in html and 'data-testid="pay-export"' in html

    CommitteeSeat.objects.create(org=company["branch_a"], person=company["person_a"], role="secretary")
    response = client.get(reverse("assessment:pay_export", args=[period.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == "李明" and rows[1][8] == 1 and str(rows[1][9]) == "1.2"  # rank 1: "1:1.2"
    assert AuditLog.objects.filter(action="export", object_type="assessment.period").count() == 1


def test_sheet_pdf(client, company, period, secretary_a):
    client.force_login(secretary_a)
    sheet = period.sheets.get(org=company["branch_a"])
    response = client.get(reverse("assessment:sheet_pdf", args=[sheet.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content[:4] == b"%PDF"


def _more_items(template, n):
    for i in range(n):
        services.item_upsert(
            actor=SYSTEM, template=template, category_name=f"类别{i % 3}", code=f"X{i}", title=f"项{i}", max_points=D(2)
        )


def test_sheet_page_queries_are_flat(client, company, template, secretary_a, django_assert_max_num_queries):
    client.force_login(secretary_a)
    small = services.period_open(actor=SYSTEM, template=template, month=JAN)
    with django_assert_max_num_queries(14):
        client.get(reverse("assessment:sheet", args=[small.sheets.get(org=company["branch_a"]).pk]))
    # The items are fixed once a period is open: the bigger sheet is another year's.
    big_template = services.template_create(actor=SYSTEM, org=company["root"], year=2023, name="2023")
    _more_items(big_template, 30)
    big = services.period_open(actor=SYSTEM, template=big_template, month=dt.date(2023, 1, 1))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assessment:sheet", args=[big.sheets.get(org=company["branch_a"]).pk]))
    assert response.content.decode().count('data-testid="line"') == 30


def test_period_and_ranking_queries_are_flat(client, company, template, office, django_assert_max_num_queries):
    for i in range(6):
        PartyOrgFactory(code=f"BX{i}", name=f"支部{i}", parent=company["root"])
    period = services.period_open(actor=SYSTEM, template=template, month=JAN)
    client.force_login(office)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assessment:period", args=[period.pk]))
    assert response.content.decode().count("支部") >= 6
    with django_assert_max_num_queries(14):
        client.get(reverse("assessment:rankings"), {"month": "2022-01"})
    with django_assert_max_num_queries(12):
        client.get(reverse("assessment:index"), {"year": 2022})


def test_keytask_board_close_and_confirm(client, company, secretary_a, office, django_assert_max_num_queries):
    for i in range(30):
        key_task(company["branch_a"], f"K{i:02d}", dt.date(2022, 1, 1) + dt.timedelta(days=7 * i))
    client.force_login(secretary_a)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("assessment:keytasks"), {"year": 2022})
    assert response.status_code == 200 and "table-danger" in response.content.decode()  # overdue rows
    task = KeyTask.objects.get(code="K00")
    client.post(reverse("assessment:keytask_close", args=[task.pk]), {"evidence": "已印发", "on": "2022-01-01"})
    assert KeyTask.objects.get(pk=task.pk).status == KeyTask.Status.SUBMITTED
    client.force_login(office)
    client.post(reverse("assessment:keytask_decide", args=[task.pk]), {"decision": "confirm"})
    task.refresh_from_db()
    assert task.status == KeyTask.Status.CLOSED and task.on_time
    with django_assert_max_num_queries(12):
        html = client.get(reverse("assessment:keytask_ranking"), {"month": "2022-03"}).content.decode()
    assert "电解一车间党支部" in html


def test_home_lists_overdue_tasks_and_sheets(client, company, period, secretary_a, django_assert_max_num_queries):
    key_task(company["branch_a"], "LATE-1", dt.date(2022, 1, 31))
    key_task(company["branch_a"], "DONE-1", dt.date(2022, 1, 31), dt.date(2022, 1, 30))
    client.force_login(secretary_a)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="overdue-task"' in html and "LATE-1" in html and "DONE-1" not in html
    assert reverse("assessment:sheet", args=[period.sheets.get(org=company["branch_a"]).pk]) in html


def test_home_for_the_owner_person(client, company):
    person = PersonFactory(branch=company["branch_b"], member=True, name="周强")
    user = account_with_role("member", company["branch_b"], person=person)
    task = key_task(company["branch_b"], "MINE-1", dt.date(2022, 5, 31))
    task.owner = person
    task.save()
    client.force_login(user)
    assert "MINE-1" in client.get(reverse("home")).content.decode()


def test_template_page_and_export(client, template, office):
    client.force_login(office)
    html = client.get(reverse("assessment:template", args=[template.pk])).content.decode()
    assert html.count('data-testid="item"') == 4 and "no data source yet" in html.lower()
    response = client.post(
        reverse("assessment:template", args=[template.pk]),
        {
            "name": template.name,
            "party_weight": "0.7",
            "production_weight": "0.2",
            "pay_bands": "*:1",
            "pay_scope": "committee",
        },
    )
    template.refresh_from_db()
    assert template.party_weight == D("0.6")  # 0.7 + 0.2 ≠ 1: refused
    client.post(
        reverse("assessment:template", args=[template.pk]),
        {
            "name": template.name,
            "party_weight": "0.7",
            "production_weight": "0.3",
            "pay_bands": "*:1",
            "pay_scope": "members",
        },
    )
    template.refresh_from_db()
    assert (template.party_weight, template.pay_scope) == (D("0.7"), "members")
    response = client.get(reverse("assessment:template_export", args=[template.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("organisation*", "year*", "category*", "code*") and len(rows) == 5


def test_new_key_task_from_the_board(client, company, secretary_a):
    client.force_login(secretary_a)
    page = client.get(reverse("assessment:keytask_create")).content.decode()
    assert "电解一车间党支部" in page and "发电党支部" not in page  # only orgs the secretary may add tasks to
    fields = {"code": "NEW-1", "title": "修订制度", "category": "party", "due_on": "2022-06-30", "deliverable": "制度"}
    refused = client.post(reverse("assessment:keytask_create"), {**fields, "owner_org": company["branch_b"].pk})
    assert refused.status_code == 400 and not KeyTask.objects.exists()
    response = client.post(
        reverse("assessment:keytask_create"),
        {**fields, "owner_org": company["branch_a"].pk, "owner": company["person_a"].employee_no},
    )
    task = KeyTask.objects.get(code="NEW-1")
    assert response.status_code == 302 and task.owner == company["person_a"] and task.year == 2022


def test_home_section_queries_do_not_grow(client, company, template, secretary_a, django_assert_max_num_queries):
    from dangjian.assessment import home

    class Request:
        user = secretary_a

    services.period_open(actor=SYSTEM, template=template, month=JAN)
    for i in range(3):
        key_task(company["branch_a"], f"L{i}", dt.date(2022, 1, 10 + i))
    with django_assert_max_num_queries(6):
        few = home.home_sections(Request())
    for i in range(3, 30):
        key_task(company["branch_a"], f"L{i}", dt.date(2022, 2, 1) + dt.timedelta(days=i))
    Request.user = type(secretary_a).objects.get(pk=secretary_a.pk)
    with django_assert_max_num_queries(6):
        many = home.home_sections(Request())
    assert len(few[0][1]["overdue"]) == 3 and len(many[0][1]["overdue"]) == home.HOME_ROWS
    assert many[0][1]["overdue_total"] == 30 and len(many[0][1]["to_fill"]) == 1
