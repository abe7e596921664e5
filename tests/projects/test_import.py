"""The project-plan import: one row per goal grouped by project code, measures and tasks one per line."""

from decimal import Decimal

import pytest

from dangjian.core.models import AuditLog, ImportJob
from dangjian.projects.projects.models import Project
from tests.core.imports_support import (
    confirm,
    last_job,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)
from tests.projects.factories import ProjectFactory

HEADER = [
    "项目编号",
    "组织编码",
    "项目名称",
    "X领域",
    "年度",
    "开始日期",
    "结束日期",
    "第一责任人工号",
    "攻关问题",
    "指标",
    "计量单位",
    "基准值",
    "目标值",
    "标杆值",
    "指标方向",
    "保障措施",
    "工作任务",
]

pytestmark = pytest.mark.usefixtures("private_media")


def test_secretary_imports_a_years_plans(client, logins, orgs, django_capture_on_commit_callbacks):
    person = orgs["person_c"]
    rows = [
        HEADER,
        [
            "Q-2022-001",
            "BC",
            "党建+提高电流效率",
            "生产提效",
            2022,
            "2022-01-01",
            "2022-12-31",
            person.employee_no,
            "电流效率低",
            "电流效率",
            "%",
            92.1,
            92.6,
            93,
            "越高越好",
            "成立攻坚小组\n六不能一切换",
            "换极作业标准化",
        ],
        ["Q-2022-001", "", "", "", "", "", "", "", "", "偏离电压", "mV", 30, 17.5, "", "越低越好", "", ""],
        [
            "Q-2022-002",
            "BC",
            "党建+本质安全",
            "安全环保",
            2022,
            "2022-01-01",
            "2022-12-31",
            "",
            "",
            "隐患整改率",
            "%",
            90,
            100,
            "",
            "",
            "",
            "隐患排查；专项整治",
        ],
    ]
    client.force_login(logins["sec_owner"])
    upload(client, "projects", "plans.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.summary["create"] == 3
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    first = Project.objects.get(code="Q-2022-001")
    assert (first.owner, first.domain, first.secretary, first.state) == (
        orgs["branch_c"],
        "production",
        person,
        "proposed",
    )
    goals = list(first.goals.values_list("indicator_name", "baseline", "target", "direction"))
    assert goals == [
        ("电流效率", Decimal("92.1"), Decimal("92.6"), "higher"),
        ("偏离电压", Decimal("30"), Decimal("17.5"), "lower"),
    ]
    assert list(first.measures.values_list("text", flat=True)) == ["成立攻坚小组", "六不能一切换"]
    second = Project.objects.get(code="Q-2022-002")
    assert list(second.tasks.values_list("title", flat=True)) == ["隐患排查", "专项整治"]


def test_refused_rows(client, logins, orgs, django_capture_on_commit_callbacks):
    ProjectFactory(code="Q-OLD", owner=orgs["branch_c"])
    rows = [
        HEADER,
        [
            "Q-OLD",
            "BC",
            "x",
            "降本增效",
            2022,
            "2022-01-01",
            "2022-12-31",
            "",
            "",
            "成本",
            "元",
            10,
            8,
            "",
            "越低越好",
            "",
            "",
        ],
        [
            "Q-BB",
            "BB",
            "x",
            "降本增效",
            2022,
            "2022-01-01",
            "2022-12-31",
            "",
            "",
            "成本",
            "元",
            10,
            8,
            "",
            "越低越好",
            "",
            "",
        ],
        [
            "Q-1",
            "BC",
            "x",
            "降本增效",
            2022,
            "2022-01-01",
            "2022-12-31",
            "",
            "",
            "成本",
            "元",
            10,
            12,
            "",
            "越低越好",
            "",
            "",
        ],
        ["Q-1", "BA", "", "", "", "", "", "", "", "成本2", "元", "abc", 1, "", "", "", ""],
        ["Q-2", "BC", "", "降本增效", 2022, "2022-01-01", "2022-12-31", "", "", "成本", "元", 1, 2, "", "", "", ""],
    ]
    client.force_login(logins["sec_owner"])
    upload(client, "projects", "plans.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    by_row = {}
    for error in job.errors:
        by_row.setdefault(error["row"], []).append(error["message"])
    assert set(by_row) == {2, 3, 4, 5, 6}
    assert "Q-OLD" in by_row[2][0]  # exists already
    assert orgs["branch_b"].name in by_row[3][0]  # another general branch's org
    assert len(by_row[4]) == 1  # lower is better, yet the target is above the baseline
    assert len(by_row[5]) == 2  # a different org than its first row, and a baseline that is not a number
    assert any("4" in m for m in by_row[5])
    assert len(by_row[6]) == 1  # the first row of Q-2 has no title
    assert not Project.objects.exclude(code="Q-OLD").exists()


def test_readers_cannot_import(client, logins):
    client.force_login(logins["committee"])
    from django.urls import reverse

    assert client.get(reverse("core:import_new", args=["projects"])).status_code in (403, 404)


def test_sub_plans_column(client, logins, orgs, django_capture_on_commit_callbacks):
    """子方案: one title per line, adding up over the project's rows; a title over 200 characters is a row error."""
    header = [
        "项目编号",
        "组织编码",
        "项目名称",
        "X领域",
        "年度",
        "开始日期",
        "结束日期",
        "指标",
        "基准值",
        "目标值",
        "指标方向",
        "子方案",
    ]
    base = ["BC", "党建+降耗", "降本增效", 2022, "2022-01-01", "2022-12-31"]
    too_long = ["Q-2022-009", *base, "电耗", 13000, 12800, "越低越好", "长" * 201]
    client.force_login(logins["sec_owner"])
    upload(client, "projects", "bad.xlsx", xlsx_bytes([header, too_long]), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.FAILED or job.errors
    assert any("子方案" in e["column"] or "sub-plan" in e["message"] for e in job.errors), job.errors
    rows = [
        header,
        ["Q-2022-010", *base, "电耗", 13000, 12800, "越低越好", "热平衡子方案\n换极子方案"],
        ["Q-2022-010", "", "", "", "", "", "", "铝耗", 1.2, 1.1, "越低越好", "物料子方案"],
    ]
    upload(client, "projects", "plans.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    project = Project.objects.get(code="Q-2022-010")
    assert list(project.sub_plans.values_list("title", flat=True)) == ["热平衡子方案", "换极子方案", "物料子方案"]
    assert AuditLog.objects.filter(object_type="projects.subplan", action="create").count() == 3
