"""The reads other capabilities use: production_scores (0–100 per org and month), annual_winners, unit_members."""

import datetime as dt
from decimal import Decimal

from dangjian.core.services import SYSTEM
from dangjian.org.models import OrgUnitLink
from dangjian.value import selectors, services
from tests.factories import PersonFactory, UnitFactory
from tests.value.conftest import DAY, record_row

D = Decimal


def test_production_scores_are_the_mean_of_covered_units_monthly_scores(accounting):
    # March: CA 4 t, CB 2 t, CC 1 t over 10 h each → ranks 1, 2, 3 → scores 100, 50, 0 (n = 3)
    services.records_write(
        actor=SYSTEM,
        rows=[
            record_row("CA", hours="10", AL="4"),
            record_row("CB", hours="10", AL="2"),
            record_row("CC", hours="10", AL="1"),
        ],
        source="api",
    )
    root, branch_a, branch_b, group_a = (accounting[k] for k in ("root", "branch_a", "branch_b", "group_a"))
    other = accounting["other_root"]
    scores = selectors.production_scores(orgs=[root, branch_a, branch_b, group_a, other], month=dt.date(2024, 3, 1))
    # root covers all three: (100 + 50 + 0) / 3; branch_a is responsible for CA, and its group GA for CB: 75;
    # branch_b for CC: 0; the group alone: CB 50; the other company has no data: None
    assert scores == {
        root.pk: D("50.00"),
        branch_a.pk: D("75.00"),
        branch_b.pk: D("0.00"),
        group_a.pk: D("50.00"),
        other.pk: None,
    }
    # coverage through OrgUnitLink counts too: branch_b covering the workshop reaches all three crews
    OrgUnitLink.objects.create(org=branch_b, unit=accounting["workshop"])
    assert selectors.production_scores(orgs=[branch_b], month=dt.date(2024, 3, 1)) == {branch_b.pk: D("50.00")}
    assert selectors.production_scores(orgs=[root], month=dt.date(2024, 4, 1)) == {root.pk: None}


def test_production_scores_rank_only_the_groups_of_the_orgs_companies(accounting, monkeypatch):
    # An assessment of one company's branches must not rank every company's teams (a group's teams are its company's).
    ranked = []
    real = selectors.assess

    def spy(**kwargs):
        ranked.append(sorted(g.code for g in kwargs["groups"]))
        return real(**kwargs)

    monkeypatch.setattr(selectors, "assess", spy)
    selectors.production_scores(orgs=[accounting["branch_a"], accounting["branch_b"]], month=dt.date(2024, 3, 1))
    selectors.production_scores(orgs=[accounting["other_root"]], month=dt.date(2024, 3, 1))
    selectors.production_scores(orgs=[accounting["root"], accounting["other_root"]], month=dt.date(2024, 3, 1))
    assert ranked == [["ELEC"], ["OTHERG"], ["ELEC", "OTHERG"]]


def test_annual_winners_and_unit_members(accounting):
    units = accounting["units"]
    services.winners_set(actor=SYSTEM, year=2024, units=[(units["CB"], D(30)), (units["CA"], D(50))])
    assert selectors.annual_winners(year=2024) == [units["CA"], units["CB"]]
    assert selectors.annual_winners(year=2023) == []
    inside = PersonFactory(branch=accounting["branch_a"], unit=units["CA"].unit)
    below = UnitFactory(code="CA-1", kind="team", parent=units["CA"].unit)
    deeper = PersonFactory(branch=accounting["branch_a"], unit=below)
    PersonFactory(branch=accounting["branch_a"], unit=units["CB"].unit)
    PersonFactory(branch=accounting["branch_a"], unit=units["CA"].unit, active=False)
    assert selectors.unit_members(unit=units["CA"]) == sorted([inside, deeper], key=lambda p: p.employee_no)


def test_annual_points_sum_the_months(accounting):
    services.records_write(
        actor=SYSTEM,
        rows=[
            record_row("CA", hours="10", AL="2"),
            record_row("CB", hours="10", AL="1"),
            record_row("CA", day=DAY + dt.timedelta(days=31), hours="10", AL="1"),
            record_row("CB", day=DAY + dt.timedelta(days=31), hours="10", AL="2"),
            record_row("CC", day=DAY + dt.timedelta(days=31), hours="10", AL="3"),
        ],
        source="api",
    )
    # March: CA 10, CB 8; April: CC 10, CB 8, CA 6
    points = selectors.annual_points(year=2024, groups=[accounting["group"]])
    units = accounting["units"]
    assert points == {units["CA"].pk: D(16), units["CB"].pk: D(16), units["CC"].pk: D(10)}
