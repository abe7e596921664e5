import datetime as dt

import pytest
from django.urls import reverse

from dangjian.core.models import AuditLog, ImportJob
from dangjian.org.models import PartyOrg
from tests.core.imports_support import (
    confirm,
    csv_bytes,
    last_job,
    messages_of,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)
from tests.factories import UnitFactory, account_with_role

HEADER = [
    "组织编码",
    "组织名称",
    "组织类别",
    "上级组织编码",
    "成立日期",
    "本届开始日期",
    "本届届满日期",
    "覆盖单位编码",
]

pytestmark = pytest.mark.usefixtures("private_media")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_office_imports_a_new_subtree_and_updates_a_branch(
    client, office, company, django_capture_on_commit_callbacks, fmt
):
    crew = UnitFactory(code="C1", name="甲班", kind="shift_crew", parent=company["workshop"])
    rows = [
        HEADER,
        ["B7", "电解二车间党支部", "党支部", "ROOT", dt.date(2019, 7, 1), "2024/1/1", "2027-01-01", "W1"],
        ["G7", "电解二车间甲班党小组", "党小组", "B7", "", "", "", "C1"],
        ["BA", "电解一车间党支部（新）", "branch", "ROOT", "", "", "", "W1、C1"],
    ]
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    client.force_login(office)

    upload(client, "orgs", f"orgs.{fmt}", content, django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.summary["create"], job.summary["update"]) == (2, 1)
    assert not PartyOrg.objects.filter(code="B7").exists()

    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    b7 = PartyOrg.objects.get(code="B7")
    assert (b7.parent, b7.founded_on, b7.term_start) == (company["root"], dt.date(2019, 7, 1), dt.date(2024, 1, 1))
    assert list(b7.units.all()) == [company["workshop"]]
    g7 = PartyOrg.objects.get(code="G7")
    assert g7.parent == b7 and g7.path.startswith(b7.path) and list(g7.units.all()) == [crew]
    branch_a = PartyOrg.objects.get(code="BA")
    assert branch_a.name == "电解一车间党支部（新）" and branch_a.term_start is None  # a present empty cell clears
    assert set(branch_a.units.values_list("code", flat=True)) == {"W1", "C1"}
    assert AuditLog.objects.filter(action="import", object_id=str(job.pk)).count() == 1


def test_parent_must_exist_or_come_above(client, office, company, django_capture_on_commit_callbacks):
    rows = [
        HEADER[:4],
        ["G8", "党小组", "党小组", "B8"],
        ["B8", "支部", "党支部", "ROOT"],
        ["X1", "支部", "党支部", "NONE"],
    ]
    client.force_login(office)
    upload(client, "orgs", "orgs.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "上级组织编码"), (4, "上级组织编码")]
    assert PartyOrg.objects.count() == 4


def test_model_rules_and_duplicates(client, office, company, django_capture_on_commit_callbacks):
    rows = [
        HEADER[:4] + ["本届开始日期", "本届届满日期"],
        ["B9", "支部", "党支部", "GA", "", ""],  # a group cannot contain orgs
        ["B9", "又一个", "党支部", "ROOT", "", ""],
        ["G9", "小组", "党小组", "ROOT", "", ""],  # a group sits inside a branch
        ["B10", "支部", "党支部", "ROOT", "2024-01-01", "2023-01-01"],
    ]
    client.force_login(office)
    upload(client, "orgs", "orgs.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (2, "上级组织编码"),
        (3, "组织编码"),
        (4, "上级组织编码"),
        (5, "本届届满日期"),
    ]
    assert PartyOrg.objects.count() == 4


def test_top_level_org_needs_a_company_wide_grant(client, office, company, django_capture_on_commit_callbacks):
    client.force_login(office)  # party office over ROOT's subtree, not the whole system
    upload(
        client,
        "orgs",
        "orgs.csv",
        csv_bytes([HEADER[:4], ["R2", "新党委", "党委", ""]]),
        django_capture_on_commit_callbacks,
    )
    job = last_job()
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "上级组织编码")]


def test_office_of_a_subtree_cannot_import_elsewhere(client, company, django_capture_on_commit_callbacks):
    office_a = account_with_role("party_office", company["branch_a"])
    rows = [
        HEADER[:4],
        ["B11", "支部", "党支部", "BB"],
        ["BB", "改名", "党支部", "ROOT"],
        ["G11", "小组", "党小组", "BA"],
    ]
    client.force_login(office_a)
    upload(client, "orgs", "orgs.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "上级组织编码"), (3, "组织编码")]
    assert "发电党支部" in messages_of(job)[0]
    assert not PartyOrg.objects.filter(code__in=["B11", "G11"]).exists()
    assert PartyOrg.objects.get(code="BB").name == "发电党支部"


def test_secretary_cannot_import_orgs(client, secretary_a):
    client.force_login(secretary_a)
    assert client.get(reverse("core:import_new", args=["orgs"])).status_code == 403
    assert b"orgs" not in client.get(reverse("core:imports")).content


def test_the_committee_row_keeps_the_company_units(client, office, company, django_capture_on_commit_callbacks):
    """The committee's own row adds its term; an empty 覆盖单位编码 there would take every unit out of the company
    (a company is its committee and the units the committee covers), so it is refused with a sentence to act on."""
    client.force_login(office)
    rows = [HEADER, ["ROOT", company["root"].name, "党委", "", "", "2022-06-20", "2027-06-19", ""]]
    upload(client, "orgs", "orgs.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "覆盖单位编码")]
    assert "公司党委须覆盖本公司的生产单位" in messages_of(job)[0]

    rows[1][-1] = company["unit"].code
    upload(client, "orgs", "orgs.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    root = PartyOrg.objects.get(code="ROOT")
    assert root.term_end == dt.date(2027, 6, 19) and list(root.units.all()) == [company["unit"]]
