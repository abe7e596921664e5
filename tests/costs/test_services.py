"""Programme services: who may write, validation of the pay rule, audit rows in the same transaction."""

from decimal import Decimal

import pytest

from dangjian.core.errors import InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.projects.costs import services
from dangjian.projects.costs.models import Measure, MonthlyTarget, Programme, ProgrammeItem

D = Decimal
pytestmark = pytest.mark.django_db


def test_secretary_creates_a_programme_in_their_branch_only(company, secretary_a):
    p = services.programme_create(actor=secretary_a, owner_org=company["branch_a"], year=2024, name="降本增效")
    assert AuditLog.objects.get(object_type="costs.programme", action="create").actor == secretary_a
    with pytest.raises(NotPermitted):
        services.programme_create(actor=secretary_a, owner_org=company["branch_b"], year=2024, name="降本增效")
    with pytest.raises(InvalidInput):  # the same name for the same org and year
        services.programme_create(actor=secretary_a, owner_org=company["branch_a"], year=2024, name="降本增效")
    with pytest.raises(InvalidInput) as refused:
        services.programme_update(actor=secretary_a, programme=p, zero_below=D(100), full_at=D(95))
    assert "zero_below" in refused.value.errors
    services.programme_update(actor=secretary_a, programme=p, full_points=D(20))
    assert AuditLog.objects.filter(object_type="costs.programme", action="update").count() == 1


def test_member_may_not_write(company, member_a):
    with pytest.raises(NotPermitted):
        services.programme_create(actor=member_a, owner_org=company["branch_a"], year=2024, name="x")
    assert not Programme.objects.exists()


def test_item_save_replaces_targets_and_measures_and_audits(programme, office, catalogue, tree, company):
    item = programme["items"]["OUT"]
    services.item_save(
        actor=office, programme=programme["programme"], item=item, indicator=catalogue["OUT"], unit=tree["CO"],
        annual_target=D(1200), monthly_targets={1: D(90), 2: D(95)}, measures=["提高增效品种占比", " ", "降低中废"],
        owner=company["person_b"],
    )  # fmt: skip
    assert dict(MonthlyTarget.objects.filter(item=item).values_list("month", "value")) == {1: D(90), 2: D(95)}
    assert list(Measure.objects.filter(item=item).values_list("text", flat=True)) == ["提高增效品种占比", "降低中废"]
    row = AuditLog.objects.filter(object_type="costs.programmeitem", action="update").get()
    assert D(row.before["annual_target"]) == 1098 and row.after["monthly_targets"] == {
        "1": "90.000000",
        "2": "95.000000",
    }
    assert row.after["measures"] == ["提高增效品种占比", "降低中废"]
    with pytest.raises(InvalidInput):  # the same indicator and unit twice
        services.item_save(
            actor=office, programme=programme["programme"], indicator=catalogue["OUT"], unit=tree["CO"],
            annual_target=D(1),
        )  # fmt: skip
    with pytest.raises(InvalidInput):
        services.item_save(
            actor=office, programme=programme["programme"], item=item, indicator=catalogue["OUT"], unit=tree["CO"],
            annual_target=D(1), monthly_targets={13: D(1)},
        )  # fmt: skip


def test_item_owner_must_be_visible_to_the_actor(programme, secretary_a, company, catalogue, tree):
    p = services.programme_create(actor=secretary_a, owner_org=company["branch_a"], year=2024, name="降本")
    with pytest.raises(NotPermitted):
        services.item_save(
            actor=secretary_a, programme=p, indicator=catalogue["OUT"], unit=tree["W1"], annual_target=D(1),
            owner=company["person_b"],
        )  # fmt: skip
    assert not ProgrammeItem.objects.filter(programme=p).exists()


def test_item_remove_is_audited(programme, office):
    item = programme["items"]["EFF"]
    services.item_remove(actor=office, item=item)
    assert not ProgrammeItem.objects.filter(pk=item.pk).exists()
    assert AuditLog.objects.get(object_type="costs.programmeitem", action="delete").before["indicator_id"]
