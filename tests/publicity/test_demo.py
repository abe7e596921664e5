"""The demo's forums: the innovation forum shows a drill session's result (课后练兵) beside the challenges and
projects, its presenter the drill's trainer. Reads the shared demo world (tests/demo/world.py)."""

import pytest

from dangjian.publicity import results
from dangjian.publicity.models import ForumSession


@pytest.fixture(scope="module")
def seeded(demo_world):
    return demo_world


def test_the_innovation_forum_has_a_drill_linked_presentation(seeded, db):
    session = ForumSession.objects.get(kind="innovation")
    kinds = [results.kind_of(p) for p in session.presentations.select_related("drill")]
    assert kinds.count("drill") == 1 and "challenge" in kinds and "project" in kinds
    shown = session.presentations.select_related("drill").get(drill__isnull=False)
    assert shown.presenter_id == shown.drill.trainer_id
    assert shown.drill.org.path.startswith(session.org.path)
