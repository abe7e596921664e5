"""The compliance engine: quarter and year boundaries, orgs founded or dissolved mid-period, late meetings, party
groups, the 支委会 threshold, configured rules, the contract's compliance_rate and the matrix's fixed query count."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.core.services import SYSTEM
from dangjian.meetings import compliance, periods, services
from dangjian.meetings.selectors import compliance_rate
from tests.factories import PartyOrgFactory, PersonFactory

D = dt.date
AFTER_2024 = D(2025, 2, 1)


def by_type(results):
    return {r.meeting_type: r for r in results}


def test_periods_labels_and_ends():
    assert periods.containing("quarter", D(2024, 3, 31)).label == "2024-Q1"
    assert periods.containing("quarter", D(2024, 4, 1)).label == "2024-Q2"
    assert periods.containing("month", D(2024, 2, 10)).end == D(2024, 2, 29)
    assert [s.label for s in periods.between("quarter", D(2024, 4, 1), D(2025, 3, 31))] == [
        "2024-Q2",
        "2024-Q3",
        "2024-Q4",
        "2025-Q1",
    ]


def test_quarter_boundary(company, hold):
    """31 March counts for Q1 and 1 April for Q2; Q3 and Q4 are missing."""
    branch = company["branch_a"]
    hold(branch, "general_assembly", "2024-03-31")
    hold(branch, "general_assembly", "2024-04-01")
    result = by_type(compliance.org_year(branch, 2024, AFTER_2024))["general_assembly"]
    assert (result.period, result.expected, result.held) == ("quarter", 4, 2)
    assert result.missing == ["2024-Q3", "2024-Q4"]


def test_year_boundary_and_late_meeting(company, hold):
    """The 2024 组织生活会 held on 15 January 2025 as a make-up counts for 2024 (late), not for 2025; one held on 31
    December counts for its own year."""
    branch = company["branch_a"]
    hold(branch, "review", "2025-01-15", counts_for="2024-12-31")
    y2024 = by_type(compliance.org_year(branch, 2024, D(2026, 1, 10)))["review"]
    assert (y2024.expected, y2024.held, y2024.missing) == (1, 1, [])
    assert y2024.states[0].state == "late"
    y2025 = by_type(compliance.org_year(branch, 2025, D(2026, 1, 10)))["review"]
    assert (y2025.expected, y2025.held, y2025.missing) == (1, 0, ["2025"])
    hold(branch, "review", "2025-12-31")
    y2025 = by_type(compliance.org_year(branch, 2025, D(2026, 1, 10)))["review"]
    assert (y2025.held, y2025.missing, y2025.states[0].state) == (1, [], "met")


def test_late_meeting_without_counts_for_counts_where_held(company, hold):
    """Without naming the period it makes up for, a meeting counts in the month it was held."""
    branch = company["branch_a"]
    hold(branch, "themed_day", "2024-02-01")
    result = by_type(compliance.org_year(branch, 2024, AFTER_2024))["themed_day"]
    assert "2024-01" in result.missing and "2024-02" not in result.missing


def test_running_period_is_open_not_missing(company, hold):
    branch = company["branch_a"]
    hold(branch, "themed_day", "2024-01-10")
    result = by_type(compliance.org_year(branch, 2024, D(2024, 6, 15)))["themed_day"]
    # January to May have ended: 5 expected, 1 held; June is open; July on are open too (not yet ended).
    assert (result.expected, result.held) == (5, 1)
    assert result.missing == ["2024-02", "2024-03", "2024-04", "2024-05"]
    assert [s.state for s in result.states][5:7] == ["open", "open"]


@pytest.mark.parametrize(
    ("founded", "march_due", "year_due"),
    [
        (D(2024, 3, 16), True, True),  # 16 of 31 March days: at least half
        (D(2024, 3, 17), False, True),  # 15 of 31: not
        (D(2024, 7, 2), False, True),  # 183 of 366 days of 2024: exactly half
        (D(2024, 7, 3), False, False),  # 182 of 366
    ],
)
def test_founded_mid_period(company, founded, march_due, year_due):
    org = PartyOrgFactory(parent=company["root"], founded_on=founded)
    results = by_type(compliance.org_year(org, 2024, AFTER_2024))
    march = next(s for s in results["themed_day"].states if s.label == "2024-03")
    assert (march.state != "not_due") is march_due
    assert (results["review"].expected == 1) is year_due


def test_dissolved_mid_year(company):
    """Dissolved on 10 September 2024: September (10 of 30 days) and Q4 are not due; Q3 (72 of 92 days) and the year
    (254 of 366) are."""
    org = PartyOrgFactory(
        parent=company["root"], founded_on=D(2020, 1, 1), status="dissolved", dissolved_on=D(2024, 9, 10)
    )
    results = by_type(compliance.org_year(org, 2024, AFTER_2024))
    assert results["themed_day"].expected == 8
    assert results["themed_day"].missing[-1] == "2024-08"
    assert results["general_assembly"].missing == ["2024-Q1", "2024-Q2", "2024-Q3"]
    assert results["review"].missing == ["2024"]


def test_party_group_has_only_group_meetings(company, hold):
    group = company["group_a"]
    hold(group, "group", "2024-05-20")
    results = by_type(compliance.org_year(group, 2024, AFTER_2024))
    assert set(results) == {"group"}
    assert (results["group"].expected, results["group"].held) == (12, 1)
    assert "group" not in by_type(compliance.org_year(company["branch_a"], 2024, AFTER_2024))


def test_committee_meetings_only_for_branches_with_seven_full_members(company, big_branch):
    assert "committee" in by_type(compliance.org_year(big_branch, 2024, AFTER_2024))
    # Branch BB has one full member: no committee meeting is expected of it.
    assert "committee" not in by_type(compliance.org_year(company["branch_b"], 2024, AFTER_2024))


def test_configured_rule(company, hold):
    """The company sets 党课 to twice a year: one lecture leaves the year missing; a rule switched off is
    not checked."""
    services.rule_save(actor=SYSTEM, company=company["root"], meeting_type="lecture", period="year", times=2)
    branch = company["branch_a"]
    hold(branch, "lecture", "2024-06-01")
    result = by_type(compliance.org_year(branch, 2024, AFTER_2024))["lecture"]
    assert (result.period, result.expected, result.held, result.missing) == ("year", 2, 1, ["2024"])
    services.rule_save(actor=SYSTEM, company=company["root"], meeting_type="talk", active=False)
    assert "talk" not in by_type(compliance.org_year(branch, 2024, AFTER_2024))


def test_compliance_rate_hand_computed(company, hold, monkeypatch):
    """Q1 2024 for the whole company (ROOT): BA and BB each owe 3 主题党日, 1 党员大会 and 1 党课 (5 each); group GA
    owes 3 党小组会. Held: BA 3 主题党日 + 1 党员大会, BB 1 主题党日, GA 0. Rate = 5 / 13."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: D(2025, 1, 1))
    ba, bb = company["branch_a"], company["branch_b"]
    for day in ("2024-01-05", "2024-02-05", "2024-03-05"):
        hold(ba, "themed_day", day)
    hold(ba, "general_assembly", "2024-03-20")
    hold(bb, "themed_day", "2024-01-09")
    hold(bb, "themed_day", "2024-01-19")  # a second one in January does not make up for February
    rate = compliance_rate(org=company["root"], start=D(2024, 1, 1), end=D(2024, 3, 31))
    assert rate == (Decimal(5) / Decimal(13)).quantize(Decimal("0.0001"))
    # BA's subtree holds its group GA: (3 + 1) held of (5 + 3) expected.
    assert compliance_rate(org=ba, start=D(2024, 1, 1), end=D(2024, 3, 31)) == Decimal("0.5000")
    assert compliance_rate(org=ba, start=D(2030, 1, 1), end=D(2030, 3, 31)) is None


def test_month_levels(company, hold):
    branch = company["branch_a"]
    for month in range(1, 13):
        hold(branch, "themed_day", f"2024-{month:02d}-10")
    hold(branch, "general_assembly", "2024-03-10")
    hold(branch, "lecture", "2024-03-11")
    hold(branch, "general_assembly", "2024-07-02", counts_for="2024-06-30")
    row = compliance.matrix([branch], 2024, AFTER_2024)[0]
    # Jan, Feb: only 主题党日, met. Mar: everything due met. Jun: 党员大会 late, 党课 missing → amber.
    assert row["cells"][0] == row["cells"][1] == row["cells"][2] == "green"
    assert row["cells"][5] == "amber"
    # Dec: 主题党日 met, Q4 党员大会/党课 and the yearly three missing → amber; with nothing at all it would be red.
    assert row["cells"][11] == "amber"
    empty = PartyOrgFactory(parent=company["root"])
    assert compliance.matrix([empty], 2024, AFTER_2024)[0]["cells"][0] == "red"
    assert compliance.matrix([empty], 2024, D(2024, 1, 20))[0]["cells"][0] == "open"


def test_matrix_query_count_does_not_grow(company, hold, django_assert_num_queries):
    orgs = [company["branch_a"]]
    # rules, members, seats, meetings and the companies' go-live dates
    with django_assert_num_queries(5):
        compliance.matrix(orgs, 2024, AFTER_2024)
    many = orgs + [PartyOrgFactory(parent=company["root"]) for _ in range(5)]
    for org in many:
        PersonFactory(branch=org, member=True)
        hold(org, "themed_day", "2024-03-03")
    with django_assert_num_queries(5):
        rows = compliance.matrix(many, 2024, AFTER_2024)
    assert len(rows) == 6
