"""The archive's routes in the permission matrix and their world (the root matrix's world with the default
categories, a meeting record filed in BA and in BB for 2025, a paper record in each, a category, and a zip of each
branch). Items and zips are objects: out of the role's subtree they are 404 (the party-group leader's subtree holds
none, members, employees and team leaders hold no archive grant); the office changes them, the secretary and the
committee member only read them (403). The pages are pages: 403 without the grant anywhere."""

import datetime as dt

from django.urls import reverse

from dangjian.archive.models import Category, Item, ZipJob
from tests.matrix.footprint import AUDIT, count, rows, snapshot
from tests.matrix.policy import only, org_visible, roles_in, scoped

READERS = ("party_office", "secretary", "committee_member", "leader")
OFFICE = only("party_office")
YEAR = 2025


def sees_item(role, target):
    return role in READERS and org_visible(role, target)


item_view = scoped(sees_item)
item_change = scoped(sees_item, roles_in("party_office"))
# categories: company-wide; the readers see them, the office changes them
category_view = scoped(lambda role, target: role in READERS)
category_change = scoped(lambda role, target: role in READERS, roles_in("party_office"))

ROUTES = {
    "archive:index": (None, only(*READERS), "GET"),
    "archive:search": (None, only(*READERS), "GET"),
    "archive:labels": (None, only(*READERS), "GET"),
    "archive:export": (None, only(*READERS), "GET"),
    "archive:file": (None, OFFICE, "POST"),
    "archive:add": (None, only("party_office", "secretary"), "GET"),
    "archive:zip_request": (None, only(*READERS), "POST"),
    "archive:categories": (None, only(*READERS), "GET"),
    "archive:categories_defaults": (None, OFFICE, "POST"),
    "archive:item": ("item", item_view, "GET"),
    "archive:item_file": ("item", item_view, "GET"),
    "archive:item_retire": ("item", item_change, "POST"),
    "archive:zip": ("zip", item_view, "GET"),
    "archive:zip_file": ("zip", item_view, "GET"),
    "archive:category_edit": ("category", category_change, "GET"),
    "archive:category_retire": ("category", category_change, "POST"),
    "api:archive_categories": (None, only(*READERS), "GET"),
    "api:archive_category_create": (None, OFFICE, "POST"),
    "api:archive_categories_defaults": (None, OFFICE, "POST"),
    "api:archive_items": (None, only(*READERS), "GET"),
    "api:archive_item_create": (None, only("party_office", "secretary"), "POST"),
    "api:archive_file": (None, OFFICE, "POST"),
    "api:archive_zip_request": (None, only(*READERS), "POST"),
    "api:archive_item": ("item", item_view, "GET"),
    "api:archive_item_file": ("item", item_view, "GET"),
    "api:archive_item_update": ("item", item_change, "PUT"),
    "api:archive_item_retire": ("item", item_change, "POST"),
    "api:archive_zip": ("zip", item_view, "GET"),
    "api:archive_category": ("category", category_change, "PUT"),
    "api:archive_category_retire": ("category", category_change, "POST"),
}

BODIES = {
    "archive:file": {"org": "BA", "year": str(YEAR)},
    "archive:zip_request": {"org": "BA", "year": str(YEAR)},
    "api:archive_category_create": {"code": "MX", "name": "矩阵类别", "retention": "10y"},
    "api:archive_item_create": {
        "org": "BA",
        "year": YEAR,
        "category": "OTHER",
        "title": "矩阵纸质档案",
        "box_no": "M-1",
    },
    "api:archive_file": {"org": "BA", "year": YEAR},
    "api:archive_zip_request": {"org": "BA", "year": YEAR},
    "api:archive_item_update": {"title": "矩阵改名"},
    "api:archive_item_retire": {},
    "api:archive_category": {"code": "OTHER", "name": "其他资料", "retention": "10y"},
    "api:archive_category_retire": {},
}


def send(client, name, url, method, target, world):
    body = BODIES.get(name, {})
    if name.startswith("api:") and method != "GET":
        return getattr(client, method.lower())(url, body, content_type="application/json")
    if method == "POST":
        return client.post(url, body)
    return client.get(url)


def meeting(org, topic: str, held_on: dt.date):
    from dangjian.core.services import SYSTEM
    from dangjian.meetings import services as meetings

    return meetings.meeting_record(
        actor=SYSTEM,
        org=org,
        meeting_type="committee",
        held_on=held_on,
        topic=topic,
        minutes="<p>研究电解槽节能降耗措施。</p>",
    )


def extend(world, tmp_path) -> dict:
    from django.test import override_settings

    from dangjian.archive import services
    from dangjian.core.services import SYSTEM

    root = world["root"] if "root" in world else world["company"]["root"]
    services.categories_load_defaults(actor=SYSTEM, company=root)
    orgs = {"BA": world["branch_a"], "BB": world["branch_b"]}
    meeting(orgs["BA"], "安全生产专题支委会", dt.date(YEAR, 3, 10))
    meeting(orgs["BB"], "发电节能专题支委会", dt.date(YEAR, 4, 8))
    services.file_year(actor=SYSTEM, org=root, year=YEAR)
    other = Category.objects.get(company=root, code="OTHER")
    items, zips = {}, {}
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        for code, org in orgs.items():
            items[code] = Item.objects.get(org=org, kind="filed")
            services.item_paper(actor=SYSTEM, org=org, category=other, year=YEAR, title=f"{code}纸质档案", box_no="B-1")
            zips[code] = ZipJob.objects.create(
                org=org, year=YEAR, requested_by=world["users"]["party_office"], status="done", progress=100, items=1
            )
            zips[code].file.save(
                "z.zip", __import__("django.core.files.base", fromlist=["ContentFile"]).ContentFile(b"PK")
            )
    return {**world, "items": items, "zips": zips, "category": other, "media": tmp_path}


def url_for(name, kind, target, w):
    if kind is None:
        return reverse(name)
    if kind == "item":
        pk = w["items"][target].pk
        return reverse(name, kwargs={"item_id": pk} if name.startswith("api:") else {"pk": pk})
    if kind == "zip":
        pk = w["zips"][target].pk
        return reverse(name, kwargs={"zip_id": pk} if name.startswith("api:") else {"pk": pk})
    pk = w["category"].pk
    return reverse(name, kwargs={"category_id": pk} if name.startswith("api:") else {"pk": pk})


def targets(role, kind):
    return ["BA", "BB"] if kind in ("item", "zip") else ["-"]


def state(world):
    return snapshot(
        AUDIT,
        rows(Item, "title", "active", "category"),
        rows(Category, "code", "name", "active"),
        count(ZipJob),
    )
