"""The three imports through the core upload → check → confirm pages: items (and the export read back), key tasks with
due dates written as months or as a day the month lacks, production scores."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.assessment.models import Item, KeyTask, ProductionScore, Template
from dangjian.core.models import ImportJob
from tests.core.imports_support import (
    confirm,
    last_job,
    messages_of,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.usefixtures("private_media")


def _run(client, kind, rows, capture):
    upload(client, kind, f"{kind}.xlsx", xlsx_bytes(rows), capture)
    job = last_job()
    return job


def test_template_export_reads_back_as_an_import(client, template, office, django_capture_on_commit_callbacks):
    client.force_login(office)
    response = client.get(reverse("assessment:template_export", args=[template.pk]))
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    for row in rows[1:]:
        row[1] = 2023  # the same items for next year
    rows[1][5] = 8  # A1 worth 8 points next year
    job = _run(client, "assessment-items", rows, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    new = Template.objects.get(year=2023)
    items = {i.code: i for i in Item.objects.filter(template=new)}
    assert set(items) == {"A1", "A2", "B1", "B2"}
    assert items["A1"].max_points == D(8) and items["A1"].evidence_required
    assert items["A2"].source == "keytask_on_time" and items["A2"].zero_at == D("0.5")
    assert items["B1"].frequency == "quarterly"


def test_bad_item_rows_are_named(client, template, office, django_capture_on_commit_callbacks, settings):
    settings.LANGUAGE_CODE = "en"
    header = ["组织编码", "年度", "考核类别", "编号", "考核内容", "分值", "数据来源", "阈值", "计分规则"]
    rows = [
        header,
        ["ROOT", 2023, "组织建设", "A1", "记录", 5, "", "", ""],
        ["ROOT", 2023, "组织建设", "A1", "重复", 5, "", "", ""],
        ["ROOT", 2023, "组织建设", "A3", "来源", 5, "nope", "", ""],
        ["ROOT", 2023, "组织建设", "A4", "阈值", 5, "sla_rate", "2:1", "阈值"],
    ]
    client.force_login(office)
    job = _run(client, "assessment-items", rows, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.FAILED or job.errors
    text = " ".join(messages_of(job))
    assert "A1" in text and "nope" in text and "hresholds" in text
    assert not Template.objects.filter(year=2023).exists()


def test_key_tasks_import(client, company, secretary_a, django_capture_on_commit_callbacks):
    rows = [
        ["编号", "任务", "类别", "责任组织编码", "责任人工号", "完成时限", "交付成果"],
        ["ZG-1", "修订支部制度", "党建", "BA", company["person_a"].employee_no, "2022-04-31", "制度汇编"],
        ["ZG-2", "降低电耗", "降本增效", "BA", "", "2022-02", "电耗报表"],
        ["ZG-3", "发电任务", "生产", "BB", "", "2022-03-31", "报表"],  # not the secretary's branch
    ]
    client.force_login(secretary_a)
    job = _run(client, "key-tasks", rows, django_capture_on_commit_callbacks)
    assert any("BB" in m for m in messages_of(job))
    confirm_rows = rows[:3]
    job = _run(client, "key-tasks", confirm_rows, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    due = dict(KeyTask.objects.values_list("code", "due_on"))
    assert due == {"ZG-1": dt.date(2022, 4, 30), "ZG-2": dt.date(2022, 2, 28)}
    assert KeyTask.objects.get(code="ZG-1").owner == company["person_a"]


def test_production_scores_import(client, company, office, django_capture_on_commit_callbacks):
    rows = [
        ["组织编码", "月份", "生产经营得分"],
        ["BA", "2022-03", "91.5"],
        ["BB", "2022-03", 88],
        ["BB", "2022-04", 120],
    ]
    client.force_login(office)
    job = _run(client, "production-scores", rows, django_capture_on_commit_callbacks)
    assert any("100" in m for m in messages_of(job))
    job = _run(client, "production-scores", rows[:3], django_capture_on_commit_callbacks)
    confirm(client, job, django_capture_on_commit_callbacks)
    stored = {(s.org.code, s.month): (s.value, s.source) for s in ProductionScore.objects.select_related("org")}
    assert stored[("BA", dt.date(2022, 3, 1))] == (D("91.50"), "imported")
    assert len(stored) == 2
