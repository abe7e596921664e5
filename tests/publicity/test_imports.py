"""The presenters and columns imports through the core upload → check → confirm pages: new rows add, rows already
there change, a presenter of another company or a session of another org is refused by row."""

import datetime as dt

import pytest

from dangjian.core.models import ImportJob
from dangjian.core.services import SYSTEM
from dangjian.publicity import services
from dangjian.publicity.models import Column, Presentation
from tests.core.imports_support import confirm, last_job, private_media, upload, xlsx_bytes  # noqa: F401
from tests.factories import PartyOrgFactory, PersonFactory, account_with_role

pytestmark = pytest.mark.usefixtures("private_media")


def _run(client, kind, rows, capture):
    upload(client, kind, f"{kind}.xlsx", xlsx_bytes(rows), capture)
    return last_job()


def test_presenters_import_adds_and_changes(client, company, office, django_capture_on_commit_callbacks):
    session = services.forum_save(
        actor=SYSTEM, org=company["root"], kind="secretary", code="LT-1", title="论坛", held_on=dt.date(2025, 5, 1)
    )
    services.presentation_save(actor=SYSTEM, session=session, presenter=company["person_a"], title="旧题目")
    outsider = PersonFactory(branch=PartyOrgFactory(code="ZR", kind="committee"), employee_no="Z-9")
    header = ["主办组织编码", "论坛场次编码", "发布人工号", "发布题目", "成果简介", "顺序"]
    rows = [
        header,
        ["ROOT", "LT-1", company["person_a"].employee_no, "新题目", "简介", "1"],
        ["ROOT", "LT-1", company["person_b"].employee_no, "发电支部工作法", "", "2"],
    ]
    client.force_login(office)
    job = _run(client, "forum-presenters", rows, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert sorted(Presentation.objects.values_list("title", "order")) == [("发电支部工作法", 2), ("新题目", 1)]
    bad = [
        header,
        ["ROOT", "LT-1", outsider.employee_no, "x", "", "1"],
        ["ROOT", "NOSUCH", company["person_a"].employee_no, "x", "", "1"],
    ]
    job = _run(client, "forum-presenters", bad, django_capture_on_commit_callbacks)
    assert job.status != ImportJob.Status.READY and len(job.errors) == 2


def test_columns_import_is_the_offices(client, company, office, django_capture_on_commit_callbacks):
    rows = [["组织编码", "专栏名称", "说明", "顺序"], ["ROOT", "公司要闻", "要闻", "1"], ["ROOT", "基层动态", "", "2"]]
    client.force_login(office)
    job = _run(client, "news-columns", rows, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    assert sorted(Column.objects.values_list("name", "order")) == [("公司要闻", 1), ("基层动态", 2)]
    secretary = account_with_role("secretary", company["branch_a"], username="imp_sec")
    client.force_login(secretary)
    job = _run(client, "news-columns", rows, django_capture_on_commit_callbacks)
    assert job is None or job.status != ImportJob.Status.READY


def test_presenters_import_links_a_drill_session_by_date_and_topic(
    client, company, office, django_capture_on_commit_callbacks
):
    from dangjian.talent.models import Drill

    session = services.forum_save(
        actor=SYSTEM, org=company["root"], kind="innovation", code="CX-1", title="论坛", held_on=dt.date(2025, 6, 1)
    )
    drill = Drill.objects.create(org=company["branch_a"], topic="槽况判断练兵", held_on=dt.date(2025, 5, 20))
    other = PartyOrgFactory(code="ZR2", kind="committee")
    Drill.objects.create(org=other, topic="他司练兵", held_on=dt.date(2025, 5, 20))
    header = ["主办组织编码", "论坛场次编码", "发布人工号", "发布题目", "成果简介", "顺序", "课后练兵"]
    number = company["person_a"].employee_no
    client.force_login(office)
    bad = [
        header,
        ["ROOT", "CX-1", number, "x", "", "1", "2025-05-20 他司练兵"],
        ["ROOT", "CX-1", company["person_b"].employee_no, "y", "", "2", "五月练兵"],
    ]
    job = _run(client, "forum-presenters", bad, django_capture_on_commit_callbacks)
    assert job.status != ImportJob.Status.READY and len(job.errors) == 2
    rows = [header, ["ROOT", "CX-1", number, "练兵成果", "", "1", "2025-05-20 槽况判断练兵"]]
    job = _run(client, "forum-presenters", rows, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    assert Presentation.objects.get(session=session).drill == drill
