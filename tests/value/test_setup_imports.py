"""The value catalogue from the office's own spreadsheets: items with prices (a code that exists is changed, a price
starts a version from its day) and team enrolment; every bad row named and nothing written; templates download."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dangjian.core.models import ImportJob
from dangjian.value.models import AccountingUnit, Item, ItemPrice
from tests.core.imports_support import (
    confirm,
    last_job,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)
from tests.factories import UnitFactory, account_with_role

D = Decimal
pytestmark = pytest.mark.usefixtures("private_media")


@pytest.fixture
def office(accounting):
    return account_with_role("party_office", accounting["root"], username="office")


def test_items_and_prices_come_from_a_spreadsheet(client, office, accounting, django_capture_on_commit_callbacks):
    rows = [
        ["项目编码", "项目名称", "类别", "计量单位", "单价(元)", "执行日期"],
        ["ANODE", "合格阳极", "产出", "块", "120", dt.date(2024, 1, 1)],
        ["AL", "原铝液", "产出", "t", "16000", dt.date(2024, 4, 1)],  # exists: renamed, a new price version
        ["STEAM", "蒸汽", "投入", "t", "", ""],
    ]
    client.force_login(office)
    upload(client, "value-catalogue", "items.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.summary["create"], job.summary["update"]) == (2, 1)
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    anode = Item.objects.get(code="ANODE")
    assert (anode.kind, anode.unit_of_measure, anode.org) == ("output", "块", accounting["root"])
    assert list(
        ItemPrice.objects.filter(item__code="AL").order_by("effective_from").values_list("price", flat=True)
    ) == [
        D(15000),
        D(16000),
    ]
    assert Item.objects.get(code="AL").name == "原铝液" and Item.objects.get(code="STEAM").kind == "input"


def test_a_bad_catalogue_row_is_named_and_nothing_is_written(
    client, office, accounting, django_capture_on_commit_callbacks
):
    Item.objects.create(code="THEIRS", name="外公司", kind="output", org=accounting["other_root"])
    rows = [
        ["项目编码", "项目名称", "类别", "计量单位", "单价(元)", "执行日期"],
        ["NEW1", "新项目", "产出", "t", "10", dt.date(2024, 1, 1)],
        ["NEW2", "无日期", "产出", "t", "10", ""],  # a price without its day
        ["AL", "原铝", "投入", "t", "", ""],  # the kind of an item does not change
        ["THEIRS", "冒用", "产出", "t", "", ""],  # another company's code
    ]
    client.force_login(office)
    upload(client, "value-catalogue", "items.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert sorted({e["row"] for e in job.errors}) == [3, 4, 5]
    assert not Item.objects.filter(code__in=["NEW1", "NEW2"]).exists()


def test_teams_are_enrolled_from_a_spreadsheet(client, office, accounting, django_capture_on_commit_callbacks):
    UnitFactory(code="T1", name="一班", kind="team", parent=accounting["workshop"])
    rows = [
        ["班组编码", "对标组编码", "责任党组织编码"],
        ["T1", "ELEC", "BA"],
        ["CC", "ELEC", "BA"],  # enrolled under BB: moves to BA
        ["W1", "ELEC", "BA"],  # a workshop, not a team
        ["OX", "ELEC", "BA"],  # another company's team
    ]
    client.force_login(office)
    upload(client, "value-enrolment", "teams.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert sorted({e["row"] for e in job.errors}) == [4, 5]
    upload(client, "value-enrolment", "teams.xlsx", xlsx_bytes(rows[:3]), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert AccountingUnit.objects.get(unit__code="T1").org == accounting["branch_a"]
    assert AccountingUnit.objects.get(unit__code="CC").org == accounting["branch_a"]


@pytest.mark.parametrize("kind", ["value-catalogue", "value-enrolment"])
def test_the_templates_download_for_the_office_only(client, office, accounting, kind):
    client.force_login(office)
    response = client.get(reverse("core:import_template", args=[kind, "xlsx"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(account_with_role("team_leader", accounting["branch_a"], username="lead"))
    assert client.get(reverse("core:import_template", args=[kind, "xlsx"])).status_code in (403, 404)
