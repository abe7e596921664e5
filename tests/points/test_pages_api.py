"""Pages (bounded query counts, the appeal button, the formalism refusal on the rule form), the gaming checks on
hand-built cases, and the API (entries, claims, decisions, leaderboard, stars)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.core.services import SYSTEM
from dangjian.points import gaming, services
from dangjian.points.models import PointsEntry, PointsRule
from tests.factories import PersonFactory, account_with_role
from tests.points.conftest import DAY


def _entries(company, rule, n, person=None, approver=SYSTEM):
    for i in range(n):
        entry = services.entry_create(
            actor=SYSTEM,
            person=person or company["person_a"],
            rule=rule,
            occurred_on=DAY - dt.timedelta(days=i),
            reason=f"第{i}次",
            evidence="记录",
        )
        services.entry_approve(actor=approver, entry=entry)


@pytest.mark.parametrize("n", [2, 20])
def test_my_points_page_is_bounded_and_offers_appeals(
    client, company, rules, member_a, n, django_assert_max_num_queries
):
    _entries(company, rules["HONOUR"], n)
    client.force_login(member_a)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("points:mine"), {"year": DAY.year})
    body = response.content.decode()
    assert response.status_code == 200 and "第1次" in body
    assert reverse("points:appeal", kwargs={"pk": PointsEntry.objects.first().pk}) in body


@pytest.mark.parametrize("n", [2, 15])
def test_leaderboard_stars_queue_and_checks_are_bounded(
    client, company, rules, office, n, django_assert_max_num_queries
):
    for i in range(n):
        _entries(company, rules["HONOUR"], 1, person=PersonFactory(branch=company["branch_a"], member=True))
        services.entry_create(
            actor=SYSTEM,
            person=company["person_b"],
            rule=rules["HONOUR"],
            occurred_on=DAY,
            reason=f"待审{i}",
            evidence="e",
        )
    client.force_login(office)
    for name, params, bound in (
        ("points:leaderboard", {"period": str(DAY.year)}, 14),
        ("points:stars", {"year": DAY.year}, 14),
        ("points:queue", {}, 14),
        ("points:gaming", {"year": DAY.year}, 16),
        ("points:branches", {"year": DAY.year}, 14),
        ("points:rules", {}, 12),
    ):
        with django_assert_max_num_queries(bound):
            assert client.get(reverse(name), params).status_code == 200, name


def test_leaderboard_ranks_and_ties(client, company, rules, office):
    """李明 20 (two honours), 王芳 10, a third member 10: ranks 1, 2, 2."""
    _entries(company, rules["HONOUR"], 2)
    _entries(company, rules["HONOUR"], 1, person=company["person_b"])
    _entries(company, rules["HONOUR"], 1, person=PersonFactory(branch=company["branch_a"], member=True))
    client.force_login(office)
    data = client.get(reverse("api:points_leaderboard"), {"period": "2025"}).json()
    assert [(s["rank"], Decimal(s["total"])) for s in data["standings"]] == [(1, 20), (2, 10), (2, 10)]
    data = client.get(reverse("api:points_leaderboard"), {"period": "2025", "org": "BB"}).json()
    assert [s["name"] for s in data["standings"]] == ["王芳"]
    assert client.get(reverse("api:points_leaderboard"), {"period": "2025-13"}).status_code == 400


def test_rule_form_refuses_a_check_in_rule_with_the_reason(client, company, rules, office):
    client.force_login(office)
    response = client.post(
        reverse("points:rule_create"),
        {
            "code": "SIGN",
            "name": "每日学习打卡",
            "category": "merit",
            "points": "1",
            "cap_period": "year",
            "valid_from": "2025-01-01",
            "approval_required": "on",
        },
    )
    assert response.status_code == 400 and "2023" in response.content.decode()
    assert not PointsRule.objects.filter(code="SIGN").exists()


def test_member_claims_and_appeals_through_the_pages(client, company, rules, member_a, secretary_a):
    client.force_login(member_a)
    response = client.post(
        reverse("points:claim"),
        {
            "rule": rules["INNOVATION"].pk,
            "occurred_on": DAY.isoformat(),
            "reason": "合理化建议",
            "evidence": "采纳通知",
        },
    )
    assert response.status_code == 302
    entry = PointsEntry.objects.get(reason="合理化建议")
    assert entry.status == "pending"
    client.force_login(secretary_a)
    client.post(reverse("points:decide", kwargs={"pk": entry.pk}), {"decision": "reject", "note": "未采纳"})
    client.force_login(member_a)
    client.post(reverse("points:appeal", kwargs={"pk": entry.pk}), {"reason": "已采纳，见通知"})
    client.force_login(secretary_a)
    appeal = entry.appeals.get()
    client.post(reverse("points:appeal_decide", kwargs={"pk": appeal.pk}), {"uphold": "1", "decision": "属实"})
    appeal.refresh_from_db()
    assert appeal.status == "upheld" and appeal.outcome_entry.awarded == Decimal(5)


def test_api_claim_list_and_decision(client, company, rules, member_a, secretary_a):
    client.force_login(member_a)
    response = client.post(
        reverse("api:points_entry_create"),
        {
            "rule": "innovation",
            "occurred_on": DAY.isoformat(),
            "reason": "QC成果",
            "evidence": "证书",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["status"] == "pending"
    entry_id = response.json()["id"]
    assert (
        client.post(
            reverse("api:points_entry_create"),
            {"rule": "ORG_LIFE", "occurred_on": DAY.isoformat(), "reason": "参会"},
            content_type="application/json",
        ).status_code
        == 400
    )  # automatic rules are not claimed
    assert (
        client.post(
            reverse("api:points_entry_decide", kwargs={"entry_id": entry_id}),
            {"decision": "approve"},
            content_type="application/json",
        ).status_code
        == 403
    )  # not a reviewer
    client.force_login(secretary_a)
    response = client.post(
        reverse("api:points_entry_decide", kwargs={"entry_id": entry_id}),
        {"decision": "approve"},
        content_type="application/json",
    )
    assert response.status_code == 200 and Decimal(response.json()["awarded"]) == Decimal(5)
    assert (
        client.post(
            reverse("api:points_entry_decide", kwargs={"entry_id": entry_id}),
            {"decision": "approve"},
            content_type="application/json",
        ).status_code
        == 409
    )
    client.force_login(member_a)
    mine = client.get(reverse("api:points_entries"), {"mine": "true"}).json()
    assert [e["id"] for e in mine["items"]] == [entry_id]


def test_api_stars(client, company, rules, secretary_a, member_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.appraisal_record(actor=secretary_a, person=company["person_a"], year=2025, appraisal="qualified")
    client.force_login(member_a)
    data = client.get(reverse("api:stars"), {"year": 2025}).json()
    assert data == {"org": "BA", "year": 2025, "distribution": {"1": 1, "2": 0, "3": 0, "4": 0, "5": 0}}
    assert client.get(reverse("api:stars"), {"year": 2025, "org": "BB"}).status_code == 404


def test_gaming_checks_on_hand_built_cases(company, merit_rule, rules):
    """李明: cap 12 a quarter reached to 11 in two quarters (near cap); all 6 of his entries approved by one
    secretary (one approver); 3 reversals (recurring). 王芳: 5 claims on the last days of a quarter (burst)."""
    approver = account_with_role("secretary", company["branch_a"], username="only_one")
    person = company["person_a"]
    for month in (2, 5):
        for points in (Decimal(5), Decimal(5), Decimal(1)):
            entry = services.entry_create(
                actor=SYSTEM,
                person=person,
                rule=merit_rule,
                occurred_on=dt.date(2025, month, 3),
                reason="r",
                points=points,
            )
            services.entry_approve(actor=approver, entry=entry)
    for i in range(3):
        entry = services.entry_create(
            actor=SYSTEM, person=person, rule=rules["HONOUR"], occurred_on=DAY, reason=f"表彰{i}", evidence="e"
        )
        services.entry_reverse(actor=SYSTEM, entry=services.entry_approve(actor=SYSTEM, entry=entry), reason="重复")
    late = timezone.make_aware(dt.datetime(2025, 9, 29, 10, 0))
    for i in range(5):
        PointsEntry.objects.create(
            person=company["person_b"],
            rule=rules["HONOUR"],
            points=10,
            occurred_on=dt.date(2025, 9, 1 + i),
            reason="补报",
            created_at=late,
        )
    flags = gaming.gaming_flags(org=company["root"], year=2025)
    found = {(f.check, f.person) for f in flags}
    assert found == {("near_cap", "李明"), ("one_approver", "李明"), ("reversals", "李明"), ("burst", "王芳")}
    assert all(f.entries for f in flags)


def test_office_changes_a_rule_from_a_date_through_the_page(client, company, rules, office):
    client.force_login(office)
    rule = rules["HONOUR"]
    response = client.post(
        reverse("points:rule_version", kwargs={"pk": rule.pk}),
        {
            "name": rule.name,
            "category": "merit",
            "points": "12",
            "cap": "36",
            "cap_period": "year",
            "evidence_required": "on",
            "approval_required": "on",
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 302
    new = PointsRule.objects.get(company=company["root"], code="HONOUR", version=2)
    rule.refresh_from_db()
    assert (new.points, new.cap, rule.valid_to) == (Decimal(12), Decimal(36), dt.date(2025, 12, 31))
    refused = client.post(
        reverse("points:rule_version", kwargs={"pk": new.pk}),
        {
            "name": "每日签到",
            "category": "merit",
            "points": "1",
            "cap_period": "year",
            "valid_from": "2026-06-01",
        },
    )
    assert refused.status_code == 400 and not PointsRule.objects.filter(version=3).exists()


def test_home_shows_my_points_and_what_waits_for_me(client, company, rules, member_a, secretary_a):
    year = timezone.localdate().year
    services.entry_create(
        actor=secretary_a,
        person=company["person_a"],
        rule=rules["BASE"],
        occurred_on=dt.date(year, 1, 10),
        reason="基础分",
    )
    services.entry_create(
        actor=member_a,
        person=company["person_a"],
        rule=rules["INNOVATION"],
        occurred_on=dt.date(year, 1, 11),
        reason="建议",
        evidence="单",
    )
    client.force_login(member_a)
    section = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"My points in {year}: 70" in section and "1 pending" in section
    client.force_login(secretary_a)
    assert "1 points entry to decide" in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_team_leader_who_is_a_member_sees_the_entries_the_total_counts(client, company, rules):
    """The total and the list read the same rows: no "307 points" beside "no points this year"."""
    team_leader = account_with_role("team_leader", company["branch_a"], person=company["person_a"], username="p_tl")
    _entries(company, rules["HONOUR"], 2)
    client.force_login(team_leader)
    body = client.get(reverse("points:mine"), {"year": DAY.year}).content.decode()
    assert "第0次" in body and "第1次" in body
