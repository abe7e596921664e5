"""Recruitment's time rules, each checked by hand at its boundary, and the 25 steps walked end to end: the person's
party status follows the steps (no second entry), the higher committee's steps need the committee's grant, the
votes read the branch general assembly's quorum."""

import datetime as dt
from decimal import Decimal

import pytest

from dangjian.affairs.recruitment import rules, selectors, services, steps
from dangjian.affairs.recruitment.models import Dossier
from dangjian.core.errors import Conflict, InvalidInput, NotPermitted
from dangjian.core.services import SYSTEM
from dangjian.meetings.services.attendance import Mark
from dangjian.meetings.services.meetings import meeting_record
from dangjian.org.models import Person
from tests.factories import PersonFactory

D = dt.date


def test_the_national_standard_has_25_steps_in_5_stages():
    assert [s.number for s in steps.NATIONAL] == list(range(1, 26))
    assert sorted({s.stage for s in steps.NATIONAL}) == [1, 2, 3, 4, 5]
    assert [s.code for s in steps.NATIONAL if s.status] == [
        "apply",
        "activist",
        "candidate",
        "approval",
        "conversion_approval",
    ]
    assert [s.code for s in steps.NATIONAL if s.vote] == ["admission_vote", "conversion_vote"]


def test_calendar_arithmetic_by_hand():
    # 31 January + 1 month = 28 February (2023 is not a leap year); + 1 month in 2024 = 29 February
    assert rules.add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert rules.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert rules.add_months(D(2023, 11, 15), 3) == D(2024, 2, 15)
    # 18 on the birthday, 17 the day before
    assert rules.old_enough(D(2005, 6, 1), D(2023, 6, 1))
    assert not rules.old_enough(D(2005, 6, 1), D(2023, 5, 31))
    # training: 3 days, or 24 hours
    assert rules.training_enough(3, None) and rules.training_enough(None, Decimal("24"))
    assert not rules.training_enough(2, Decimal("23.5"))
    # more than half: 5 of 9 carries, 5 of 10 does not
    assert rules.vote_carried(5, 9) and not rules.vote_carried(5, 10)
    # probation: a year from the vote, plus the extension
    assert rules.probation_end(D(2023, 6, 1)) == D(2024, 6, 1)
    assert rules.probation_end(D(2023, 6, 1), 6) == D(2024, 12, 1)
    assert rules.surname("欧阳明") == "欧阳" and rules.surname("李明") == "李"


@pytest.fixture
def people(company):
    branch = company["branch_a"]
    voters = [PersonFactory(branch=branch, member=True, name=f"赵{i}") for i in range(4)]
    applicant = PersonFactory(branch=branch, name="陈小红", birth_date=D(1998, 4, 2))
    return {"applicant": applicant, "voters": [company["person_a"], *voters]}


def assembly(company, people, on, present=5):
    """A 支部党员大会 of BA with a vote: 5 voting members (person_a and four), `present` of them there."""
    marks = [Mark(p, "present") for p in people["voters"][:present]]
    return meeting_record(
        actor=SYSTEM,
        org=company["branch_a"],
        meeting_type="general_assembly",
        held_on=on,
        attendance=marks,
        topic="讨论接收预备党员",
        vote_held=2 * present > 5,
    )


PLAN = [
    ("talk", D(2022, 1, 25)),
    ("activist", D(2022, 3, 1)),
    ("activist_filed", D(2022, 3, 10)),
    ("contacts", D(2022, 3, 10)),
    ("activist_review", D(2022, 9, 1)),
    ("activist_review", D(2023, 2, 20)),
    ("candidate", D(2023, 3, 1)),
    ("candidate_filed", D(2023, 3, 5)),
    ("introducers", D(2023, 3, 10)),
    ("political_review", D(2023, 4, 1)),
    ("training", D(2023, 4, 10)),
    ("committee_review", D(2023, 5, 1)),
    ("pre_review", D(2023, 5, 10)),
    ("application_form", D(2023, 5, 20)),
    ("admission_vote", D(2023, 6, 1)),
    ("higher_talk", D(2023, 6, 10)),
    ("approval", D(2023, 8, 1)),
    ("approval_filed", D(2023, 8, 5)),
    ("placed", D(2023, 8, 10)),
    ("oath", D(2023, 8, 15)),
    ("probation_review", D(2023, 12, 1)),
    ("conversion_request", D(2024, 5, 20)),
    ("conversion_vote", D(2024, 6, 1)),
    ("conversion_approval", D(2024, 6, 20)),
    ("archived", D(2024, 7, 1)),
]


def walk(company, people, dossier, until: str, actor=SYSTEM):
    """Record the plan's steps up to (not including) `until`."""
    for code, on in PLAN:
        if code == until:
            return
        extra = {}
        if code == "introducers":
            extra = {"introducers": people["voters"][1:3], "relations": ["", ""]}
        elif code == "training":
            extra = {"training_days": 3}
        elif code in ("admission_vote", "conversion_vote"):
            extra = {"meeting": assembly(company, people, on), "votes_for": 5, "votes_against": 0}
        services.step_record(actor=actor, dossier=dossier, step=code, done_on=on, **extra)


def test_the_25_steps_move_the_party_status_with_the_right_dates(company, people, office):
    applicant = people["applicant"]
    dossier = services.dossier_open(actor=office, person=applicant, applied_on=D(2022, 1, 10))
    walk(company, people, dossier, until="")
    applicant.refresh_from_db()
    dossier.refresh_from_db()
    assert applicant.party_status == Person.PartyStatus.MEMBER
    # probation counts from the admission vote, full membership from the end of probation
    assert (applicant.applied_on, applicant.activist_on, applicant.candidate_on) == (
        D(2022, 1, 10),
        D(2022, 3, 1),
        D(2023, 3, 1),
    )
    assert (applicant.probationary_on, applicant.full_member_on) == (D(2023, 6, 1), D(2024, 6, 1))
    assert [c.to_status for c in applicant.status_changes.all()] == [
        "applicant",
        "activist",
        "candidate",
        "probationary",
        "member",
    ]
    assert dossier.state == Dossier.State.COMPLETED and dossier.records.count() == 26
    assert (dossier.introducer_1, dossier.introducer_2) == tuple(people["voters"][1:3])
    assert selectors.warnings(dossier, list(dossier.records.all())) == []


def test_applicant_must_be_18(company, office):
    young = PersonFactory(branch=company["branch_a"], birth_date=D(2005, 6, 1))
    with pytest.raises(InvalidInput) as refused:
        services.dossier_open(actor=office, person=young, applied_on=D(2023, 5, 31))
    assert "17" in refused.value.message
    services.dossier_open(actor=office, person=young, applied_on=D(2023, 6, 1))
    with pytest.raises(Conflict):  # one open file per person
        services.dossier_open(actor=office, person=young, applied_on=D(2023, 6, 2))
    unknown = PersonFactory(branch=company["branch_a"], birth_date=None)
    with pytest.raises(InvalidInput):
        services.dossier_open(actor=office, person=unknown, applied_on=D(2023, 6, 1))


def test_order_is_kept_and_the_talk_is_warned_after_a_month(company, people, office):
    dossier = services.dossier_open(actor=office, person=people["applicant"], applied_on=D(2022, 1, 10))
    with pytest.raises(InvalidInput) as refused:
        services.step_record(actor=office, dossier=dossier, step="activist", done_on=D(2022, 3, 1))
    assert refused.value.errors["step"]
    with pytest.raises(InvalidInput):  # before the application
        services.step_record(actor=office, dossier=dossier, step="talk", done_on=D(2022, 1, 9))
    # the talk is due by 10 February (a month); on 11 February it is recorded but warned
    services.step_record(actor=office, dossier=dossier, step="talk", done_on=D(2022, 2, 11))
    records = list(dossier.records.all())
    assert selectors.warnings(dossier, records) == ["谈话晚于申请后一个月。"]
    with pytest.raises(Conflict):
        services.step_record(actor=office, dossier=dossier, step="talk", done_on=D(2022, 2, 12))


def test_talk_due_and_overdue_on_the_progress(company, people, office):
    dossier = services.dossier_open(actor=office, person=people["applicant"], applied_on=D(2022, 1, 10))
    slots = selectors.slots_of([])
    on_time = selectors.progress(dossier, list(dossier.records.all()), slots, D(2022, 2, 10))
    assert on_time.first_due.on == D(2022, 2, 10) and not on_time.overdue and on_time.first_due.soon
    assert selectors.progress(dossier, list(dossier.records.all()), slots, D(2022, 2, 11)).overdue


def test_a_year_as_activist_and_reviews_every_six_months(company, people, office):
    dossier = services.dossier_open(actor=office, person=people["applicant"], applied_on=D(2022, 1, 10))
    walk(company, people, dossier, until="activist_review")
    progress = selectors.progress(dossier, list(dossier.records.all()), selectors.slots_of([]), D(2022, 9, 2))
    assert [(d.on, d.overdue) for d in progress.dues] == [(D(2022, 9, 1), True)]  # activist 1 March + 6 months
    services.step_record(actor=office, dossier=dossier, step="activist_review", done_on=D(2022, 9, 1))
    with pytest.raises(InvalidInput) as refused:  # activist on 2022-03-01: a candidate on 2023-03-01 at the earliest
        services.step_record(actor=office, dossier=dossier, step="candidate", done_on=D(2023, 2, 28))
    assert "2023-03-01" in refused.value.message
    services.step_record(actor=office, dossier=dossier, step="candidate", done_on=D(2023, 3, 1))
    # 1 September → 1 March is exactly six months: no gap warning
    assert selectors.warnings(dossier, list(dossier.records.all())) == []


def test_introducers_are_two_full_members_not_relatives(company, people, office):
    dossier = services.dossier_open(actor=office, person=people["applicant"], applied_on=D(2022, 1, 10))
    walk(company, people, dossier, until="introducers")
    probationary = PersonFactory(
        branch=company["branch_a"],
        party_status="probationary",
        applied_on=D(2020, 1, 1),
        activist_on=D(2020, 6, 1),
        candidate_on=D(2021, 6, 1),
        probationary_on=D(2022, 1, 1),
    )
    namesake = PersonFactory(branch=company["branch_a"], member=True, name="陈大明")
    other = people["voters"][1]

    def introduce(pair, relations=("", "")):
        services.step_record(
            actor=office,
            dossier=dossier,
            step="introducers",
            done_on=D(2023, 3, 10),
            introducers=pair,
            relations=list(relations),
        )

    for pair, relations in [
        ([other], ("",)),  # one is not two
        ([other, other], ("", "")),  # the same twice
        ([other, probationary], ("", "")),  # a probationary member is not a full member
        ([other, company["person_b"]], ("", "relative")),  # declared a relative
        ([other, namesake], ("", "")),  # same family name 陈, not declared
        ([other, people["applicant"]], ("", "none")),  # oneself
    ]:
        with pytest.raises(InvalidInput):
            introduce(pair, relations)
    introduce([other, namesake], ("", "none"))
    dossier.refresh_from_db()
    assert dossier.introducer_2_relation == "none"


def test_training_at_least_3_days_or_24_hours(company, people, office):
    dossier = services.dossier_open(actor=office, person=people["applicant"], applied_on=D(2022, 1, 10))
    walk(company, people, dossier, until="training")
    with pytest.raises(InvalidInput):
        services.step_record(
            actor=office,
            dossier=dossier,
            step="training",
            done_on=D(2023, 4, 10),
            training_days=2,
            training_hours=Decimal("23.5"),
        )
    services.step_record(
        actor=office, dossier=dossier, step="training", done_on=D(2023, 4, 10), training_hours=Decimal(24)
    )


def test_the_vote_reads_the_assemblys_quorum_and_needs_more_than_half(company, people, office):
    dossier = services.dossier_open(actor=office, person=people["applicant"], applied_on=D(2022, 1, 10))
    walk(company, people, dossier, until="admission_vote")
    no_vote = assembly(company, people, D(2023, 6, 1), present=2)  # 2 of 5: no quorum, recorded without a vote
    with pytest.raises(InvalidInput):
        services.step_record(actor=office, dossier=dossier, step="admission_vote", meeting=no_vote, votes_for=2)
    held = assembly(company, people, D(2023, 6, 2), present=3)  # 3 of 5 present: a quorum
    with pytest.raises(InvalidInput):  # 4 votes from 3 present
        services.step_record(
            actor=office, dossier=dossier, step="admission_vote", meeting=held, votes_for=3, votes_against=1
        )
    with pytest.raises(InvalidInput):  # 2 of 5 voting members for is not more than half
        services.step_record(
            actor=office, dossier=dossier, step="admission_vote", meeting=held, votes_for=2, votes_against=1
        )
    record = services.step_record(actor=office, dossier=dossier, step="admission_vote", meeting=held, votes_for=3)
    assert record.done_on == D(2023, 6, 2)  # the meeting's day


def test_approval_within_3_months_warned_and_6_refused(company, people, office, secretary_a):
    dossier = services.dossier_open(actor=office, person=people["applicant"], applied_on=D(2022, 1, 10))
    walk(company, people, dossier, until="approval")
    # the secretary of the branch does not approve the branch's own candidate: the committee above does
    with pytest.raises(NotPermitted):
        services.step_record(actor=secretary_a, dossier=dossier, step="approval", done_on=D(2023, 8, 1))
    # vote 2023-06-01: due by 2023-09-01, refused after 2023-12-01
    with pytest.raises(InvalidInput):
        services.step_record(actor=office, dossier=dossier, step="approval", done_on=D(2023, 12, 2))
    services.step_record(actor=office, dossier=dossier, step="approval", done_on=D(2023, 12, 1))
    assert selectors.warnings(dossier, list(dossier.records.all())) == ["审批晚于支部大会后三个月。"]
    people["applicant"].refresh_from_db()
    assert people["applicant"].party_status == "probationary"
    assert people["applicant"].probationary_on == D(2023, 6, 1)


def test_probation_a_year_extended_once_by_6_to_12_months(company, people, office):
    dossier = services.dossier_open(actor=office, person=people["applicant"], applied_on=D(2022, 1, 10))
    walk(company, people, dossier, until="conversion_vote")
    for months in (5, 13):
        with pytest.raises(InvalidInput):
            services.probation_extend(actor=office, dossier=dossier, months=months, on=D(2024, 5, 1), reason="r")
    services.probation_extend(actor=office, dossier=dossier, months=6, on=D(2024, 5, 1), reason="表现需继续考察")
    with pytest.raises(Conflict):
        services.probation_extend(actor=office, dossier=dossier, months=6, on=D(2024, 5, 2), reason="again")
    too_early = assembly(company, people, D(2024, 11, 30))
    with pytest.raises(InvalidInput) as refused:  # vote 2023-06-01 + 12 + 6 months = 2024-12-01
        services.step_record(actor=office, dossier=dossier, step="conversion_vote", meeting=too_early, votes_for=5)
    assert "2024-12-01" in refused.value.message
    services.step_record(
        actor=office,
        dossier=dossier,
        step="conversion_vote",
        meeting=assembly(company, people, D(2024, 12, 1)),
        votes_for=5,
    )
    services.step_record(actor=office, dossier=dossier, step="conversion_approval", done_on=D(2024, 12, 20))
    people["applicant"].refresh_from_db()
    assert people["applicant"].full_member_on == D(2024, 12, 1)


def test_a_local_sub_step_sits_between_national_steps(company, people, office, secretary_a):
    exam = services.local_step_save(
        actor=office, company=company["root"], after="training", name="党校结业考试", actor_kind="higher_committee"
    )
    with pytest.raises(NotPermitted):  # the secretary does not change the company's catalogue
        services.local_step_save(
            actor=secretary_a, company=company["root"], after="talk", name="x", actor_kind="branch"
        )
    dossier = services.dossier_open(actor=office, person=people["applicant"], applied_on=D(2022, 1, 10))
    walk(company, people, dossier, until="committee_review")
    with pytest.raises(InvalidInput):  # the sub-step first
        services.step_record(actor=office, dossier=dossier, step="committee_review", done_on=D(2023, 5, 1))
    services.step_record(actor=office, dossier=dossier, step="training", local_step=exam, done_on=D(2023, 4, 20))
    services.step_record(actor=office, dossier=dossier, step="committee_review", done_on=D(2023, 5, 1))


def test_stopping_a_file_puts_the_person_back(company, people, secretary_a):
    dossier = services.dossier_open(actor=secretary_a, person=people["applicant"], applied_on=D(2022, 1, 10))
    services.dossier_stop(actor=secretary_a, dossier=dossier, on=D(2022, 2, 1), reason="本人撤回申请")
    people["applicant"].refresh_from_db()
    assert people["applicant"].party_status == "non_member"
    with pytest.raises(Conflict):
        services.step_record(actor=secretary_a, dossier=dossier, step="talk", done_on=D(2022, 2, 2))
    # a new application opens a new file
    services.dossier_open(actor=secretary_a, person=people["applicant"], applied_on=D(2023, 1, 10))


def test_plan_against_actual(company, people, office):
    services.plan_save(actor=office, org=company["branch_a"], year=2023, planned=2)
    services.plan_save(actor=office, org=company["root"], year=2023, planned=5)
    services.plan_save(actor=office, org=company["root"], year=2023, planned=6, note="调整")
    dossier = services.dossier_open(actor=office, person=people["applicant"], applied_on=D(2022, 1, 10))
    walk(company, people, dossier, until="approval_filed")
    rows = selectors.plans(user=office, org=company["root"], year=2023)
    assert [(r["org"].code, r["planned"], r["actual"]) for r in rows] == [("ROOT", 6, 1), ("BA", 2, 1)]
