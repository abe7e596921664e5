"""The programme-items import (降本增效实施方案指标): new items and replaced ones with their measures and monthly
targets, through item_save as the uploader; rows naming a programme, org, indicator or unit out of reach are refused
with a sentence naming the column; the template downloads."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dangjian.core.models import AuditLog, ImportJob
from dangjian.core.services import SYSTEM
from dangjian.projects.costs import services
from dangjian.projects.costs.models import ProgrammeItem
from tests.core.imports_support import (
    confirm,
    last_job,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)
from tests.factories import PartyOrgFactory, UnitFactory, account_with_role
from tests.indicators.conftest import IndicatorFactory

D = Decimal
pytestmark = pytest.mark.usefixtures("private_media")
HEADER = [
    "组织编码",
    "年度",
    "方案名称",
    "指标编码",
    "单位编码",
    "年度目标",
    "责任人工号",
    "单价",
    "重点措施",
    "3月目标",
]
NAME = "电解一车间2024年降本增效实施方案"


@pytest.fixture
def setup(company, tree, catalogue):
    programme = services.programme_create(actor=SYSTEM, owner_org=company["branch_a"], year=2024, name=NAME)
    kept = services.item_save(
        actor=SYSTEM,
        programme=programme,
        indicator=catalogue["OUT"],
        unit=tree["W1"],
        annual_target=D(1000),
        measures=["旧措施"],
        monthly_targets={5: D(90)},
    )
    return {"programme": programme, "kept": kept, "tree": tree, "catalogue": catalogue}


def test_secretary_imports_a_programmes_items(client, secretary_a, company, setup, django_capture_on_commit_callbacks):
    person = company["person_a"]
    rows = [
        HEADER,
        ["BA", 2024, NAME, "DCU", "W1", 13150, person.employee_no, 0.35, "冷干机改造\n排烟风机运行模式优化", 13100],
        ["BA", 2024, NAME, "OUT", "W1", 1098, "", "", "合理安排换辊换槽时间", ""],
    ]
    client.force_login(secretary_a)
    upload(client, "cost-items", "items.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.summary["create"], job.summary["update"]) == (1, 1)
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    new = ProgrammeItem.objects.get(programme=setup["programme"], indicator__code="DCU")
    assert (new.annual_target, new.owner, new.unit_price) == (D(13150), person, D("0.35"))
    assert list(new.measures.values_list("text", flat=True)) == ["冷干机改造", "排烟风机运行模式优化"]
    assert {t.month: t.value for t in new.monthly_targets.all()} == {3: D(13100)}
    kept = ProgrammeItem.objects.get(pk=setup["kept"].pk)
    assert kept.annual_target == D(1098)
    assert list(kept.measures.values_list("text", flat=True)) == ["合理安排换辊换槽时间"]
    assert {t.month: t.value for t in kept.monthly_targets.all()} == {}  # the month columns are in the file
    assert AuditLog.objects.filter(object_type="costs.programmeitem", action="create", actor=secretary_a).count() == 1
    assert AuditLog.objects.filter(object_type="costs.programmeitem", action="update", actor=secretary_a).count() == 1


def test_columns_left_out_are_kept(client, secretary_a, setup, django_capture_on_commit_callbacks):
    rows = [["组织编码", "年度", "方案名称", "指标编码", "单位编码", "年度目标"], ["BA", 2024, NAME, "OUT", "W1", 1200]]
    client.force_login(secretary_a)
    upload(client, "cost-items", "items.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    confirm(client, last_job(), django_capture_on_commit_callbacks)
    assert last_job().status == ImportJob.Status.DONE, last_job().errors
    kept = ProgrammeItem.objects.get(pk=setup["kept"].pk)
    assert kept.annual_target == D(1200)
    assert list(kept.measures.values_list("text", flat=True)) == ["旧措施"]
    assert {t.month: t.value for t in kept.monthly_targets.all()} == {5: D(90)}


def test_refused_rows(client, secretary_a, company, setup, django_capture_on_commit_callbacks):
    foreign_root = PartyOrgFactory(code="XROOT", name="外公司党委", kind="committee")
    IndicatorFactory(code="XIND", company=foreign_root)
    UnitFactory(code="XW", name="外公司车间", kind="company")
    services.programme_create(actor=SYSTEM, owner_org=company["branch_b"], year=2024, name="发电降本")
    rows = [
        HEADER,
        ["BA", 2024, "没有的方案", "OUT", "W1", 1, "", "", "", ""],  # no such programme
        ["BB", 2024, "发电降本", "OUT", "W1", 1, "", "", "", ""],  # another branch's programme: not seen
        ["BA", 2024, NAME, "XIND", "W1", 1, "", "", "", ""],  # another company's indicator
        ["BA", 2024, NAME, "DCU", "XW", 1, "", "", "", ""],  # another company's unit
        ["BA", 2024, NAME, "DCU", "W1", "多", "", "", "", ""],  # not a number
        ["BA", 2024, NAME, "DCU", "W1", 1, "", -1, "", ""],  # a negative price
        ["BA", 2024, NAME, "EFF", "W1", 1, "", "", "", ""],
        ["BA", 2024, NAME, "EFF", "W1", 2, "", "", "", ""],  # the same indicator and unit twice
    ]
    client.force_login(secretary_a)
    upload(client, "cost-items", "items.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    by_row = {}
    for error in job.errors:
        by_row.setdefault(error["row"], []).append(error)
    assert sorted(by_row) == [2, 3, 4, 5, 6, 7, 9], job.errors
    assert by_row[2][0]["column"] == "方案名称" and by_row[3][0]["column"] == "方案名称"
    assert by_row[4][0]["column"] == "指标编码" and by_row[5][0]["column"] == "单位编码"
    assert by_row[7][0]["column"] == "单价"
    assert ProgrammeItem.objects.filter(programme=setup["programme"]).count() == 1


def test_who_may_import(client, company, setup, member_a):
    """The kind is offered to those who import projects (the secretary, 党群工作部), not to a member (403)."""
    client.force_login(member_a)
    assert client.get(reverse("core:import_new", args=["cost-items"])).status_code == 403
    office = account_with_role("party_office", company["root"], username="office_x")
    client.force_login(office)
    response = client.get(reverse("core:import_template", args=["cost-items", "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_kind_speaks_chinese(client, secretary_a, setup):
    """The kind's label and help come from the app's own catalogue (dangjian/projects/costs/locale)."""
    client.force_login(secretary_a)
    body = client.get(reverse("core:import_new", args=["cost-items"])).content.decode()
    assert "降本增效实施方案指标" in body
