"""The member star policy page: 党群工作部 changes the thresholds; a bad order of thresholds is explained."""

import pytest
from django.urls import reverse

from dangjian.core.models import AuditLog
from dangjian.points.models import StarPolicy

pytestmark = pytest.mark.django_db

DATA = {
    "two_stars": "50",
    "three_stars": "70",
    "four_stars": "90",
    "five_stars": "110",
    "five_needs_excellent": "on",
    "basic_cap": "2",
    "veto_cap": "1",
}


def test_office_changes_the_thresholds(client, company, office, django_assert_max_num_queries):
    client.force_login(office)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("points:star_policy")).status_code == 200
    assert client.post(reverse("points:star_policy"), DATA).status_code == 302
    assert StarPolicy.objects.get(company=company["root"]).two_stars == 50
    assert AuditLog.objects.filter(object_type="points.starpolicy").exists()


def test_thresholds_out_of_order_are_refused(client, company, office):
    client.force_login(office)
    response = client.post(reverse("points:star_policy"), {**DATA, "four_stars": "60"})
    assert response.status_code == 400
    assert not StarPolicy.objects.exists()


def test_secretary_gets_403(client, company, secretary_a):
    client.force_login(secretary_a)
    assert client.get(reverse("points:star_policy")).status_code == 403
