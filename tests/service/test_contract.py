"""The integration contract: sla_rate and satisfaction over an org's subtree, computed by hand."""

import datetime as dt
from decimal import Decimal

from dangjian.service.selectors import satisfaction, sla_rate

D = dt.date
START, END, TODAY = D(2026, 3, 1), D(2026, 3, 31), D(2026, 6, 1)


def test_sla_rate_by_hand(company, make_request):
    group = company["group_a"]
    # handled in BA's subtree with a resolve deadline in March: met, met (in the party group, on the day), missed,
    # still open past it (missed)
    make_request(state="closed", resolve_due=D(2026, 3, 10), resolved_on=D(2026, 3, 9))
    make_request(state="resolved", org=group, resolve_due=D(2026, 3, 20), resolved_on=D(2026, 3, 20))
    make_request(state="closed", resolve_due=D(2026, 3, 5), resolved_on=D(2026, 3, 6))
    make_request(state="coordinating", resolve_due=D(2026, 3, 31), resolved_on=None)
    # not counted: deadline outside March, another branch
    make_request(state="closed", resolve_due=D(2026, 4, 1), resolved_on=D(2026, 5, 1))
    make_request(state="closed", org=company["branch_b"], resolve_due=D(2026, 3, 10), resolved_on=D(2026, 3, 30))
    assert sla_rate(org=company["branch_a"], start=START, end=END, today=TODAY) == Decimal("0.5000")
    assert sla_rate(org=group, start=START, end=END, today=TODAY) == Decimal("1.0000")
    assert sla_rate(org=company["branch_b"], start=START, end=END, today=TODAY) == Decimal("0.0000")
    # the root covers all five March deadlines: 2 met
    assert sla_rate(org=company["root"], start=START, end=END, today=TODAY) == Decimal("0.4000")


def test_an_open_request_not_yet_due_is_not_judged(company, make_request):
    make_request(state="coordinating", resolve_due=D(2026, 3, 31), resolved_on=None)
    assert sla_rate(org=company["branch_a"], start=START, end=END, today=D(2026, 3, 31)) is None
    assert sla_rate(org=company["branch_a"], start=START, end=END, today=D(2026, 4, 1)) == Decimal("0.0000")


def test_satisfaction_by_hand(company, make_request):
    make_request(state="closed", rating=5, rated_on=D(2026, 3, 2))
    make_request(state="feedback", rating=4, rated_on=D(2026, 3, 31))
    make_request(state="closed", org=company["group_a"], rating=4, rated_on=D(2026, 3, 15))
    make_request(state="closed", rating=1, rated_on=D(2026, 4, 1))  # April: outside
    make_request(state="closed", org=company["branch_b"], rating=1, rated_on=D(2026, 3, 15))
    assert satisfaction(org=company["branch_a"], start=START, end=END) == Decimal("4.33")  # 13 / 3
    assert satisfaction(org=company["root"], start=START, end=END) == Decimal("3.50")  # 14 / 4
    assert satisfaction(org=company["branch_a"], start=D(2025, 1, 1), end=D(2025, 12, 31)) is None


def test_none_when_nothing_was_due(company):
    assert sla_rate(org=company["root"], start=START, end=END) is None
