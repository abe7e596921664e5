"""The one-statement footprint the matrices compare before and after a refused request: it must change when a row's
watched field changes, when a row is added or deleted, and stay equal otherwise."""

from dangjian.org.models import PartyOrg
from tests.factories import PartyOrgFactory
from tests.matrix.footprint import AUDIT, count, rows, snapshot

PARTS = (AUDIT, rows(PartyOrg, "name", "dissolved_on"), count(PartyOrg, where="kind = 'branch'"))


def test_footprint_sees_a_change_an_addition_and_a_deletion(company):
    before = snapshot(*PARTS)
    assert snapshot(*PARTS) == before
    org = company["branch_a"]
    org.name = "改名"
    org.save(update_fields=["name"])
    renamed = snapshot(*PARTS)
    assert renamed[1] != before[1] and renamed[2] == before[2]
    extra = PartyOrgFactory(parent=company["root"], kind="branch", code="FPX")
    added = snapshot(*PARTS)
    assert added[1] != renamed[1] and added[2] == renamed[2] + 1
    extra.delete()
    assert snapshot(*PARTS) == renamed
