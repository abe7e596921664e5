"""The demo's points, stars and demonstration posts: seed 000's 60 zones, 39 pioneer posts and 120 task forces, a
year of points from accepted projects and the branches, stars for everyone, gaming flags to look at, and a second
seed that changes nothing. The full demo is seeded once for the
whole run and shared with the other modules that read it (tests/demo/world.py)."""

from io import StringIO

import pytest
from django.core.management import call_command

from dangjian.core.models import AuditLog
from dangjian.demo.data import qineng
from dangjian.org.models import PartyOrg
from dangjian.points import gaming
from dangjian.points.models import BranchRating, MemberStar, PointsEntry
from dangjian.posts.models import OpenChallenge, Pairing, PioneerPost, ResponsibilityZone, TaskForce
from tests.demo.world import TODAY  # the day the shared demo world is seeded as of


@pytest.fixture(scope="module")
def demo(demo_world):
    """The full demo (tests/demo/world.py, shared with the other modules that read it); its printed output."""
    return demo_world


@pytest.fixture
def root(demo, db):
    return PartyOrg.objects.get(code=qineng.ROOT_CODE)


def test_seed_000_posts_and_challenges(root):
    assert (ResponsibilityZone.objects.count(), PioneerPost.objects.count(), TaskForce.objects.count()) == (60, 39, 120)
    assert TaskForce.objects.filter(project__isnull=False).exists() and Pairing.objects.count() > 20
    assert OpenChallenge.objects.filter(status="accepted").count() == 4
    assert PointsEntry.objects.filter(source_type="posts.openchallenge").count() >= 4


def test_a_year_of_points_and_stars(root):
    last = TODAY.year - 1
    assert PointsEntry.objects.filter(source_type="projects.project", automatic=True).count() > 100
    # the demo's meetings fed organisational-life points (and absences deductions) once per attendance row
    fed = PointsEntry.objects.filter(source_type="meetings.attendance", automatic=True)
    assert fed.filter(points__gt=0).count() > 1000 and fed.filter(points__lt=0).exists()
    assert fed.values("source_id", "person_id").distinct().count() == fed.count()
    assert PointsEntry.objects.filter(occurred_on__year=last, status="approved").count() > 1300
    assert PointsEntry.objects.filter(status="pending").exists()
    assert PointsEntry.objects.filter(appeals__status="open").exists()
    stars = MemberStar.objects.filter(year=last, current=True)
    assert stars.count() == 337 and len(set(stars.values_list("stars", flat=True))) >= 3
    assert BranchRating.objects.filter(year=last, stars=0, vetoes_found__gt="").exists()
    checks = {f.check for f in gaming.gaming_flags(org=root, year=last)}
    assert {"near_cap", "one_approver", "reversals"} <= checks


def test_seeding_again_changes_nothing(root):
    counts = [m.objects.count() for m in (PointsEntry, MemberStar, ResponsibilityZone, OpenChallenge, AuditLog)]
    call_command(
        "seed_demo",
        today=TODAY.isoformat(),
        quiet=True,
        stdout=StringIO(),
        capabilities="meetings,service,points,posts",
    )
    assert [m.objects.count() for m in (PointsEntry, MemberStar, ResponsibilityZone, OpenChallenge, AuditLog)] == counts
