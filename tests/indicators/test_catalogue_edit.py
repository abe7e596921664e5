"""The company's own indicator catalogue: created, edited and retired on pages and through the API, by the party
office of the company only; another company's indicators are not found (404), on pages, in the API, in value
pushes and in a project goal."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dangjian.core.errors import InvalidInput, NotFound, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.indicators.models import Indicator
from dangjian.indicators.services import indicator_create, indicator_retire, indicator_update, values_upsert
from tests.api.conftest import ApiClient
from tests.factories import OrgUnitLinkFactory, PartyOrgFactory, UnitFactory, account_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def other():
    """Company B with its office and an indicator of its own."""
    root = PartyOrgFactory(code="ZROOT", name="中州铝业公司党委", kind="committee")
    unit = UnitFactory(code="ZCO", name="中州铝业", kind="company")
    OrgUnitLinkFactory(org=root, unit=unit)
    office = account_with_role("party_office", root, username="z_office")
    indicator = Indicator.objects.create(code="ZOUT", name="中州产量", granularity="day", company=root)
    return {"root": root, "unit": unit, "office": office, "indicator": indicator}


def test_an_indicator_joins_the_company_of_its_creator_and_is_audited(company, office):
    indicator = indicator_create(actor=office, code="AL", name="原铝产量", unit_of_measure="t", granularity="day")
    assert indicator.company == company["root"]
    assert AuditLog.objects.get(object_type="indicators.indicator").after["code"] == "AL"


def test_another_company_sees_nothing_of_the_catalogue_and_cannot_change_it(company, office, other):
    assert list(Indicator.objects.restrict(office, "view").values_list("code", flat=True)) == []
    with pytest.raises(NotFound):
        indicator_update(actor=office, indicator=other["indicator"], name="x")
    with pytest.raises(NotFound):
        indicator_create(actor=office, code="X", name="x", granularity="day", owner_unit=other["unit"])
    with pytest.raises(NotPermitted):
        indicator_update(
            actor=other["office"],
            indicator=Indicator.objects.create(code="S", name="共享", granularity="day"),
            name="x",
        )


def test_a_ratio_cannot_reach_into_another_companys_catalogue(company, office, other):
    mine = indicator_create(actor=office, code="DC", name="直流电量", granularity="day")
    with pytest.raises(InvalidInput) as caught:
        indicator_create(
            actor=office,
            code="R",
            name="比",
            granularity="day",
            rollup="ratio",
            numerator=mine,
            denominator=other["indicator"],
        )
    assert "denominator" in caught.value.errors


def test_values_for_another_companys_indicator_are_refused_as_unknown(company, office, other):
    row = {"indicator": "ZOUT", "unit": "CO", "period": "2024-03-01", "value": 1}
    with pytest.raises(InvalidInput) as caught:
        values_upsert(actor=office, rows=[row], source="manual")
    assert "ZOUT" in caught.value.errors["rows"][0]["message"]


def test_retire_and_restore(company, office):
    indicator = indicator_create(actor=office, code="AL", name="原铝产量", granularity="day")
    assert indicator_retire(actor=office, indicator=indicator).active is False
    assert indicator_retire(actor=office, indicator=indicator, active=True).active is True


def test_office_adds_edits_and_retires_on_pages(client, company, office, django_assert_max_num_queries):
    client.force_login(office)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("indicators:create")).status_code == 200
    data = {
        "code": "AL",
        "name": "原铝产量",
        "unit_of_measure": "t",
        "category": "output",
        "direction": "higher",
        "granularity": "day",
        "rollup": "sum",
        "factor": "1",
        "decimals": "1",
        "benchmark": "1000",
        "owner_unit": company["workshop"].pk,
        "key": "on",
        "sort_order": "0",
    }
    response = client.post(reverse("indicators:create"), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    indicator = Indicator.objects.get(code="AL")
    assert (indicator.company, indicator.key, indicator.benchmark) == (company["root"], True, Decimal(1000))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("indicators:edit", args=["AL"])).status_code == 200
    response = client.post(reverse("indicators:edit", args=["AL"]), {**data, "name": "铝产量"})
    assert response.status_code == 302
    assert client.post(reverse("indicators:retire", args=["AL"])).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.active) == ("铝产量", False)
    page = client.get(reverse("indicators:catalogue"), {"inactive": "1"}).content.decode()
    assert "铝产量" in page and 'data-testid="new-indicator"' in page


def test_a_bad_roll_up_is_explained_on_the_page(client, company, office):
    client.force_login(office)
    response = client.post(
        reverse("indicators:create"),
        {
            "code": "E",
            "name": "电流效率",
            "category": "quality",
            "direction": "higher",
            "granularity": "day",
            "rollup": "weighted_avg",
            "factor": "1",
            "decimals": "2",
            "sort_order": "0",
        },
    )
    assert response.status_code == 400
    assert not Indicator.objects.filter(code="E").exists()


def test_secretary_may_not_open_the_form(client, company, secretary_a):
    client.force_login(secretary_a)
    assert client.get(reverse("indicators:create")).status_code == 403


def test_another_companys_indicator_is_404_on_pages(client, company, office, other):
    client.force_login(office)
    for name in ("indicators:detail", "indicators:edit"):
        assert client.get(reverse(name, args=["ZOUT"])).status_code == 404
    assert client.post(reverse("indicators:retire", args=["ZOUT"])).status_code == 404
    other["indicator"].refresh_from_db()
    assert other["indicator"].active


def test_api_create_and_patch(client, company, office, other):
    api = ApiClient(client, office)
    response = api.post(
        "/indicators",
        {
            "code": "AL",
            "name": "原铝产量",
            "granularity": "day",
            "unit_of_measure": "t",
            "owner_unit": "W1",
            "key": True,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["owner_unit"] == "W1"
    assert Indicator.objects.get(code="AL").company == company["root"]
    response = api.patch("/indicators/AL", {"benchmark": "1200", "active": False})
    assert response.status_code == 200, response.content
    assert response.json()["active"] is False
    assert api.patch("/indicators/ZOUT", {"name": "x"}).status_code == 404
    bad = api.post("/indicators", {"code": "R", "name": "比", "granularity": "day", "rollup": "ratio"})
    assert bad.status_code == 400 and "numerator" in bad.json()["errors"]
    assert (
        api.post("/indicators", {"code": "Y", "name": "y", "granularity": "day", "owner_unit": "ZCO"}).status_code
        == 400
    )


def test_api_create_refused_for_a_secretary(client, company, secretary_a):
    api = ApiClient(client, secretary_a)
    assert api.post("/indicators", {"code": "AL", "name": "原铝产量", "granularity": "day"}).status_code == 403


def test_the_goal_form_picks_an_indicator_and_a_unit_of_the_company(company, office, other):
    from dangjian.projects.projects.forms import GoalForm, goal_link_choices
    from dangjian.projects.projects.models import Goal

    mine = indicator_create(actor=office, code="AL", name="原铝产量", granularity="day")
    choices = goal_link_choices(office)
    assert [pk for pk, _label in choices["indicators"]] == [mine.pk]
    assert company["workshop"].pk in [pk for pk, _label in choices["units"]]
    assert other["unit"].pk not in [pk for pk, _label in choices["units"]]
    data = {
        "indicator_name": "原铝产量",
        "baseline": "1",
        "target": "2",
        "direction": "higher",
        "source": "series",
        "indicator": str(mine.pk),
        "unit": str(company["workshop"].pk),
        "order": "0",
    }
    form = GoalForm(data, instance=Goal(), **choices)
    assert form.is_valid(), form.errors
    fields = form.service_fields()
    assert (fields["indicator"], fields["unit"]) == (mine, company["workshop"])
    refused = GoalForm({**data, "indicator": str(other["indicator"].pk)}, instance=Goal(), **choices)
    assert not refused.is_valid() and "indicator" in refused.errors
