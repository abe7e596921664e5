"""The production-unit import (生产单位): a whole tree in one file, a top-level unit for the company's office only,
codes of another company refused, the template downloadable; and the org import's empty parent."""

import pytest
from django.urls import reverse

from dangjian.core.models import ImportJob
from dangjian.org.models import OrgUnitLink, PartyOrg, Unit
from tests.core.imports_support import (
    confirm,
    csv_bytes,
    last_job,
    messages_of,
    private_media,  # noqa: F401 - fixture
    upload,
)
from tests.factories import PartyOrgFactory, UnitFactory

HEADER = ["单位编码", "单位名称", "单位类别", "上级单位编码", "排序"]

pytestmark = pytest.mark.usefixtures("private_media")


def test_office_imports_a_unit_tree_with_a_new_plant(client, office, company, django_capture_on_commit_callbacks):
    rows = [
        HEADER,
        ["CO", "旗能电铝有限公司", "公司", "", 0],
        ["P2", "二厂", "公司", "", 1],
        ["W2", "电解二车间", "车间", "P2", 1],
        ["T2", "电解二车间一班", "班组", "W2", 1],
        ["S2", "甲班横大班", "横大班", "T2", 1],
    ]
    client.force_login(office)
    upload(client, "units", "units.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.summary["create"], job.summary["update"]) == (4, 1)
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert Unit.objects.get(code="CO").name == "旗能电铝有限公司"
    plant = Unit.objects.get(code="P2")
    assert OrgUnitLink.objects.filter(org=company["root"], unit=plant).exists()
    assert Unit.objects.get(code="S2").path.startswith(plant.path)


def test_a_secretary_cannot_import_units(client, secretary_a, company):
    client.force_login(secretary_a)
    assert client.get(reverse("core:import_new", args=["units"])).status_code in (403, 404)


def test_codes_of_another_company_and_moves_are_refused(client, office, company, django_capture_on_commit_callbacks):
    other = UnitFactory(code="ZU", kind="company")
    OrgUnitLink.objects.create(org=PartyOrgFactory(code="ZR", kind="committee"), unit=other)
    rows = [
        HEADER[:4],
        ["ZU", "中州", "公司", ""],
        ["W1", "电解一车间", "车间", "ZZZ"],
        ["X1", "x", "车间", "CO"],
        ["CO", "旗能电铝", "公司", "X1"],
    ]
    client.force_login(office)
    upload(client, "units", "units.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert [e["row"] for e in job.errors] == [2, 3, 5]
    assert [e["column"] for e in job.errors] == ["单位编码", "上级单位编码", "上级单位编码"]
    assert "ZU" in messages_of(job)[0] and "CO" in messages_of(job)[2]
    assert Unit.objects.get(code="ZU").name == other.name


def test_units_template_downloads(client, office, company):
    client.force_login(office)
    response = client.get(reverse("core:import_template", kwargs={"kind": "units", "fmt": "xlsx"}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_org_import_empty_parent_updates_the_company_committee_only(
    client, office, company, django_capture_on_commit_callbacks
):
    rows = [
        ["组织编码", "组织名称", "组织类别", "上级组织编码"],
        ["ROOT", "公司党委（全称）", "党委", ""],
        ["NEW", "x", "党支部", ""],
    ]
    client.force_login(office)
    upload(client, "orgs", "orgs.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "上级组织编码")]
    rows.pop()
    upload(client, "orgs", "orgs.csv", csv_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    assert PartyOrg.objects.get(code="ROOT").name == "公司党委（全称）"
