"""core/counting.list_count: exact up to EXACT_UP_TO rows; a bigger count is read once and kept BIG_COUNT_SECONDS."""

import pytest
from django.core.cache import cache

from dangjian.core import counting
from dangjian.org.models import PartyOrg
from tests.factories import PartyOrgFactory


@pytest.fixture
def orgs(db, monkeypatch):
    monkeypatch.setattr(counting, "EXACT_UP_TO", 3)
    cache.clear()
    yield [PartyOrgFactory(code=f"C{n}") for n in range(2)]
    cache.clear()


def test_a_small_count_is_exact_every_time(orgs, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert counting.list_count(PartyOrg.objects.all()) == 2
    PartyOrgFactory(code="C2")
    assert counting.list_count(PartyOrg.objects.all()) == 3  # not kept: counted again
    assert counting.list_count(PartyOrg.objects.none()) == 0


def test_a_big_count_is_read_once_and_kept_per_query(orgs, django_assert_num_queries):
    for n in range(2, 5):
        PartyOrgFactory(code=f"C{n}")
    with django_assert_num_queries(2):  # the capped count, then the whole count
        assert counting.list_count(PartyOrg.objects.all()) == 5
    PartyOrgFactory(code="C5")
    with django_assert_num_queries(0):
        assert counting.list_count(PartyOrg.objects.order_by("-code")) == 5  # kept (ordering does not matter)
    # another filter (another scope) is another query with its own count
    assert counting.list_count(PartyOrg.objects.filter(code__in=["C0", "C1"])) == 2
    cache.clear()
    assert counting.list_count(PartyOrg.objects.all()) == 6
