"""The demo's indices (issue 21): 旗能电铝 gets both indices; 中州铝业, whose teams account their value every day
(卓越行动), gets the branch index with its production component filled for the months with records. Reads the shared
demo world (tests/demo/world.py: seeded as of 2026-03-15, the indices of January and February, team records from
22 February on in a test run)."""

import datetime as dt

import pytest

from dangjian.demo.data import qineng
from dangjian.indices.models import IndexValue, Kind
from dangjian.org.models import PartyOrg
from dangjian.value import demo_data as value_demo
from dangjian.value.models import DailyRecord
from tests.demo.world import TODAY

JANUARY, FEBRUARY = dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 2, 1)


@pytest.fixture(scope="module")
def seeded(demo_world):
    return demo_world


def _production(values) -> dict:
    return {v.org.code: next(p for p in v.components if p["code"] == "production")["normalised"] for v in values}


def test_the_team_accounting_company_s_branches_have_a_production_score(seeded, db):
    zz = PartyOrg.objects.get(code=value_demo.ROOT_CODE)
    assert DailyRecord.objects.filter(date__gte=FEBRUARY, date__lt=dt.date(TODAY.year, 3, 1)).exists()
    february = IndexValue.objects.filter(company=zz, kind=Kind.BRANCH, month=FEBRUARY).select_related("org")
    scores = _production(february)
    assert len(scores) >= 18 and None not in scores.values(), scores
    assert all(v.value is not None for v in february)
    # January has no team records in a test run: nothing to score there.
    assert set(_production(IndexValue.objects.filter(company=zz, month=JANUARY).select_related("org")).values()) == {
        None
    }
    assert not IndexValue.objects.filter(company=zz, kind=Kind.MEMBER).exists()
    assert f"{len(scores)} branch-months with a production score" in seeded


def test_qineng_keeps_both_indices(seeded, db):
    root = PartyOrg.objects.get(code=qineng.ROOT_CODE)
    for kind in Kind.values:
        assert IndexValue.objects.filter(company=root, kind=kind, month=FEBRUARY).exists()
