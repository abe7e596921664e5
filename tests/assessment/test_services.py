"""The monthly cycle on a hand-computed case, locking, and a reviewer refused on their own branch."""

import datetime as dt
from decimal import Decimal as D

import pytest

from dangjian.assessment import services
from dangjian.assessment.models import Line, Period, ProductionScore, Sheet
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from tests.assessment.conftest import JAN, key_task
from tests.factories import account_with_role


def line(sheet, code):
    return Line.objects.select_related("item", "sheet").get(sheet=sheet, item__code=code)


@pytest.fixture
def january(company, template, office):
    # Branch A's key tasks due in January 2022: three closed on time, one closed late (rate 0.75).
    a = company["branch_a"]
    key_task(a, "K1", dt.date(2022, 1, 10), dt.date(2022, 1, 9))
    key_task(a, "K2", dt.date(2022, 1, 20), dt.date(2022, 1, 20))
    key_task(a, "K3", dt.date(2022, 1, 31), dt.date(2022, 1, 31))
    key_task(a, "K4", dt.date(2022, 1, 31), dt.date(2022, 2, 1))
    key_task(a, "K5", dt.date(2022, 2, 1))  # due in February: not January's
    return services.period_open(actor=office, template=template, month=JAN)


def test_open_fills_sheets_and_automatic_items(company, january):
    sheets = {s.org.code: s for s in january.sheets.select_related("org")}
    assert set(sheets) == {"BA", "BB"}
    # January is not a quarter end: the quarterly item B1 is not on the sheet.
    assert sorted(Line.objects.filter(sheet=sheets["BA"]).values_list("item__code", flat=True)) == ["A1", "A2", "B2"]
    a2 = line(sheets["BA"], "A2")
    assert a2.automatic and a2.rate == D("0.75") and a2.auto_points == D("5.00")
    assert "3 of 4 key tasks" in a2.computation and "K4" in a2.computation
    b2 = line(sheets["BA"], "B2")
    assert not b2.automatic and "No data source yet" in b2.computation
    # Branch B owed no key task in January: nothing deducted.
    assert line(sheets["BB"], "A2").auto_points == D("10.00")


def test_the_whole_cycle_by_hand(company, january, secretary_a, office, reviewer):
    sheet_a = january.sheets.get(org=company["branch_a"])
    sheet_b = january.sheets.get(org=company["branch_b"])
    sec_b = account_with_role("secretary", company["branch_b"], username="sec_b")
    with pytest.raises(InvalidInput):  # the manual items are not scored yet
        services.sheet_transition(actor=secretary_a, sheet=sheet_a, action="submit")
    services.line_self_save(actor=secretary_a, line=line(sheet_a, "A1"), score="9", evidence="")
    services.line_self_save(actor=secretary_a, line=line(sheet_a, "B2"), score="4")
    with pytest.raises(InvalidInput) as refused:  # A1 requires evidence
        services.sheet_transition(actor=secretary_a, sheet=sheet_a, action="submit")
    assert f"line_{line(sheet_a, 'A1').pk}" in refused.value.errors
    services.line_self_save(actor=secretary_a, line=line(sheet_a, "A1"), score="9", evidence="1月支委会记录")
    with pytest.raises(InvalidInput):  # automatic items are not typed
        services.line_self_save(actor=secretary_a, line=line(sheet_a, "A2"), score="10")
    with pytest.raises(InvalidInput):  # above the maximum
        services.line_self_save(actor=secretary_a, line=line(sheet_a, "B2"), score="6")
    with pytest.raises(NotPermitted):  # not branch B's secretary
        services.line_self_save(actor=secretary_a, line=line(sheet_b, "B2"), score="5")
    services.sheet_transition(actor=secretary_a, sheet=sheet_a, action="submit")
    with pytest.raises(Conflict):  # submitted: no more self-scoring
        services.line_self_save(actor=secretary_a, line=line(sheet_a, "B2"), score="5")
    with pytest.raises(InvalidInput):  # a deduction needs its reason
        services.line_deduct(actor=reviewer, line=line(sheet_a, "A1"), deduction="2")
    services.line_deduct(actor=reviewer, line=line(sheet_a, "A1"), deduction="2", reason="会议记录缺签到")
    services.sheet_transition(actor=reviewer, sheet=sheet_a, action="review")

    services.line_self_save(actor=sec_b, line=line(sheet_b, "A1"), score="10", evidence="记录")
    services.line_self_save(actor=sec_b, line=line(sheet_b, "B2"), score="5")
    services.sheet_transition(actor=sec_b, sheet=sheet_b, action="submit")
    with pytest.raises(Conflict):  # branch B is not reviewed yet
        services.period_lock(actor=office, period=january)
    services.sheet_transition(actor=office, sheet=sheet_b, action="review")
    services.production_score_set(actor=office, org=company["branch_a"], month=JAN, value="80")

    with pytest.raises(NotPermitted):
        services.period_lock(actor=reviewer, period=january)  # 党群工作部 locks
    services.period_lock(actor=office, period=january)
    sheet_a.refresh_from_db()
    sheet_b.refresh_from_db()
    # A: (9 − 2) + 5 + 4 = 16 of 25 → 64.00; × 0.6 + 80 × 0.4 = 70.40.  B: 25 of 25 → 100, no production score.
    assert (sheet_a.party_score, sheet_a.production_score, sheet_a.total) == (D("64.00"), D("80.00"), D("70.40"))
    assert (sheet_b.party_score, sheet_b.production_score, sheet_b.total) == (D("100.00"), None, D("100.00"))
    assert (sheet_b.rank, sheet_a.rank) == (1, 2)
    assert sheet_a.status == Sheet.Status.LOCKED
    # Locked: nothing changes any more.
    audits = AuditLog.objects.count()
    with pytest.raises(Conflict):
        services.line_deduct(actor=reviewer, line=line(sheet_a, "A1"), deduction="0")
    with pytest.raises(Conflict):
        services.period_lock(actor=office, period=january)
    assert AuditLog.objects.count() == audits
    assert Period.objects.get(pk=january.pk).locked


def test_return_needs_a_reason_and_reopens_self_scoring(company, january, secretary_a, reviewer):
    sheet_a = january.sheets.get(org=company["branch_a"])
    services.line_self_save(actor=secretary_a, line=line(sheet_a, "A1"), score="9", evidence="记录")
    services.line_self_save(actor=secretary_a, line=line(sheet_a, "B2"), score="4")
    services.sheet_transition(actor=secretary_a, sheet=sheet_a, action="submit")
    with pytest.raises(InvalidInput):
        services.sheet_transition(actor=reviewer, sheet=sheet_a, action="return")
    services.sheet_transition(actor=reviewer, sheet=sheet_a, action="return", comment="佐证不足")
    sheet_a.refresh_from_db()
    assert sheet_a.status == Sheet.Status.DRAFT and sheet_a.returned_reason == "佐证不足"
    services.line_self_save(actor=secretary_a, line=line(sheet_a, "B2"), score="5")
    services.sheet_transition(actor=secretary_a, sheet=sheet_a, action="submit")
    with pytest.raises(NotPermitted):  # the branch cannot review itself
        services.sheet_transition(actor=secretary_a, sheet=sheet_a, action="review")


def test_a_reviewer_cannot_score_their_own_branch(company, january, dual, secretary_a):
    """A secretary of branch A who also holds a role over its parent reviews branch B, never branch A."""
    sheet_a = january.sheets.get(org=company["branch_a"])
    sheet_b = january.sheets.get(org=company["branch_b"])
    for sheet, sec in ((sheet_a, secretary_a), (sheet_b, account_with_role("secretary", company["branch_b"]))):
        services.line_self_save(actor=sec, line=line(sheet, "A1"), score="8", evidence="记录")
        services.line_self_save(actor=sec, line=line(sheet, "B2"), score="4")
        services.sheet_transition(actor=sec, sheet=sheet, action="submit")
    before = AuditLog.objects.count()
    with pytest.raises(NotPermitted) as refused:
        services.line_deduct(actor=dual, line=line(sheet_a, "A1"), deduction="0")
    assert "own branch" in refused.value.message
    with pytest.raises(NotPermitted):
        services.sheet_transition(actor=dual, sheet=sheet_a, action="review")
    assert AuditLog.objects.count() == before
    services.line_deduct(actor=dual, line=line(sheet_b, "A1"), deduction="1", reason="记录不全")
    services.sheet_transition(actor=dual, sheet=sheet_b, action="review")
    assert Sheet.objects.get(pk=sheet_b.pk).status == Sheet.Status.REVIEWED


def test_a_member_of_the_branch_cannot_review_it(company, january, secretary_a):
    """党群工作部 staff whose own person belongs to branch A still do not review branch A."""
    office_in_a = account_with_role("party_office", company["root"], person=company["person_a"], username="off_a")
    sheet_a = january.sheets.get(org=company["branch_a"])
    services.line_self_save(actor=secretary_a, line=line(sheet_a, "A1"), score="8", evidence="记录")
    services.line_self_save(actor=secretary_a, line=line(sheet_a, "B2"), score="4")
    services.sheet_transition(actor=secretary_a, sheet=sheet_a, action="submit")
    with pytest.raises(NotPermitted):
        services.sheet_transition(actor=office_in_a, sheet=sheet_a, action="review")


def test_open_twice_and_outside_the_year(template, office):
    services.period_open(actor=office, template=template, month=JAN)
    with pytest.raises(Conflict):
        services.period_open(actor=office, template=template, month=JAN)
    with pytest.raises(InvalidInput):
        services.period_open(actor=office, template=template, month=dt.date(2023, 1, 1))


def test_quarter_end_adds_the_quarterly_item(company, template):
    period = services.period_open(actor=SYSTEM, template=template, month=dt.date(2022, 3, 1))
    codes = Line.objects.filter(sheet__period=period, sheet__org=company["branch_a"]).values_list(
        "item__code", flat=True
    )
    assert sorted(codes) == ["A1", "A2", "B1", "B2"]


def test_production_score_bounds_and_clear(company, office):
    with pytest.raises(InvalidInput):
        services.production_score_set(actor=office, org=company["branch_a"], month=JAN, value="101")
    services.production_score_set(actor=office, org=company["branch_a"], month=JAN, value="88.5")
    assert ProductionScore.objects.get().value == D("88.50")
    services.production_score_set(actor=office, org=company["branch_a"], month=JAN, value="")
    assert not ProductionScore.objects.exists()


def test_production_provider_comes_first(company, office):
    from dangjian.assessment import production

    services.production_score_set(actor=office, org=company["branch_a"], month=JAN, value="70")
    linked = production._provider  # team accounting's, registered when the app loads
    production.set_provider(lambda *, orgs, month: {company["branch_a"].pk: D("91.5"), company["branch_b"].pk: None})
    try:
        scores = production.production_scores(orgs=[company["branch_a"], company["branch_b"]], month=JAN)
    finally:
        production.set_provider(linked)
    assert scores[company["branch_a"].pk][0] == D("91.5")
    assert scores[company["branch_b"].pk] == (None, "")


def test_the_ranking_statement_scores_as_scoring_does(company, template, office):
    """month_ranking's one statement (PostgreSQL) computes the party and combined scores in the database; they must
    be what scoring.py computes from the same sums — with a stored production score, with team accounting's (which
    comes first) and with none."""
    from dangjian.assessment import production, selectors
    from dangjian.assessment.models import Line

    period = services.period_open(actor=SYSTEM, template=template, month=JAN)
    lines = list(Line.objects.filter(sheet__period=period, automatic=False).select_related("item"))
    for n, line in enumerate(lines):
        line.self_score = line.item.max_points - D(n % 3) / 3  # fractions that round
        line.deduction = D(n % 2) / 7
    Line.objects.bulk_update(lines, ["self_score", "deduction"])
    services.production_score_set(actor=office, org=company["branch_a"], month=JAN, value="70.55")
    services.production_score_set(actor=office, org=company["branch_b"], month=JAN, value="33.3")
    linked = production._provider
    production.set_provider(lambda *, orgs, month: {company["branch_b"].pk: D("91.5")})
    try:
        [(found, standings)] = selectors.month_ranking(user=office, month=JAN)
        written_out = [(s.sheet.org_id, s.party, s.production, s.production_source, s.total, s.rank) for s in standings]
        by_orm = selectors.standings(selectors._sheets_orm(Sheet.objects.filter(period=period)))
        by_python = [(s.sheet.org_id, s.party, s.production, s.production_source, s.total, s.rank) for s in by_orm]
    finally:
        production.set_provider(linked)
    assert found == period and len(written_out) >= 2
    from django.db import connection

    assert all(s.sheet.scored_in_db == (connection.vendor == "postgresql") for s in standings)
    assert written_out == by_python
    assert {row[0]: row[2] for row in written_out}[company["branch_b"].pk] == D("91.5")  # the provider's, not 33.3
    assert {row[0]: row[2] for row in written_out}[company["branch_a"].pk] == D("70.55")


@pytest.mark.parametrize("tie", [False, True], ids=["apart", "tied"])
def test_the_ranking_statement_ranks_and_orders_as_standings_does(company, template, office, tie):
    """Where team accounting gives no other production score, month_ranking takes the ranks and the order from the
    statement (PostgreSQL) as they are: they must be those standings() computes in Python — apart, and tied (equal
    ranks, then the org's path)."""
    from dangjian.assessment import production, selectors
    from dangjian.assessment.models import Line

    period = services.period_open(actor=SYSTEM, template=template, month=JAN)
    lines = list(Line.objects.filter(sheet__period=period, automatic=False).select_related("item", "sheet__org"))
    for line in lines:
        behind = 0 if tie or line.sheet.org == company["branch_b"] else 1
        line.self_score = line.item.max_points - D(behind)
    Line.objects.bulk_update(lines, ["self_score"])
    linked = production._provider
    production.set_provider(lambda *, orgs, month: {})
    try:
        [(_found, standings)] = selectors.month_ranking(user=office, month=JAN)
        by_orm = selectors.standings(selectors._sheets_orm(Sheet.objects.filter(period=period)))
    finally:
        production.set_provider(linked)
    read = [(s.sheet.org_id, s.party, s.total, s.rank) for s in standings]
    assert read == [(s.sheet.org_id, s.party, s.total, s.rank) for s in by_orm]
    ranks = [rank for _org, _party, _total, rank in read]
    assert ranks == ([1] * len(read) if tie else list(range(1, len(read) + 1)))
    if not tie:
        assert read[0][0] == company["branch_b"].pk  # full marks first
