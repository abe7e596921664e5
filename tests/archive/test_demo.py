"""The demo's archive: the default categories, the other apps' finished records of last year and this filed by org,
year and category, the paper records and the uploaded notice; the office's archive page within its query bound;
a second seed changes nothing. Reads the shared demo world (tests/demo/world.py)."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.archive import demo
from dangjian.archive.models import Category, Item
from dangjian.demo.data import qineng
from dangjian.org.models import PartyOrg
from tests.demo.world import TODAY


@pytest.fixture(scope="module")
def seeded(demo_world):
    return demo_world


def test_demo_archive_is_filed_and_seeding_again_changes_nothing(seeded, db, django_assert_max_num_queries):
    root = PartyOrg.objects.get(code=qineng.ROOT_CODE)
    assert Category.objects.filter(company=root).count() == 9
    filed = Item.objects.filter(kind="filed", org__path__startswith=root.path)
    assert filed.filter(source="meetings.record", year=TODAY.year - 1).count() > 50
    assert filed.filter(category__code="LIFE").count() == filed.filter(source="meetings.record").count()
    assert Item.objects.filter(kind="paper").count() == len(demo.PAPER)
    assert Item.objects.filter(kind="upload").count() == 1
    before = Item.objects.count()
    demo.seed(today=TODAY, stdout=io.StringIO())
    assert Item.objects.count() == before
    office = root.role_assignments.filter(role="party_office").select_related("user").first().user
    client = Client()
    client.force_login(office)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("archive:index"), {"org": qineng.ROOT_CODE, "year": TODAY.year - 1})
    assert page.status_code == 200 and "组织生活" in page.content.decode()
