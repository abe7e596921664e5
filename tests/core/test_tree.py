from dangjian.org.models import PartyOrg
from tests.factories import PartyOrgFactory


def test_path_and_depth(db):
    root = PartyOrgFactory(kind="committee")
    child = PartyOrgFactory(parent=root, kind="general_branch")
    leaf = PartyOrgFactory(parent=child)
    assert root.path == f"/{root.pk}/" and root.depth == 0
    assert leaf.path == f"/{root.pk}/{child.pk}/{leaf.pk}/" and leaf.depth == 2
    assert leaf.ancestor_ids() == [root.pk, child.pk]


def test_move_rewrites_descendants(db):
    root = PartyOrgFactory(kind="committee")
    a = PartyOrgFactory(parent=root, kind="general_branch")
    b = PartyOrgFactory(parent=root, kind="general_branch")
    leaf = PartyOrgFactory(parent=a)
    a.parent = b
    a.save()
    leaf.refresh_from_db()
    assert leaf.path == f"/{root.pk}/{b.pk}/{a.pk}/{leaf.pk}/"
    assert leaf.depth == 3
    assert set(PartyOrg.objects.filter(path__startswith=b.path).values_list("pk", flat=True)) == {b.pk, a.pk, leaf.pk}
