"""The three talent imports through the core upload → check → confirm pages: pool members (a second row for the
same person and pool changes it), competency items (a new post opens its model) and drill attendance (rows of one
session make one drill; present members get the drill points once; another company's person is refused by row)."""

import pytest

from dangjian.core.models import ImportJob
from dangjian.points.models import PointsEntry
from dangjian.talent.models import CompetencyModel, Drill, DrillAttendance, PoolMember
from tests.core.imports_support import confirm, last_job, private_media, upload, xlsx_bytes  # noqa: F401
from tests.factories import account_with_role
from tests.talent.world import build

pytestmark = pytest.mark.usefixtures("private_media")


@pytest.fixture
def world(db):
    return build()


def _import(client, kind, rows, capture):
    upload(client, kind, f"{kind}.xlsx", xlsx_bytes(rows), capture)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, capture)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    return job


def test_pools_items_and_attendance_import(client, world, django_capture_on_commit_callbacks):
    client.force_login(account_with_role("secretary", world["branch_a"], username="imp_sec"))
    capture = django_capture_on_commit_callbacks
    _import(
        client,
        "talent-pool",
        [
            ["工号", "人才库别", "人才类别", "专业工种", "入库日期"],
            ["T-M1", "导师库", "技术", "计算机站", "2025-01-01"],
            ["T-T1", "学员库", "操作", "天车工", "2025-01-01"],
        ],
        capture,
    )
    pool = {(m.person.employee_no, m.pool): (m.talent_class, m.specialty) for m in PoolMember.objects.all()}
    assert pool[("T-M1", "mentor")] == ("technical", "计算机站")
    assert pool[("T-T1", "trainee")] == ("operating", "天车工")  # was already a trainee: changed, not doubled
    assert PoolMember.objects.filter(person=world["trainee"], pool="trainee").count() == 1
    _import(
        client,
        "talent-items",
        [
            ["组织编码", "岗位", "人才类别", "能力项", "要求等级", "说明"],
            ["BA", "天车工", "操作", "吊运指挥", 3, ""],
            ["BA", "天车工", "操作", "设备点检", 2, "日常点检"],
        ],
        capture,
    )
    model = CompetencyModel.objects.get(org=world["branch_a"], post="天车工")
    assert [(i.name, i.required_level) for i in model.items.all()] == [("吊运指挥", 3), ("设备点检", 2)]
    _import(
        client,
        "talent-attendance",
        [
            ["组织编码", "日期", "类型", "主题", "班组编码", "工号", "出勤", "成绩"],
            ["BA", "2025-04-01", "课后练兵", "极距调整实操", "W1-A", "T-W1", "是", 90],
            ["BA", "2025-04-01", "课后练兵", "极距调整实操", "W1-A", "T-M1", "否", ""],
            ["BA", "2025-04-03", "党员课堂", "安全生产责任制", "", "T-W1", "是", ""],
        ],
        capture,
    )
    drills = Drill.objects.filter(org=world["branch_a"], held_on__month=4).order_by("held_on")
    assert [(d.kind, d.topic, d.attendance.count()) for d in drills] == [
        ("drill", "极距调整实操", 2),
        ("lecture", "安全生产责任制", 1),
    ]
    assert DrillAttendance.objects.get(drill=drills[0], person=world["worker"]).score == 90
    entries = PointsEntry.objects.filter(source_type="talent.drillattendance")
    assert sorted(e.person.employee_no for e in entries) == ["T-W1", "T-W1"]  # the absent mentor earns nothing


def test_attendance_of_another_companys_person_is_refused_by_row(client, world, django_capture_on_commit_callbacks):
    client.force_login(account_with_role("secretary", world["branch_a"], username="imp_sec2"))
    rows = [
        ["组织编码", "日期", "类型", "主题", "工号", "出勤"],
        ["BA", "2025-04-01", "课后练兵", "t", "Z-T-1", "是"],
    ]
    upload(client, "talent-attendance", "a.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status != ImportJob.Status.READY
    assert not Drill.objects.filter(topic="t").exists()
