"""The indicator-catalogue import (指标目录): the party office of the company adds and updates its indicators from a
sheet — ratios and weighted averages wired to sums created in rows above, a reimport updating by code, the roll-up
rules and the company boundary checked per row, each change audited; nobody else may use it."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.core.imports import get_kind
from dangjian.core.models import AuditLog, ImportJob
from dangjian.indicators.models import Indicator
from tests.core.imports_support import (
    confirm,
    csv_bytes,
    last_job,
    messages_of,
    private_media,  # noqa: F401 - fixture
    upload,
    xlsx_bytes,
)
from tests.factories import OrgUnitLinkFactory, PartyOrgFactory, UnitFactory, account_with_role
from tests.indicators.conftest import IndicatorFactory, IndicatorValueFactory

D = Decimal
HEADER = [
    "指标编码",
    "指标名称",
    "计量单位",
    "类别",
    "方向",
    "数据周期",
    "汇总方式",
    "权重指标编码",
    "分子指标编码",
    "分母指标编码",
    "比值系数",
    "行业标杆值",
    "责任单位编码",
    "关键指标",
]
pytestmark = pytest.mark.usefixtures("private_media")


def run(client, user, rows, capture, fmt="xlsx"):
    client.force_login(user)
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    upload(client, "indicators", f"catalogue.{fmt}", content, capture)
    return last_job()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_office_imports_a_catalogue_with_a_ratio_and_a_weighted_average(
    client, company, office, django_capture_on_commit_callbacks, fmt
):
    rows = [
        HEADER,
        ["AL", "原铝产量", "t", "产量", "越高越好", "日", "求和", "", "", "", "", "1000", "W1", "是"],
        ["DC", "直流电量", "kWh", "能耗", "越低越好", "日", "求和", "", "", "", "", "", "W1", "否"],
        ["DCU", "吨铝直流电耗", "kWh/t-Al", "能耗", "越低越好", "日", "比值", "", "DC", "AL", "1", "12800", "", ""],
        ["EFF", "电流效率", "%", "质量", "越高越好", "日", "加权平均", "AL", "", "", "", "93.5", "W1", "是"],
    ]
    job = run(client, office, rows, django_capture_on_commit_callbacks, fmt)
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.summary["create"] == 4
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    by_code = {i.code: i for i in Indicator.objects.select_related("numerator", "denominator", "weight")}
    assert set(by_code) == {"AL", "DC", "DCU", "EFF"}
    assert all(i.company == company["root"] for i in by_code.values())
    dcu, eff, al = by_code["DCU"], by_code["EFF"], by_code["AL"]
    assert (dcu.rollup, dcu.numerator.code, dcu.denominator.code, dcu.factor) == ("ratio", "DC", "AL", D(1))
    assert (eff.rollup, eff.weight.code, eff.benchmark, eff.key) == ("weighted_avg", "AL", D("93.5"), True)
    assert (al.direction, al.category, al.granularity, al.owner_unit, al.key) == (
        "higher",
        "output",
        "day",
        company["workshop"],
        True,
    )
    assert by_code["DC"].direction == "lower" and by_code["DC"].key is False
    created = AuditLog.objects.filter(object_type="indicators.indicator", action="create", actor=office)
    assert created.count() == 4


def test_a_reimport_updates_by_code_and_leaves_the_same_rows_alone(
    client, company, office, django_capture_on_commit_callbacks
):
    IndicatorFactory(code="AL", name="原铝产量", unit_of_measure="t", category="output", benchmark=D(1000))
    IndicatorFactory(code="DC", name="直流电量", unit_of_measure="kWh", category="energy", direction="lower")
    rows = [
        ["指标编码", "指标名称", "计量单位", "数据周期", "行业标杆值", "关键指标", "启用"],
        ["AL", "原铝产量", "t", "日", "1000", "否", "是"],  # as stored
        ["DC", "直流电量（整流）", "kWh", "日", "", "是", "否"],  # renamed, key, retired
    ]
    job = run(client, office, rows, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.READY, job.errors
    assert (job.summary["update"], job.summary["unchanged"]) == (1, 1)
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    dc = Indicator.objects.get(code="DC")
    assert (dc.name, dc.key, dc.active, dc.direction) == ("直流电量（整流）", True, False, "lower")
    change = AuditLog.objects.get(object_type="indicators.indicator", action="update")
    assert change.before["name"] == "直流电量" and change.after["active"] is False
    assert Indicator.objects.get(code="AL").benchmark == D(1000)


def test_bad_rows_are_each_named_and_nothing_is_written(
    client, company, office, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    out = IndicatorFactory(code="OUT", name="铝产量")
    IndicatorValueFactory(indicator=out, unit=company["workshop"], period_start="2024-03-01", value=D(1))
    other = PartyOrgFactory(code="ZROOT", name="中州铝业公司党委", kind="committee")
    OrgUnitLinkFactory(org=other, unit=UnitFactory(code="ZCO", name="中州铝业", kind="company"))
    Indicator.objects.create(code="ZOUT", name="中州产量", granularity="day", company=other)
    rows = [
        ["指标编码", "指标名称", "计量单位", "数据周期", "汇总方式", "权重指标编码", "分子指标编码", "分母指标编码"],
        ["GOOD", "好指标", "t", "日", "求和", "", "", ""],
        ["EFF", "电流效率", "%", "日", "平均", "", "", ""],  # a rate by a plain average
        ["R", "比值", "t/t", "日", "比值", "", "OUT", ""],  # a ratio without a denominator
        ["W", "加权", "%", "日", "加权平均", "NOPE", "", ""],  # an unknown weighting indicator
        ["OUT", "铝产量", "t", "月", "求和", "", "", ""],  # has values: its granularity is fixed
        ["ZOUT", "抢编码", "t", "日", "求和", "", "", ""],  # another company's code
        ["GOOD", "重复", "t", "日", "求和", "", "", ""],  # a code twice
        ["M", "月度", "t", "周", "求和", "", "", ""],  # no such granularity
        ["X", "分子来自外公司", "t/t", "日", "比值", "", "ZOUT", "OUT"],  # another company's indicator is unknown
    ]
    job = run(client, office, rows, django_capture_on_commit_callbacks, fmt="csv")
    assert job.status == ImportJob.Status.INVALID
    assert sorted({e["row"] for e in job.errors}) == [3, 4, 5, 6, 7, 8, 9, 10]
    text = " ".join(messages_of(job))
    assert "plain average" in text and "denominator" in text and "NOPE" in text
    assert "already has values" in text and "another company" in text and "row 2" in text
    assert not Indicator.objects.filter(code__in=["GOOD", "EFF", "R", "W", "M", "X"]).exists()
    assert Indicator.objects.get(code="OUT").granularity == "day"


def test_only_the_company_office_may_import_the_catalogue(company, office, secretary_a, client):
    kind = get_kind("indicators")
    assert kind.allowed(office)
    team_leader = account_with_role("team_leader", company["branch_a"], username="tl")
    # Secretaries and team leaders import values and targets, never the catalogue: the kind is not offered.
    assert not kind.allowed(secretary_a) and not kind.allowed(team_leader)
    client.force_login(secretary_a)
    assert client.get(reverse("core:import_new", args=["indicators"])).status_code in (403, 404)
    assert client.get(reverse("core:import_template", args=["indicators", "xlsx"])).status_code in (403, 404)


def test_the_template_imports_and_explains_itself_in_chinese(
    client, company, office, django_capture_on_commit_callbacks
):
    from tests.demo.crawl import _Page, latin_words

    client.force_login(office)
    content = client.get(reverse("core:import_template", args=["indicators", "xlsx"])).content
    upload(client, "indicators", "template.xlsx", content, django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.total_rows == 1
    chinese = Client()
    chinese.force_login(office)
    response = chinese.get(reverse("core:import_new", args=["indicators"]))
    assert response.status_code == 200
    page = _Page()
    page.feed(response.content.decode())
    assert latin_words(" ".join(page.text), {office.username.lower()}) == []
    body = response.content.decode()
    assert "加权平均" in body and "越低越好" in body and "汇总方式" in body


def test_the_catalogue_page_offers_the_import_to_the_office_only(client, company, office, secretary_a):
    client.force_login(office)
    assert 'data-testid="import-catalogue"' in client.get(reverse("indicators:catalogue")).content.decode()
    client.force_login(secretary_a)
    assert 'data-testid="import-catalogue"' not in client.get(reverse("indicators:catalogue")).content.decode()
