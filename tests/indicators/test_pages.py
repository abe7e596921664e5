"""The indicator catalogue page: who sees it, filters, and a query count that stays flat as the catalogue grows."""

import pytest
from django.urls import reverse

from tests.indicators.conftest import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("extra", [3, 30])
def test_catalogue_page_queries_are_flat(client, catalogue, member_a, tree, extra, django_assert_max_num_queries):
    for n in range(extra):
        IndicatorFactory(code=f"X{n:03d}", rollup="weighted_avg", weight=catalogue["OUT"], owner_unit=tree["W1"])
    client.force_login(member_a)
    with django_assert_max_num_queries(9):  # session, user, the site shell, assignments, count and rows
        response = client.get(reverse("indicators:catalogue"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "DC ÷ OUT" in body and "X000" in body


def test_catalogue_filters(client, catalogue, member_a):
    client.force_login(member_a)
    body = client.get(reverse("indicators:catalogue"), {"category": "energy"}).content.decode()
    assert "吨铝直流电耗" in body and "电流效率" not in body
    body = client.get(reverse("indicators:catalogue"), {"q": "效率"}).content.decode()
    assert "电流效率" in body and "吨铝直流电耗" not in body


def test_catalogue_needs_the_indicator_grant(client, catalogue, company):
    from tests.factories import account_with_role

    assert client.get(reverse("indicators:catalogue")).status_code == 302
    client.force_login(account_with_role("audit_admin", None, username="auditor"))
    assert client.get(reverse("indicators:catalogue")).status_code == 403
