"""The set-up centre's items of indicators, points, assessment and meetings: what is done and where to do it."""

import datetime as dt

import pytest

from dangjian.assessment.setup import setup_items as assessment_items
from dangjian.indicators.services import indicator_create
from dangjian.indicators.setup import setup_items as indicator_items
from dangjian.meetings.setup import setup_items as meeting_items
from dangjian.points.setup import setup_items as points_items
from dangjian.shell import standard

pytestmark = pytest.mark.django_db
KEYS = {"label", "count", "done", "url", "hint"}


def test_items_turn_done_as_the_company_sets_up(company, office):
    root = company["root"]
    items = indicator_items(office) + points_items(office) + assessment_items(office) + meeting_items(office)
    assert all(set(item) == KEYS for item in items)
    assert not any(item["done"] for item in items)
    indicator_create(actor=office, code="AL", name="原铝产量", granularity="day", key=True)
    standard.install_standard_points(actor=office, company=root, valid_from=dt.date(2026, 1, 1))
    standard.install_standard_meeting_rules(actor=office, company=root)
    standard.company_go_live_set(actor=office, company=root, go_live=dt.date(2026, 1, 1))
    assert [i["done"] for i in indicator_items(office)] == [True, True, False]
    assert all(i["done"] for i in points_items(office))
    assert [i["done"] for i in meeting_items(office)] == [True, True]  # the holiday calendar is service's line
