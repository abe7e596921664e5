"""The group-scale generator builds consistent trees and rolls at any size (run small here)."""

from io import StringIO

import pytest
from django.core.management import call_command

from dangjian.core.models import AuditLog
from dangjian.org.models import OrgUnitLink, PartyOrg, Person, StatusChange, Unit


@pytest.mark.django_db
@pytest.mark.parametrize(("orgs", "people"), [(60, 500), (400, 1200)])
def test_seed_scale_builds_consistent_paths_and_rolls(orgs, people):
    call_command("seed_scale", orgs=orgs, people=people, root="T", stdout=StringIO())

    root = PartyOrg.objects.get(code="T")
    tree = list(PartyOrg.objects.filter(path__startswith=root.path).select_related("parent"))
    assert len(tree) == orgs
    for org in tree:
        assert org.path == org.compute_path() and org.depth == org.path.count("/") - 2, org.code
        if org.kind == "group":
            assert org.parent.kind == "branch"
    for unit in Unit.objects.filter(code__startswith="T").select_related("parent"):
        assert unit.path == unit.compute_path(), unit.code
    assert all(link.unit.kind == "shift_crew" for link in OrgUnitLink.objects.filter(org__kind="group"))

    roll = Person.objects.filter(branch__path__startswith=root.path)
    assert roll.count() == people
    assert not roll.exclude(branch__kind__in=PartyOrg.BRANCH_KINDS).exists()
    for person in roll.exclude(group=None).select_related("group")[:200]:
        assert person.group.parent_id == person.branch_id
    expected_history = sum(Person.STATUS_ORDER.index(s) for s in roll.values_list("party_status", flat=True))
    assert StatusChange.objects.filter(person__in=roll).count() == expected_history
    member = roll.filter(party_status="member").first()
    member.full_clean()  # the generated rows obey the model's own rules
    assert AuditLog.objects.filter(comment="seed_scale", object_type="org.person").exists()

    out = StringIO()
    call_command("seed_scale", orgs=orgs, people=people, root="T", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Person.objects.count() == people
