"""The points rule catalogue from a spreadsheet (kind "points-rules"): new codes added, a changed code becomes a new
version from its first day, the same values change nothing; refusals name the row; only 党群工作部 may use it."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.core.imports import get_kind
from dangjian.core.models import AuditLog, ImportJob
from dangjian.points.models import PointsRule
from tests.core.imports_support import confirm, csv_bytes, last_job, private_media, upload  # noqa: F401

HEADER = [
    "规则编码",
    "规则名称",
    "类别",
    "分值",
    "上限",
    "上限周期",
    "需要佐证",
    "需要审核",
    "自动来源",
    "生效日期",
    "说明",
]

pytestmark = pytest.mark.usefixtures("private_media")


def test_office_imports_new_rules_and_versions(client, company, rules, office, django_capture_on_commit_callbacks):
    honour = rules["HONOUR"]
    rows = [
        HEADER,
        ["MENTOR", "带徒传技", "奖励积分", "3", "12", "每季度", "是", "是", "", "2025-01-01", "师带徒"],
        ["HONOUR", honour.name, "奖励积分", "15", "30", "每年", "是", "是", "", "2025-07-01", ""],
        ["BASE", rules["BASE"].name, "基础积分", "70", "70", "每季度", "否", "否", "", "2020-01-01", ""],
    ]
    client.force_login(office)
    upload(client, "points-rules", "rules.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.summary["create"], job.summary["update"], job.summary["unchanged"]) == (1, 1, 1)
    before = AuditLog.objects.filter(object_type="points.pointsrule").count()
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    mentor = PointsRule.objects.get(company=company["root"], code="MENTOR")
    assert (mentor.points, mentor.cap, mentor.cap_period, mentor.evidence_required) == (3, 12, "quarter", True)
    latest = PointsRule.objects.filter(code="HONOUR").order_by("-version").first()
    assert latest.version == 2 and latest.points == 15 and latest.valid_from == dt.date(2025, 7, 1)
    assert PointsRule.objects.get(pk=honour.pk).valid_to == dt.date(2025, 6, 30)
    assert PointsRule.objects.filter(code="BASE").count() == 1
    # created, ended, new version: three audit rows
    assert AuditLog.objects.filter(object_type="points.pointsrule").count() == before + 3


def test_rows_with_problems_are_named(client, company, rules, office, django_capture_on_commit_callbacks):
    rows = [
        HEADER,
        ["SIGN", "每日学习打卡", "奖励积分", "1", "", "", "", "", "", "2025-01-01", ""],
        ["LOSS", "违纪", "扣分", "5", "", "", "", "", "", "2025-01-01", ""],
        ["HONOUR", "获得上级表彰", "奖励积分", "20", "", "", "", "", "", "2019-01-01", ""],
        ["LOSS", "违纪", "扣分", "-5", "", "", "", "", "", "2025-01-01", ""],
    ]
    client.force_login(office)
    upload(client, "points-rules", "bad.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    text = " ".join(e["message"] for e in job.errors)
    assert "2023" in text and "第 3 行" in text and "第 4 行" in text and "第 5 行" in text
    assert not PointsRule.objects.filter(code__in=["SIGN", "LOSS"]).exists()


def test_only_the_party_office_may_import_rules(company, office, secretary_a, member_a, client):
    kind = get_kind("points-rules")
    assert kind.allowed(office) and not kind.allowed(secretary_a) and not kind.allowed(member_a)
    client.force_login(office)
    body = client.get(reverse("core:import_new", args=["points-rules"])).content.decode()
    assert "规则编码" in body and "上限周期" in body
    client.force_login(secretary_a)
    assert client.get(reverse("core:import_new", args=["points-rules"])).status_code == 403
