"""Assessment templates edited by 党群工作部 — services, pages and API: a year's template created empty or copied from
another year, categories added, renamed, reordered and retired, items added, edited, reordered and retired. Once a
month has been opened from a template, what its items score and which are assessed are fixed (409), so the sheets
already made keep their meaning; the wording and the order can still be corrected. Another company's template is
404; a role that sees it but is not 党群工作部 is 403. Every write leaves its audit row."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.assessment import services
from dangjian.assessment.models import Category, Item, Line, Sheet, Template
from dangjian.assessment.setup import setup_items
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from tests.assessment.conftest import JAN
from tests.factories import PartyOrgFactory, account_with_role

pytestmark = pytest.mark.django_db

ITEM = {"title": "党员教育管理", "max_points": D(6), "guide": "缺一次扣1分", "frequency": "monthly"}


def audits(obj):
    return AuditLog.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


def codes(template, *, in_use=True):
    items = template.items.order_by("category__order", "order", "pk")
    if in_use:
        items = items.filter(active=True, category__active=True)
    return list(items.values_list("code", flat=True))


@pytest.fixture
def other():
    """Company B: its root and its 党群工作部."""
    root = PartyOrgFactory(code="ZROOT", name="中州铝业公司党委", kind="committee")
    PartyOrgFactory(code="ZB", name="中州电解党支部", parent=root)
    return {"root": root, "office": account_with_role("party_office", root, username="z_office")}


@pytest.fixture
def opened(template):
    """January opened and locked (so a sheet is final), February open."""
    jan = services.period_open(actor=SYSTEM, template=template, month=JAN)
    Line.objects.filter(sheet__period=jan, automatic=False).update(self_score=D(3), evidence="记录")
    Sheet.objects.filter(period=jan).update(status=Sheet.Status.REVIEWED)
    services.period_lock(actor=SYSTEM, period=jan)
    services.period_open(actor=SYSTEM, template=template, month=dt.date(2022, 2, 1))
    return jan


# --- services ---------------------------------------------------------------------------------------------------------


def test_the_office_builds_a_template_from_empty(company, office):
    template = services.template_create(actor=office, org=company["root"], year=2026, name="")
    assert template.name == "2026 assessment of 公司党委" and audits(template).filter(action="create").count() == 1
    first = services.category_create(actor=office, template=template, name=" 组织建设 ")
    second = services.category_create(actor=office, template=template, name="作用发挥")
    assert (first.name, first.order, second.order) == ("组织建设", 1, 2)
    a1 = services.item_create(actor=office, template=template, category_name="组织建设", code="A1", **ITEM)
    a2 = services.item_create(actor=office, template=template, category_name="组织建设", code="A2", **ITEM)
    b1 = services.item_create(actor=office, template=template, category_name="作用发挥", code="B1", **ITEM)
    assert [a1.order, a2.order, b1.order] == [1, 2, 1]
    assert audits(a1).get(action="create").after["max_points"] == "6"

    services.item_update(actor=office, item=a2, position=1)
    services.category_update(actor=office, category=second, position=1)
    assert codes(template) == ["B1", "A2", "A1"]
    services.category_update(actor=office, category=first, name="组织建设（党建）")
    services.item_update(actor=office, item=a1, max_points=D(8), title="三会一课", category_name="作用发挥")
    a1.refresh_from_db()
    assert (a1.max_points, a1.title, a1.category_id) == (D(8), "三会一课", second.pk)
    assert codes(template) == ["B1", "A1", "A2"]  # moved to the end of its new category
    assert audits(a1).filter(action="update").exists() and audits(first).filter(action="update").exists()


def test_retired_items_and_categories_are_not_assessed(company, office, template):
    services.item_update(actor=office, item=template.items.get(code="A1"), active=False)
    services.category_update(actor=office, category=template.categories.get(name="作用发挥"), active=False)
    assert codes(template) == ["A2"]
    period = services.period_open(actor=office, template=template, month=JAN)
    assert {line.item.code for line in Line.objects.filter(sheet__period=period)} == {"A2"}
    assert audits(template.items.get(code="A1")).get(action="update").after["active"] is False


def test_refusals_name_the_field(company, office, template):
    with pytest.raises(Conflict) as taken:
        services.item_create(actor=office, template=template, category_name="组织建设", code="A1", **ITEM)
    assert "code" in taken.value.errors
    with pytest.raises(Conflict) as twice:
        services.category_create(actor=office, template=template, name="组织建设")
    assert "name" in twice.value.errors
    with pytest.raises(InvalidInput) as unknown:
        services.item_create(actor=office, template=template, category_name="组织建设", code="A9", source="x", **ITEM)
    assert "source" in unknown.value.errors
    with pytest.raises(InvalidInput) as rates:
        services.item_update(actor=office, item=template.items.get(code="A2"), zero_at=D("0.9"), full_at=D("0.5"))
    assert "full_at" in rates.value.errors
    with pytest.raises(Conflict):
        services.template_create(actor=office, org=company["root"], year=2022)


def test_only_the_office_over_the_org_writes(company, template, secretary_a, other):
    item = template.items.get(code="A1")
    written = AuditLog.objects.count()
    for actor in (secretary_a, other["office"]):
        with pytest.raises(NotPermitted):
            services.item_update(actor=actor, item=item, title="改")
        with pytest.raises(NotPermitted):
            services.category_create(actor=actor, template=template, name="新类别")
        with pytest.raises(NotPermitted):
            services.template_copy(actor=actor, source=template, year=2023)
    with pytest.raises(NotPermitted):
        services.template_create(actor=other["office"], org=company["root"], year=2030)
    assert AuditLog.objects.count() == written


def test_once_a_month_is_opened_what_items_score_is_fixed(company, office, template, opened):
    locked = Sheet.objects.get(period=opened, org=company["branch_a"])
    lines = locked.lines.order_by("item_id")
    before = (locked.party_score, locked.total, list(lines.values_list("item_id", "auto_points", "self_score")))
    a1 = template.items.get(code="A1")
    refused = [
        lambda: services.item_update(actor=office, item=a1, max_points=D(20)),
        lambda: services.item_update(actor=office, item=a1, frequency="quarterly"),
        lambda: services.item_update(actor=office, item=template.items.get(code="A2"), full_at=D("0.9")),
        lambda: services.item_update(actor=office, item=a1, source="sla_rate"),
        lambda: services.item_update(actor=office, item=a1, active=False),
        lambda: services.item_create(actor=office, template=template, category_name="组织建设", code="A3", **ITEM),
        lambda: services.category_update(actor=office, category=a1.category, active=False),
    ]
    for change in refused:
        with pytest.raises(Conflict) as caught:
            change()
        assert caught.value.message.startswith("2022-01 has been opened from this template")
    # Wording, evidence and order are corrected; nothing of the sheets changes.
    services.item_update(actor=office, item=a1, title="三会一课记录完整、规范", guide="缺记录扣2分", max_points=D(10))
    services.item_update(actor=office, item=a1, position=2)
    services.category_update(actor=office, category=a1.category, name="基层组织建设", position=2)
    services.category_create(actor=office, template=template, name="备用")
    locked.refresh_from_db()
    assert before == (locked.party_score, locked.total, list(lines.values_list("item_id", "auto_points", "self_score")))
    assert Item.objects.get(pk=a1.pk).max_points == D(10)


def test_copy_to_next_year(company, office, template):
    services.item_update(actor=office, item=template.items.get(code="B1"), active=False)
    copy = services.template_copy(actor=office, source=template, year=2023)
    assert copy.name == "2023年党建工作双百分考核细则" and copy.org == template.org
    assert (copy.party_weight, copy.pay_bands) == (D("0.6"), "1:1.2, *:0.9")
    assert codes(copy, in_use=False) == ["A1", "A2", "B2"]  # the retired B1 stays behind
    a2 = copy.items.get(code="A2")
    assert (a2.source, a2.zero_at, a2.category.name) == ("keytask_on_time", D("0.5"), "组织建设")
    row = audits(copy).get(action="create")
    assert (row.after["copied_from"], row.after["items"], row.after["categories"]) == (template.pk, 3, 2)
    with pytest.raises(Conflict):
        services.template_copy(actor=office, source=template, year=2023)
    with pytest.raises(InvalidInput):
        services.template_copy(actor=office, source=template, year=2022)


def test_the_import_refuses_a_changed_point_once_opened(company, office, template, opened):
    from dangjian.assessment.imports import AssessmentItemsImport

    kind = AssessmentItemsImport()

    class Row:
        ok, number, action = True, 2, None

        def __init__(self, values):
            self.values, self.errors = values, []

        def error(self, message, column=None):
            self.errors.append(message)

    class Ctx:
        actor = office

        def __init__(self):
            self.state = {}

    values = {"org": company["root"], "year": 2022, "category": "组织建设", "code": "A1", "title": "三会一课"}
    same = Row({**values, "max_points": D(10)})
    kind.check_row(same, Ctx())
    changed = Row({**values, "max_points": D(12)})
    kind.check_row(changed, Ctx())
    assert same.errors == [] and changed.errors[0].startswith("2022-01 has been opened from this template")


# --- pages ------------------------------------------------------------------------------------------------------------


def test_template_page_for_the_office_and_for_a_reader(
    client, company, office, secretary_a, template, django_assert_max_num_queries
):
    services.item_update(actor=office, item=template.items.get(code="B1"), active=False)
    url = reverse("assessment:template", args=[template.pk])
    client.force_login(office)
    client.get(url)
    with django_assert_max_num_queries(16):
        html = client.get(url).content.decode()
    assert html.count('data-testid="item"') == 4 and html.count('data-testid="item-edit"') == 4
    assert reverse("assessment:category_add", args=[template.pk]) in html
    assert reverse("assessment:template_copy", args=[template.pk]) in html
    assert 'data-testid="off-standard"' in html  # 10 + 10 + 5 monthly points, not 100
    client.force_login(secretary_a)
    html = client.get(url).content.decode()
    assert html.count('data-testid="item"') == 3 and 'data-testid="item-edit"' not in html
    assert reverse("assessment:category_add", args=[template.pk]) not in html


def test_template_page_queries_do_not_grow_with_items(client, company, office, template, django_assert_max_num_queries):
    for n in range(30):
        services.item_create(actor=office, template=template, category_name=f"类别{n % 5}", code=f"X{n}", **ITEM)
    client.force_login(office)
    client.get(reverse("assessment:template", args=[template.pk]))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("assessment:template", args=[template.pk]))
    assert response.content.decode().count('data-testid="item"') == 34


def test_new_template_page(client, company, office, secretary_a, template):
    client.force_login(secretary_a)
    assert client.get(reverse("assessment:template_create")).status_code == 403
    assert client.post(reverse("assessment:template_create"), {"year": 2024}).status_code == 403
    client.force_login(office)
    page = client.get(reverse("assessment:template_create"))
    assert page.status_code == 200 and template.name in page.content.decode()
    form = {"org": company["root"].pk, "year": 2022, "name": "", "copy_from": ""}
    taken = client.post(reverse("assessment:template_create"), form)
    assert taken.status_code == 409 and "already has a template for 2022" in taken.content.decode()
    empty = client.post(reverse("assessment:template_create"), {**form, "year": 2024})
    made = Template.objects.get(year=2024)
    assert empty.status_code == 302 and empty["Location"] == reverse("assessment:template", args=[made.pk])
    assert not made.items.exists()
    copied = client.post(reverse("assessment:template_create"), {**form, "year": 2023, "copy_from": template.pk})
    assert copied.status_code == 302 and codes(Template.objects.get(year=2023)) == ["A1", "A2", "B1", "B2"]
    bad = client.post(reverse("assessment:template_create"), {**form, "year": 1999})
    assert bad.status_code == 400 and Template.objects.count() == 3


def test_categories_on_the_page(client, company, office, template):
    client.force_login(office)
    add = client.post(reverse("assessment:category_add", args=[template.pk]), {"name": "队伍建设"})
    category = Category.objects.get(template=template, name="队伍建设")
    assert add.status_code == 302 and add["Location"].endswith(f"#category-{category.pk}")
    change = reverse("assessment:category_change", args=[template.pk, category.pk])
    assert client.post(change, {"move": "up"}).status_code == 302
    assert list(template.categories.order_by("order").values_list("name", flat=True)) == [
        "组织建设",
        "队伍建设",
        "作用发挥",
    ]
    client.post(change, {"name": "人才队伍建设"})
    client.post(change, {"active": "0"})
    category.refresh_from_db()
    assert (category.name, category.active) == ("人才队伍建设", False)
    twice = client.post(reverse("assessment:category_add", args=[template.pk]), {"name": "组织建设"}, follow=True)
    assert "already has a category" in twice.content.decode()
    assert template.categories.filter(name="组织建设").count() == 1


def test_items_on_the_page(client, company, office, template):
    client.force_login(office)
    form = {
        "category": "作用发挥",
        "code": "B3",
        "title": "主题党日",
        "max_points": "5",
        "frequency": "monthly",
        "source": "meeting_compliance",
        "rule": "linear",
        "zero_at": "0.9",
        "full_at": "0.5",
    }
    add = reverse("assessment:item_add", args=[template.pk])
    page = client.get(add, {"category": "作用发挥"})
    assert page.status_code == 200 and "meeting_compliance" in page.content.decode()
    bad = client.post(add, form)
    assert bad.status_code == 400 and "The rates lie between 0 and 1" in bad.content.decode()
    taken = client.post(add, {**form, "code": "A1", "zero_at": "0.5", "full_at": "1"})
    assert taken.status_code == 409 and "already has an item A1" in taken.content.decode()
    made = client.post(add, {**form, "zero_at": "0.5", "full_at": "1"})
    item = template.items.get(code="B3")
    assert made.status_code == 302 and (item.full_at, item.source) == (D(1), "meeting_compliance")
    assert codes(template)[-1] == "B3"  # at the end of its category

    edit = reverse("assessment:item_edit", args=[template.pk, item.pk])
    assert client.get(edit).status_code == 200
    saved = client.post(edit, {**form, "code": "ZZZ", "title": "主题党日按期开展", "zero_at": "0.6", "full_at": "1"})
    item.refresh_from_db()
    assert saved.status_code == 302 and (item.code, item.title, item.zero_at) == ("B3", "主题党日按期开展", D("0.6"))
    change = reverse("assessment:item_change", args=[template.pk, item.pk])
    assert client.post(change, {"move": "up"}).status_code == 302
    assert codes(template)[-2:] == ["B3", "B2"]
    assert client.post(change, {"active": "0"}).status_code == 302
    assert "B3" not in codes(template)


def test_pages_refuse_what_would_change_opened_months(client, company, office, template, opened):
    client.force_login(office)
    a1 = template.items.get(code="A1")
    form = {"category": "组织建设", "title": "三会一课", "max_points": "20", "frequency": "monthly", "rule": "linear"}
    edit = reverse("assessment:item_edit", args=[template.pk, a1.pk])
    refused = client.post(edit, form)
    assert refused.status_code == 409 and "2022-01 has been opened from this template" in refused.content.decode()
    assert Item.objects.get(pk=a1.pk).max_points == D(10)
    assert client.post(edit, {**form, "max_points": "10"}).status_code == 302
    retire = client.post(reverse("assessment:item_change", args=[template.pk, a1.pk]), {"active": "0"}, follow=True)
    assert "2022-01 has been opened from this template" in retire.content.decode()
    assert Item.objects.get(pk=a1.pk).active is True
    html = client.get(reverse("assessment:template", args=[template.pk])).content.decode()
    assert 'data-testid="fixed"' in html and 'data-testid="item-retire"' not in html


def test_pages_answer_404_out_of_scope_and_403_to_readers(client, company, template, secretary_a, other):
    item = template.items.get(code="A1")
    category = item.category
    posts = [
        reverse("assessment:template_copy", args=[template.pk]),
        reverse("assessment:category_add", args=[template.pk]),
        reverse("assessment:category_change", args=[template.pk, category.pk]),
        reverse("assessment:item_change", args=[template.pk, item.pk]),
        reverse("assessment:item_edit", args=[template.pk, item.pk]),
    ]
    gets = [
        reverse("assessment:item_add", args=[template.pk]),
        reverse("assessment:item_edit", args=[template.pk, item.pk]),
    ]
    client.force_login(other["office"])
    assert [client.post(url, {"name": "x", "year": 2030}).status_code for url in posts] == [404] * 5
    assert [client.get(url).status_code for url in gets] == [404, 404]
    client.force_login(secretary_a)
    assert [client.post(url, {"name": "x", "year": 2030}).status_code for url in posts] == [403] * 5
    assert [client.get(url).status_code for url in gets] == [403, 403]
    assert not AuditLog.objects.filter(action__in=["create", "update"], actor__isnull=False).exists()


def test_export_leaves_retired_items_out(client, office, template):
    services.item_update(actor=office, item=template.items.get(code="B1"), active=False)
    client.force_login(office)
    response = client.get(reverse("assessment:template_export", args=[template.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [r[3] for r in rows[1:]] == ["A1", "A2", "B2"]


def test_set_up_centre_links_to_the_template_pages(company, office, settings):
    from django.utils import timezone

    (item,) = setup_items(office)
    assert (item["url"], item["done"]) == (reverse("assessment:template_create"), False)
    made = services.template_create(actor=office, org=company["root"], year=timezone.localdate().year)
    (item,) = setup_items(office)
    assert (item["url"], item["count"]) == (reverse("assessment:template", args=[made.pk]), 0)


# --- API --------------------------------------------------------------------------------------------------------------


@pytest.fixture
def api(db):
    from django.test import Client

    def login(user):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return login


def test_api_builds_a_template(api, company, office, secretary_a, other):
    client = api(office)
    base = "/api/v1/assessment/templates"
    created = client.post(
        base, {"org": "ROOT", "year": 2026, "name": "2026年考核细则"}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["org"], body["year"], body["categories"], body["opened"]) == ("ROOT", 2026, [], None)
    tid = body["id"]
    category = client.post(f"{base}/{tid}/categories", {"name": "组织建设"}, content_type="application/json")
    assert category.status_code == 201 and category.json()["order"] == 1
    item = {"code": "A1", "category": "组织建设", "title": "三会一课", "max_points": "100", "frequency": "quarterly"}
    made = client.post(f"{base}/{tid}/items", item, content_type="application/json")
    assert made.status_code == 201 and made.json()["months"] == [3, 6, 9, 12]
    again = client.post(f"{base}/{tid}/items", item, content_type="application/json")
    assert again.status_code == 409 and again.json()["errors"]["code"]
    patched = client.patch(f"{base}/{tid}/items/A1", {"frequency": "monthly"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["months"] == list(range(1, 13))
    detail = client.get(f"{base}/{tid}").json()
    assert detail["monthly_points"] == "100.00" and detail["categories"][0]["items"][0]["code"] == "A1"
    rename = client.patch(
        f"{base}/{tid}/categories/{category.json()['id']}", {"name": "党的建设"}, content_type="application/json"
    )
    assert rename.status_code == 200 and rename.json()["name"] == "党的建设"
    copy = client.post(f"{base}/{tid}/copy", {"year": 2027}, content_type="application/json")
    assert copy.status_code == 201 and copy.json()["categories"][0]["items"][0]["code"] == "A1"
    listed = client.get(base, {"year": 2027}).json()
    assert [t["year"] for t in listed["items"]] == [2027]

    assert api(secretary_a).post(base, {"org": "BA", "year": 2026}, content_type="application/json").status_code == 403
    elsewhere = api(other["office"]).post(base, {"org": "ROOT", "year": 2030}, content_type="application/json")
    assert elsewhere.status_code == 400 and "org" in elsewhere.json()["errors"]


def test_api_scope_and_fixed_items(api, company, office, secretary_a, template, other, opened):
    base = f"/api/v1/assessment/templates/{template.pk}"
    assert api(other["office"]).get(base).status_code == 404
    assert api(other["office"]).patch(f"{base}/items/A1", {}, content_type="application/json").status_code == 404
    reader = api(secretary_a)
    assert reader.get(base).status_code == 200
    assert reader.patch(f"{base}/items/A1", {"title": "改"}, content_type="application/json").status_code == 403
    client = api(office)
    assert client.get(base).json()["opened"] == "2022-01"
    fixed = client.patch(f"{base}/items/A1", {"max_points": "20"}, content_type="application/json")
    assert fixed.status_code == 409 and fixed.json()["message"].startswith("2022-01 has been opened")
    worded = client.patch(f"{base}/items/A1", {"title": "三会一课记录完整、规范"}, content_type="application/json")
    assert worded.status_code == 200 and worded.json()["title"] == "三会一课记录完整、规范"
    assert client.patch(f"{base}/items/NOPE", {}, content_type="application/json").status_code == 404
