"""The archive's sources beside the meeting records (issue #20): the annual compilation (boards), the locked monthly
assessment sheets (assessment) and the closed dues months (dues). On the matrix world with the archive's default
categories, one of each in BA and in BB for SOURCE_YEAR: filing a year files each once, under its category, by
the right org; filing a branch files only that branch's; the year's zip holds the rendered documents."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from openpyxl import load_workbook

from dangjian.archive import services
from dangjian.archive.documents import build_zip, document
from dangjian.archive.models import Item
from dangjian.core.services import SYSTEM
from tests.matrix.runner import base_world

SOURCE_YEAR = 2024
SOURCES = {"boards.compilation": "PROJECT", "assessment.sheet": "ASSESS", "dues.month": "DUES"}


def extend(world, tmp_path) -> dict:
    from dangjian.affairs.dues.models import Reconciliation
    from dangjian.assessment import services as assessment
    from dangjian.assessment.models import Period, Sheet
    from dangjian.projects.boards.models import CompilationJob

    root = world["root"]
    services.categories_load_defaults(actor=SYSTEM, company=root)
    orgs = {"BA": world["branch_a"], "BB": world["branch_b"]}
    office = world["users"]["party_office"]
    template = assessment.template_create(actor=SYSTEM, org=root, year=SOURCE_YEAR, name="归档测试考核细则")
    assessment.item_upsert(
        actor=SYSTEM, template=template, category_name="组织建设", code="A1", title="三会一课", max_points=Decimal(10)
    )
    period = assessment.period_open(actor=SYSTEM, template=template, month=dt.date(SOURCE_YEAR, 3, 1))
    Sheet.objects.filter(period=period).update(status="locked", party_score=Decimal(90), total=Decimal(90), rank=1)
    Period.objects.filter(pk=period.pk).update(status="locked")
    # an open month's sheets are not final: not filed
    assessment.period_open(actor=SYSTEM, template=template, month=dt.date(SOURCE_YEAR, 4, 1))
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        for code, org in orgs.items():
            for n in (1, 2):  # a second, later book of the same org and year replaces the first
                job = CompilationJob.objects.create(
                    org=org, year=SOURCE_YEAR, requested_by=office, status="done", progress=100, projects=n
                )
                job.pdf.save("book.pdf", ContentFile(f"%PDF-1.4 {code} book {n}".encode()), save=False)
                job.finished_at = dt.datetime(SOURCE_YEAR, 12, n, tzinfo=dt.UTC)
                job.save()
            Reconciliation.objects.create(
                org=org,
                month=dt.date(SOURCE_YEAR, 5, 1),
                members=0,
                expected=Decimal(0),
                paid=Decimal(0),
                extra=Decimal(0),
                arrears=Decimal(0),
            )
        CompilationJob.objects.create(org=orgs["BA"], year=SOURCE_YEAR, requested_by=office, status="failed")
    return {**world, "orgs": orgs, "media": tmp_path, "period": period}


world = base_world(extend)


@pytest.fixture(autouse=True)
def media(world):
    with override_settings(MEDIA_ROOT=str(world["media"])):
        yield


def _filed(**where):
    return Item.objects.filter(kind="filed", year=SOURCE_YEAR, source__in=SOURCES, **where)


def test_filing_a_branch_files_its_own_once_under_each_category(db, world):
    office = world["users"]["party_office"]
    counts = services.file_year(actor=office, org=world["orgs"]["BA"], year=SOURCE_YEAR)
    assert counts["filed"] == 3 and counts["skipped"] == 0
    filed = _filed()
    assert sorted(filed.values_list("source", "category__code", "org__code")) == sorted(
        (source, category, "BA") for source, category in SOURCES.items()
    )
    book = filed.get(source="boards.compilation")
    assert "2024年度党建+X项目汇编" in book.title and document(book).content.endswith(b"BA book 2")
    assert services.file_year(actor=office, org=world["orgs"]["BA"], year=SOURCE_YEAR) == {
        "filed": 0,
        "updated": 0,
        "skipped": 0,
    }
    # the company's run adds BB's and nothing twice
    assert services.file_year(actor=office, org=world["root"], year=SOURCE_YEAR)["filed"] >= 3
    assert sorted(_filed(org__code="BB").values_list("source", flat=True)) == sorted(SOURCES)
    assert _filed(org__code="BA").count() == 3
    assert not _filed(source="assessment.sheet", title__contains="-04 ").exists()  # the open month


def test_another_year_files_none_of_them(db, world):
    services.file_year(actor=SYSTEM, org=world["root"], year=SOURCE_YEAR + 1)
    assert not Item.objects.filter(source__in=SOURCES).exists()


def test_the_zip_holds_the_rendered_documents(db, world):
    services.file_year(actor=SYSTEM, org=world["orgs"]["BB"], year=SOURCE_YEAR)
    items = list(_filed(org__code="BB").select_related("category", "org").order_by("category__order", "id"))
    with zipfile.ZipFile(io.BytesIO(build_zip(items))) as packed:
        names = packed.namelist()
        by_folder = {n.split("/", 1)[0]: n for n in names if "/" in n}
        assert set(by_folder) == {"50-党费收缴", "60-党建+X项目", "70-考核评比"}
        assert packed.read(by_folder["60-党建+X项目"]) == b"%PDF-1.4 BB book 2"
        assert packed.read(by_folder["70-考核评比"]).startswith(b"%PDF")
        dues = load_workbook(io.BytesIO(packed.read(by_folder["50-党费收缴"]))).active
    assert by_folder["50-党费收缴"].endswith(".xlsx")
    rows = list(dues.iter_rows(values_only=True))
    assert rows[0][0] == "工号" and any(r[0] == "合计" for r in rows)
