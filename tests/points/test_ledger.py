"""The ledger: rules refused for formalism, caps cut at approval, reversals, self-approval refused, appeals, and the
append-only trigger on PostgreSQL."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.models import AuditLog
from dangjian.core.services import SYSTEM
from dangjian.points import services
from dangjian.points.models import Appeal, PointsEntry
from tests.factories import account_with_role
from tests.points.conftest import DAY


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("每日登录", ""),
        ("在线时长满2小时", ""),
        ("文章点赞", ""),
        ("转发学习文章", ""),
        ("分享到朋友圈", ""),
        ("每日签到", ""),
        ("学习打卡", ""),
        ("Daily login bonus", ""),
        ("学习强国", "login"),
        ("积极参与", "online_time"),
        ("积极参与", "like"),
        ("积极参与", "check_in"),
    ],
)
def test_rules_for_logins_online_time_likes_shares_or_check_ins_are_refused(company, name, source):
    with pytest.raises(InvalidInput) as exc:
        services.rule_create(
            actor=SYSTEM,
            company=company["root"],
            code="BAD",
            name=name,
            category="merit",
            points=Decimal(1),
            valid_from=dt.date(2025, 1, 1),
            source=source,
        )
    assert "2023" in exc.value.message and "2026" in exc.value.message
    assert not company["root"].points_rules.exists()


def test_refused_in_the_description_and_in_a_new_version_too(company, merit_rule):
    with pytest.raises(InvalidInput):
        services.rule_create(
            actor=SYSTEM,
            company=company["root"],
            code="X",
            name="学习",
            category="merit",
            points=Decimal(1),
            valid_from=dt.date(2025, 1, 1),
            description="按打卡天数计分",
        )
    with pytest.raises(InvalidInput):
        services.rule_new_version(actor=SYSTEM, rule=merit_rule, valid_from=dt.date(2025, 1, 1), name="岗位签到")


def test_default_catalogue_has_every_automatic_source(rules):
    sources = {r.source for r in rules.values()}
    assert {
        "meeting_attendance",
        "meeting_absence",
        "project_role",
        "service_request_resolved",
        "winning_team",
        "challenge_completed",
    } <= sources


def test_new_version_closes_the_old_one(merit_rule):
    new = services.rule_new_version(actor=SYSTEM, rule=merit_rule, valid_from=dt.date(2025, 7, 1), points=Decimal(6))
    merit_rule.refresh_from_db()
    assert (new.version, new.points, merit_rule.valid_to) == (2, Decimal(6), dt.date(2025, 6, 30))
    assert services.rule_for(company=merit_rule.company, code="TEST_MERIT", day=dt.date(2025, 6, 30)) == merit_rule
    assert services.rule_for(company=merit_rule.company, code="TEST_MERIT", day=dt.date(2025, 7, 1)) == new


def _claim(member, person, rule, day=DAY, points=None):
    return services.entry_create(
        actor=member, person=person, rule=rule, occurred_on=day, reason="技改攻关", points=points
    )


def test_cap_cuts_the_excess_at_approval_with_a_note(company, merit_rule, member_a, secretary_a):
    """Cap 12 a quarter, 5 each: 5 + 5 approved, the third is cut to 2, the fourth to 0; a new quarter starts again."""
    person = company["person_a"]
    entries = [_claim(member_a, person, merit_rule) for _ in range(4)]
    assert all(e.status == "pending" and e.awarded is None for e in entries)
    awarded = [services.entry_approve(actor=secretary_a, entry=e).awarded for e in entries]
    assert awarded == [Decimal(5), Decimal(5), Decimal(2), Decimal(0)]
    third = PointsEntry.objects.get(pk=entries[2].pk)
    assert "5" in third.decision_note and "2" in third.decision_note and "12" in third.decision_note
    next_quarter = _claim(member_a, person, merit_rule, day=dt.date(2025, 7, 1))
    assert services.entry_approve(actor=secretary_a, entry=next_quarter).awarded == Decimal(5)


def test_cap_on_deductions_counts_their_size(company, rules, secretary_a):
    """DUES_LATE: −3 each, at most 12 a year: −3 ×4 = −12, the fifth deducts nothing."""
    person = company["person_a"]
    got = []
    for month in range(1, 6):
        entry = services.entry_create(
            actor=secretary_a,
            person=person,
            rule=rules["DUES_LATE"],
            occurred_on=dt.date(2025, month, 28),
            reason="党费迟交",
        )
        got.append(services.entry_approve(actor=secretary_a, entry=entry).awarded)
    assert got == [Decimal(-3)] * 4 + [Decimal(0)]


def test_nobody_approves_their_own_entry(company, merit_rule):
    person = company["person_a"]
    both = account_with_role("secretary", company["branch_a"], person=person, username="sec_self")
    entry = _claim(both, person, merit_rule)
    assert entry.status == "pending"  # a self-claim is never approved at once, even by a secretary
    with pytest.raises(NotPermitted):
        services.entry_approve(actor=both, entry=entry)
    with pytest.raises(NotPermitted):
        services.entry_reject(actor=both, entry=entry, note="x")
    assert PointsEntry.objects.get(pk=entry.pk).status == "pending"


def test_out_of_scope_secretary_cannot_approve(company, merit_rule, member_a):
    entry = _claim(member_a, company["person_a"], merit_rule)
    other = account_with_role("secretary", company["branch_b"], username="sec_b")
    with pytest.raises(NotPermitted):
        services.entry_approve(actor=other, entry=entry)


def test_a_decided_entry_cannot_be_decided_again(company, merit_rule, member_a, secretary_a, office):
    entry = _claim(member_a, company["person_a"], merit_rule)
    services.entry_approve(actor=secretary_a, entry=entry)
    with pytest.raises(Conflict):
        services.entry_approve(actor=office, entry=entry)
    with pytest.raises(Conflict):
        services.entry_reject(actor=office, entry=entry, note="late")


def test_reversal_is_a_new_entry_and_only_once(company, merit_rule, member_a, secretary_a):
    entry = services.entry_approve(actor=secretary_a, entry=_claim(member_a, company["person_a"], merit_rule))
    reversal = services.entry_reverse(actor=secretary_a, entry=entry, reason="重复申报")
    assert (reversal.points, reversal.awarded, reversal.reverses_id, reversal.occurred_on) == (
        Decimal(-5),
        Decimal(-5),
        entry.pk,
        entry.occurred_on,
    )
    assert PointsEntry.objects.get(pk=entry.pk).awarded == Decimal(5)  # the original is untouched
    with pytest.raises(Conflict):
        services.entry_reverse(actor=secretary_a, entry=entry, reason="again")
    with pytest.raises(Conflict):
        services.entry_reverse(actor=secretary_a, entry=reversal, reason="reverse the reversal")
    # the reversal frees the cap: 12 − (5 − 5) leaves room for two more full claims
    more = [
        services.entry_approve(actor=secretary_a, entry=_claim(member_a, company["person_a"], merit_rule))
        for _ in range(3)
    ]
    assert [e.awarded for e in more] == [Decimal(5), Decimal(5), Decimal(2)]


def test_evidence_required_and_automatic_rules_are_not_claimed(company, rules, member_a):
    with pytest.raises(InvalidInput) as exc:
        services.entry_create(
            actor=member_a, person=company["person_a"], rule=rules["HONOUR"], occurred_on=DAY, reason="先进个人"
        )
    assert "evidence" in exc.value.errors
    with pytest.raises(InvalidInput):
        services.entry_create(
            actor=member_a, person=company["person_a"], rule=rules["ORG_LIFE"], occurred_on=DAY, reason="参会"
        )


def test_member_cannot_record_for_someone_else(company, merit_rule, member_a):
    with pytest.raises(NotPermitted):
        _claim(member_a, company["person_b"], merit_rule)


def test_appeal_upheld_reverses_a_deduction(company, rules, member_a, secretary_a, office):
    entry = services.entry_create(
        actor=secretary_a,
        person=company["person_a"],
        rule=rules["SAFETY_VIOLATION"],
        occurred_on=DAY,
        reason="未戴安全帽",
        evidence="巡检记录 2025-05-12",
    )
    entry = services.entry_approve(actor=office, entry=entry)
    with pytest.raises(NotPermitted):
        services.appeal_create(actor=secretary_a, entry=entry, reason="not mine")
    appeal = services.appeal_create(actor=member_a, entry=entry, reason="当日在检修区，已佩戴")
    with pytest.raises(Conflict):
        services.appeal_create(actor=member_a, entry=entry, reason="again")
    with pytest.raises(NotPermitted):
        services.appeal_decide(actor=member_a, appeal=appeal, uphold=True, decision="self")
    decided = services.appeal_decide(actor=office, appeal=appeal, uphold=True, decision="监控显示已佩戴")
    assert decided.status == Appeal.Status.UPHELD
    assert decided.outcome_entry.awarded == Decimal(5) and decided.outcome_entry.reverses_id == entry.pk
    assert AuditLog.objects.filter(object_type="points.appeal", object_id=str(appeal.pk)).count() == 2


def test_appeal_upheld_grants_a_rejected_claim_and_dismissal_changes_nothing(
    company, merit_rule, member_a, secretary_a, office
):
    entry = services.entry_reject(
        actor=secretary_a, entry=_claim(member_a, company["person_a"], merit_rule), note="无佐证"
    )
    appeal = services.appeal_create(actor=member_a, entry=entry, reason="有班组记录")
    decided = services.appeal_decide(actor=office, appeal=appeal, uphold=True, decision="补充材料属实")
    assert decided.outcome_entry.status == "approved" and decided.outcome_entry.awarded == Decimal(5)
    other = services.entry_approve(actor=secretary_a, entry=_claim(member_a, company["person_a"], merit_rule))
    appeal = services.appeal_create(actor=member_a, entry=other, reason="应多给")
    count = PointsEntry.objects.count()
    services.appeal_decide(actor=office, appeal=appeal, uphold=False, decision="按规则计分")
    assert PointsEntry.objects.count() == count


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's")
def test_ledger_is_append_only_in_the_database(company, merit_rule, member_a, secretary_a):
    entry = services.entry_approve(actor=secretary_a, entry=_claim(member_a, company["person_a"], merit_rule))
    for change in (
        lambda: PointsEntry.objects.filter(pk=entry.pk).update(awarded=50),
        lambda: PointsEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    pending = _claim(member_a, company["person_a"], merit_rule)
    with pytest.raises(DatabaseError), transaction.atomic():
        PointsEntry.objects.filter(pk=pending.pk).update(points=99)
    assert PointsEntry.objects.get(pk=entry.pk).awarded == Decimal(5)
