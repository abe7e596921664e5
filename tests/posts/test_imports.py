"""The four register imports through the core upload → check → confirm pages: a new (org, name) adds a post, one
already there changes it; rows naming another branch, an unseen person or a bad pairing are refused by row; the
template downloads with its Chinese explanation sheet."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.models import AuditLog, ImportJob
from dangjian.core.services import SYSTEM
from dangjian.posts import services
from dangjian.posts.models import Pairing, PioneerPost, ResponsibilityZone
from tests.core.imports_support import (
    confirm,
    last_job,
    messages_of,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("private_media")


def _run(client, kind, rows, capture):
    upload(client, kind, f"{kind}.xlsx", xlsx_bytes(rows), capture)
    return last_job()


def test_zones_import_adds_and_changes(client, company, secretary_a, django_capture_on_commit_callbacks):
    a = company["person_a"].employee_no
    mate = PersonFactory(branch=company["branch_a"], member=True)
    existing = services.post_save(
        actor=SYSTEM, kind="zones", org=company["branch_a"], name="一号槽", starts_on=dt.date(2025, 1, 1), area="旧"
    )
    rows = [
        ["组织编码", "名称", "开始日期", "责任区域", "负责人工号", "成员工号"],
        ["BA", "一号槽", "2025-01-01", "1-40号槽", a, f"{a}、{mate.employee_no}"],
        ["BA", "二号槽", "2025-03-01", "41-80号槽", "", mate.employee_no],
    ]
    client.force_login(secretary_a)
    job = _run(client, "post-zones", rows, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    existing.refresh_from_db()
    assert existing.area == "1-40号槽" and existing.leader == company["person_a"]
    assert set(existing.members.all()) == {company["person_a"], mate}
    second = ResponsibilityZone.objects.get(name="二号槽")
    assert second.leader is None and list(second.members.all()) == [mate]
    assert AuditLog.objects.filter(object_type="posts.responsibilityzone", action="update").count() == 1
    assert (
        AuditLog.objects.filter(object_type="posts.responsibilityzone", action="create", actor=secretary_a).count() == 1
    )


def test_rows_are_refused_with_a_sentence(client, company, secretary_a, django_capture_on_commit_callbacks, settings):
    settings.LANGUAGE_CODE = "en"
    helped = PersonFactory(branch=company["branch_a"], name="小张")
    a = company["person_a"].employee_no
    rows = [
        ["组织编码", "名称", "开始日期", "党员工号", "结对对象工号"],
        ["BA", "师带徒", "2025-03-01", a, helped.employee_no],
        ["BA", "师带徒", "2025-03-01", a, helped.employee_no],  # the same pairing twice
        ["BB", "发电结对", "2025-03-01", a, helped.employee_no],  # not the secretary's branch
        ["BA", "反了", "2025-03-01", helped.employee_no, a],  # the first of a pair is a party member
        ["BA", "外人", "2025-03-01", a, company["person_b"].employee_no],  # BB's person: unseen
        ["ZZ", "无", "2025-03-01", a, helped.employee_no],  # no such org
    ]
    client.force_login(secretary_a)
    job = _run(client, "post-pairings", rows, django_capture_on_commit_callbacks)
    text = " | ".join(messages_of(job))
    assert job.status != ImportJob.Status.READY
    for row in (3, 4, 5, 6, 7):
        assert f"Row {row}:" in text, text
    assert "Row 2:" not in text
    assert "party member" in text and "ZZ" in text
    assert not Pairing.objects.exists()


def test_unchanged_rows_are_left_alone(client, company, office, django_capture_on_commit_callbacks):
    services.post_save(
        actor=SYSTEM,
        kind="pioneers",
        org=company["branch_a"],
        name="整流所先锋岗",
        starts_on=dt.date(2025, 1, 1),
        holder=company["person_a"],
    )
    rows = [
        ["组织编码", "名称", "开始日期", "岗位人工号"],
        ["BA", "整流所先锋岗", "2025-01-01", company["person_a"].employee_no],
    ]
    client.force_login(office)
    job = _run(client, "post-pioneers", rows, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    assert PioneerPost.objects.count() == 1
    assert not AuditLog.objects.filter(object_type="posts.pioneerpost", action="update").exists()


def test_member_may_not_import(client, member_a):
    client.force_login(member_a)
    assert client.get(reverse("core:import_new", args=["post-zones"])).status_code == 403


@pytest.mark.parametrize("kind", ["post-zones", "post-pioneers", "post-taskforces", "post-pairings"])
def test_template_with_chinese_help(client, company, secretary_a, kind):
    client.force_login(secretary_a)
    response = client.get(reverse("core:import_template", args=[kind, "xlsx"]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[:3] == ["组织编码*", "名称*", "开始日期*"]
    help_text = " ".join(str(c.value or "") for row in book.worksheets[1].iter_rows() for c in row)
    assert "组织编码" in help_text and "党组织" in help_text
    codes = [row[0].value for row in book.worksheets[2].iter_rows(min_row=2)]
    assert "BA" in codes and "BB" not in codes  # the secretary imports into BA only
