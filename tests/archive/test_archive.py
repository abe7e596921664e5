"""The archive end to end on the matrix world (tests/archive/matrix.py: default categories, a meeting record filed
in BA and BB for 2025, a paper record in each): filing is idempotent and needs categories, the office's categories
(defaults, create, edit, retire), uploads and paper records (page, API, Excel import), the shelf and its pages with
bounded query counts, search, the box labels PDF, the year's zip with its index, the catalogue export."""

import base64
import datetime as dt
import io
import zipfile

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.archive import selectors, services
from dangjian.archive.documents import INDEX_NAME
from dangjian.archive.models import Category, Item, ZipJob
from dangjian.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from tests.archive import matrix
from tests.core.imports_support import confirm, last_job, upload, xlsx_bytes
from tests.matrix.runner import base_world, signed_in

YEAR = matrix.YEAR
world = base_world(matrix.extend)


@pytest.fixture(autouse=True)
def media(world):
    with override_settings(MEDIA_ROOT=str(world["media"])):
        yield


def _office(world):
    return world["users"]["party_office"]


def test_filing_is_idempotent_and_files_by_org_year_and_category(db, world):
    root = world["root"]
    filed = Item.objects.filter(kind="filed", year=YEAR)
    assert sorted(filed.values_list("org__code", "category__code", "source")) == [
        ("BA", "LIFE", "meetings.record"),
        ("BB", "LIFE", "meetings.record"),
    ]
    assert filed.get(org__code="BA").title.startswith(f"{YEAR}-03-10 ")
    again = services.file_year(actor=_office(world), org=root, year=YEAR)
    assert again == {"filed": 0, "updated": 0, "skipped": 0}
    matrix.meeting(world["branch_a"], "第二次专题支委会", dt.date(YEAR, 5, 6))
    assert services.file_year(actor=_office(world), org=world["branch_a"], year=YEAR)["filed"] == 1
    assert AuditLog.objects.filter(object_type="archive.item", object_id=str(world["branch_a"].pk)).exists()
    with pytest.raises(NotPermitted):
        services.file_year(actor=world["users"]["secretary"], org=world["branch_a"], year=YEAR)


def test_the_nightly_task_files_what_is_new(db, world):
    from dangjian.archive.tasks import archive_file_nightly

    matrix.meeting(world["branch_b"], "夜间归档测试支委会", dt.date(YEAR, 9, 9))
    assert archive_file_nightly.call_local() == 1
    assert Item.objects.filter(title__contains="夜间归档测试支委会", org__code="BB", category__code="LIFE").exists()
    assert archive_file_nightly.call_local() == 0


def test_filing_without_categories_says_what_to_do(db, world):
    Category.objects.filter(company=world["root"]).update(active=False)
    with pytest.raises(InvalidInput) as refused:
        services.file_year(actor=SYSTEM, org=world["root"], year=YEAR)
    assert "category" in refused.value.errors


def test_categories_defaults_create_edit_retire(db, world):
    office = _office(world)
    assert services.categories_load_defaults(actor=office, company=world["root"]) == 0  # loaded by the world
    assert Category.objects.filter(company=world["root"]).count() == 9
    made = services.category_create(
        actor=office, company=world["root"], code="honor", name="荣誉", retention="permanent"
    )
    assert made.code == "HONOR"
    with pytest.raises(Conflict):
        services.category_create(actor=office, company=world["root"], code="HONOR", name="再来", retention="10y")
    with pytest.raises(InvalidInput):
        services.category_update(actor=office, category=made, retention="forever")
    services.category_update(actor=office, category=made, retention="30y", name="荣誉表彰")
    services.category_retire(actor=office, category=made)
    made.refresh_from_db()
    assert (made.name, made.retention, made.active) == ("荣誉表彰", "30y", False)
    with pytest.raises(NotPermitted):
        services.category_create(
            actor=world["users"]["secretary"], company=world["root"], code="X", name="x", retention="10y"
        )
    client = signed_in(world, "party_office")
    page = client.post(reverse("archive:categories"), {"code": "HONOR", "name": "重复", "retention": "10y", "order": 5})
    assert page.status_code == 400 and "already has a category" in page.content.decode()
    page = client.post(
        reverse("archive:category_edit", args=[made.pk]),
        {"code": "HONOR", "name": "荣誉", "retention": "long", "order": 5},
    )
    assert page.status_code == 302
    assert signed_in(world, "secretary").get(reverse("archive:category_edit", args=[made.pk])).status_code == 403


def test_defaults_load_in_one_click_on_an_empty_company(db, world):
    from tests.factories import PartyOrgFactory, account_with_role

    other = PartyOrgFactory(code="NEWCO", name="新公司党委", kind="committee")
    office = account_with_role("party_office", other, username="new_office")
    client = signed_in({"users": {"x": office}}, "x")
    page = client.get(reverse("archive:categories"))
    assert page.status_code == 200 and 'data-testid="archive-defaults"' in page.content.decode()
    assert client.post(reverse("archive:categories_defaults")).status_code == 302
    assert Category.objects.filter(company=other).count() == 9
    setup = client.get(reverse("setup"))
    assert (
        "archive:categories" not in setup.content.decode() and reverse("archive:categories") in setup.content.decode()
    )


def test_upload_and_paper_record_and_their_refusals(db, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    secretary = signed_in(world, "secretary")
    category = Category.objects.get(company=world["root"], code="ORG")
    data = {"org": "BA", "category": category.pk, "year": YEAR, "title": "上级党委批复（扫描件）", "text": "批复 换届"}
    response = secretary.post(reverse("archive:add"), {**data, "file": SimpleUploadedFile("pifu.pdf", b"%PDF-1.4 x")})
    assert response.status_code == 302
    item = Item.objects.get(title="上级党委批复（扫描件）")
    assert (item.kind, item.org.code, item.file_name) == ("upload", "BA", "pifu.pdf")
    download = secretary.get(reverse("archive:item_file", args=[item.pk]))
    assert download.status_code == 200 and download.content == b"%PDF-1.4 x"
    bad = secretary.post(reverse("archive:add"), {**data, "file": SimpleUploadedFile("run.exe", b"MZ")})
    assert bad.status_code == 400 and "Upload a PDF" in bad.content.decode()
    outside = secretary.post(reverse("archive:add"), {**data, "org": "BB"})
    assert outside.status_code == 400  # BB is not a choice for BA's secretary
    paper = secretary.post(reverse("archive:add"), {**data, "title": "换届选举纸质材料", "box_no": "2025-ORG-01"})
    assert paper.status_code == 302 and Item.objects.get(title="换届选举纸质材料").kind == "paper"
    # the API: a paper record and a base64 file
    api = signed_in(world, "party_office")
    made = api.post(
        reverse("api:archive_item_create"),
        {"org": "BB", "year": YEAR, "category": "org", "title": "API纸质档案", "box_no": "B-9"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["file_url"] is None
    made = api.post(
        reverse("api:archive_item_create"),
        {
            "org": "BB",
            "year": YEAR,
            "category": "ORG",
            "title": "API文件",
            "file_name": "a.txt",
            "content_base64": base64.b64encode("通知正文".encode()).decode(),
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    got = api.get(made.json()["file_url"])
    assert got.status_code == 200 and got.content == "通知正文".encode()
    wrong = api.post(
        reverse("api:archive_item_create"),
        {"org": "BB", "year": YEAR, "category": "NOPE", "title": "x"},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and "category" in wrong.json()["errors"]


def test_edit_and_retire_an_item(db, world):
    item = world["items"]["BA"]
    office = signed_in(world, "party_office")
    changed = office.put(
        reverse("api:archive_item_update", kwargs={"item_id": item.pk}),
        {"title": "安全生产专题支委会记录", "box_no": "2025-LIFE-03"},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["box_no"] == "2025-LIFE-03"
    page = office.post(
        reverse("archive:item", args=[item.pk]),
        {
            "category": Category.objects.get(company=world["root"], code="ORG").pk,
            "year": YEAR,
            "title": "改类别",
        },
    )
    assert page.status_code == 302
    assert office.post(reverse("archive:item_retire", args=[item.pk])).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.category.code, item.active) == ("改类别", "ORG", False)
    # retired items are out of the shelf, and filing does not bring them back
    assert item not in selectors.items(user=_office(world), org=world["root"], year=YEAR)
    assert services.file_year(actor=SYSTEM, org=world["root"], year=YEAR)["filed"] == 0
    assert signed_in(world, "secretary").post(reverse("archive:item", args=[item.pk]), {}).status_code == 403


def test_search_by_title_and_text(db, world):
    office = _office(world)
    assert [i.title for i in selectors.search(user=office, q="节能降耗")] != []  # in the minutes (text)
    assert {i.org.code for i in selectors.search(user=office, q="专题支委会")} == {"BA", "BB"}
    assert [i.org.code for i in selectors.search(user=world["users"]["secretary"], q="专题支委会")] == ["BA"]
    assert selectors.search(user=office, q="专题 不存在的词") == []
    page = signed_in(world, "secretary").get(reverse("archive:search"), {"q": "安全生产"})
    assert "安全生产专题支委会" in page.content.decode()


def test_box_labels_pdf(db, world):
    rows = selectors.labels(user=_office(world), org=world["branch_a"], year=YEAR)
    assert [(r["category"].code, r["box_no"]) for r in rows] == [("LIFE", f"{YEAR}-020"), ("OTHER", "B-1")]
    response = signed_in(world, "secretary").get(reverse("archive:labels"), {"org": "BA", "year": YEAR})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_year_zip_with_index(db, world, django_capture_on_commit_callbacks):
    client = signed_in(world, "party_office")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("archive:zip_request"), {"org": "ROOT", "year": YEAR})
    job = ZipJob.objects.order_by("-id").first()
    assert response.status_code == 302 and response["Location"] == reverse("archive:zip", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.progress, job.items) == ("done", 100, 4)
    page = client.get(reverse("archive:zip", args=[job.pk]))
    assert 'data-testid="zip-download"' in page.content.decode()
    download = client.get(reverse("archive:zip_file", args=[job.pk]))
    content = b"".join(download.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as packed:
        names = packed.namelist()
        index = load_workbook(io.BytesIO(packed.read(INDEX_NAME))).active
        rows = list(index.iter_rows(values_only=True))
    assert INDEX_NAME in names
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) == 2 and all(n.startswith("20-组织生活/") for n in pdfs)
    assert rows[0][:4] == ("序号", "类别", "保管期限", "题名") and len(rows) == 5
    assert {r[7] for r in rows[1:]} == {"filed by the system", "paper record"} or {r[7] for r in rows[1:]} == {
        "系统归档",
        "纸质档案",
    }
    assert any(r[8] == "B-1" for r in rows[1:])  # a paper record: in the index with its box


def test_zip_api_and_secretary_reach(db, world, django_capture_on_commit_callbacks):
    client = signed_in(world, "secretary")
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(
            reverse("api:archive_zip_request"), {"org": "BA", "year": YEAR}, content_type="application/json"
        )
    assert made.status_code == 202
    polled = client.get(reverse("api:archive_zip", kwargs={"zip_id": made.json()["id"]})).json()
    assert polled["status"] == "done" and polled["items"] == 2 and polled["download_url"]
    refused = client.post(
        reverse("api:archive_zip_request"), {"org": "BB", "year": YEAR}, content_type="application/json"
    )
    assert refused.status_code == 404


def test_catalogue_export(db, world):
    response = signed_in(world, "party_office").get(reverse("archive:export"), {"org": "ROOT", "year": YEAR})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "题名" and len(rows) == 5


def test_paper_catalogue_import(db, world, django_capture_on_commit_callbacks):
    client = signed_in(world, "party_office")
    content = xlsx_bytes(
        [
            ["组织代码", "年度", "类别", "题名", "日期", "盒号", "关键词"],
            ["BA", YEAR, "组织生活", "2025年第一季度党员大会记录", "2025-03-28", "2025-LIFE-01", "党员大会"],
            ["BB", YEAR, "ORG", "换届选举批复", "2025-06-01", "2025-ORG-01", ""],
            ["BA", YEAR, "不存在", "错行", "", "", ""],
        ]
    )
    upload(client, "archive-paper", "paper.xlsx", content, django_capture_on_commit_callbacks)
    job = last_job()
    assert any("不存在" in e["message"] for e in job.errors)
    content = xlsx_bytes(
        [
            ["组织代码", "年度", "类别", "题名", "日期", "盒号"],
            ["BA", YEAR, "组织生活", "2025年第一季度党员大会记录", "2025-03-28", "2025-LIFE-01"],
            ["BB", YEAR, "ORG", "换届选举批复", "2025-06-01", "2025-ORG-01"],
        ]
    )
    upload(client, "archive-paper", "paper.xlsx", content, django_capture_on_commit_callbacks)
    confirm(client, last_job(), django_capture_on_commit_callbacks)
    assert set(
        Item.objects.filter(kind="paper", box_no__startswith="2025-").values_list("org__code", "category__code")
    ) == {("BA", "LIFE"), ("BB", "ORG")}


def test_another_company_is_not_found(db, world):
    from tests.factories import PartyOrgFactory, account_with_role

    other = PartyOrgFactory(code="ZZ", name="他司党委", kind="committee")
    stranger = account_with_role("party_office", other, username="z_archive")
    with pytest.raises(NotFound):
        selectors.item_get(user=stranger, pk=world["items"]["BA"].pk)
    with pytest.raises(NotFound):
        selectors.visible_org(user=stranger, code="BA")
    with pytest.raises(NotFound):
        selectors.category_get(user=stranger, pk=world["category"].pk)
    with pytest.raises(NotPermitted):
        services.file_year(actor=stranger, org=world["root"], year=YEAR)


@pytest.mark.parametrize(
    ("name", "query", "bound"),
    [
        ("archive:index", {"org": "ROOT", "year": YEAR}, 12),
        ("archive:search", {"q": "支委会"}, 6),
        ("archive:categories", {}, 7),
        ("archive:add", {}, 8),
    ],
)
def test_page_query_counts_do_not_grow_with_rows(db, world, django_assert_max_num_queries, name, query, bound):
    client = signed_in(world, "party_office")
    with django_assert_max_num_queries(bound):
        assert client.get(reverse(name), query).status_code == 200
    other = Category.objects.get(company=world["root"], code="OTHER")
    for n in range(30):
        services.item_paper(actor=SYSTEM, org=world["branch_b"], category=other, year=YEAR, title=f"支委会纸质{n}")
    with django_assert_max_num_queries(bound):
        assert client.get(reverse(name), query).status_code == 200


def test_object_page_query_counts(db, world, django_assert_max_num_queries):
    client = signed_in(world, "party_office")
    with django_assert_max_num_queries(8):
        assert client.get(reverse("archive:item", args=[world["items"]["BA"].pk])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("archive:zip", args=[world["zips"]["BA"].pk])).status_code == 200
