"""The handbook end to end on one world: procedures (standard load, versions that never rewrite a use), a meeting's
checklist ticked from its data, the 换届 task list, responsibility lists with evidence and the report the assessment
reads, the pages (bounded queries), the API, the import and the export, company B always out of reach."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from dangjian.core.models import AuditLog, ImportJob
from dangjian.core.services import SYSTEM
from dangjian.handbook import selectors, services
from dangjian.handbook.models import DutyItem, DutyList, Procedure, ProcedureUse
from dangjian.org.models import PartyOrg, Person
from tests.core.imports_support import private_media  # noqa: F401 - fixture
from tests.matrix.runner import signed_in


def steps_of(checklist):
    return {s.item.text: s for s in checklist.steps}


def manual_step(checklist):
    return next(s for s in checklist.steps if not s.proved)


# --- procedures


def test_standard_load_is_idempotent_and_the_office_s(db, world):
    root = world["root"]
    assert set(Procedure.objects.filter(company=root).values_list("kind", flat=True)) >= {
        "general_assembly",
        "committee",
        "lecture",
        "review",
        "election",
        "recruitment",
    }
    assert services.standard_load(actor=world["users"]["office"], company=root) == []
    with pytest.raises(NotPermitted):
        services.standard_load(actor=world["users"]["secretary"], company=root)
    with pytest.raises(NotPermitted):
        services.standard_load(actor=world["users"]["office"], company=world["zroot"])  # another company


def test_meeting_checklist_ticks_itself_from_the_meeting_s_data(db, world):
    checklist = selectors.meeting_checklist(world["assembly"])
    steps = steps_of(checklist)
    assert checklist.version.number == 1 and checklist.procedure.kind == "general_assembly"
    assert steps["签到，报告应到、实到人数"].done and steps["签到，报告应到、实到人数"].proved  # attendance taken
    assert steps["表决事项须有表决权的党员过半数到会"].done  # 5 of 5 voting members present
    assert steps["整理会议记录，签到表存档"].done  # minutes written
    assert steps["总结，定人定责"].done  # an action assigned
    assert not steps["落实会议决定，按期销号"].done  # the action is still open: missing
    assert "落实会议决定，按期销号" in [s.item.text for s in checklist.missing]
    assert not ProcedureUse.objects.filter(meeting=world["assembly"]).exists()  # nothing stored by reading


def test_a_hand_tick_pins_the_version_and_a_new_version_does_not_rewrite_it(db, world):
    office, secretary, meeting = world["users"]["office"], world["users"]["secretary"], world["assembly"]
    checklist = selectors.meeting_checklist(meeting)
    step = manual_step(checklist)
    use = services.checklist_tick(actor=secretary, item=step.item, done=True, meeting=meeting)
    assert use.version == checklist.version and str(step.item.pk) in use.ticks
    assert AuditLog.objects.filter(object_id=str(use.pk), action="create").exists()
    procedure = checklist.procedure
    services.procedure_publish(
        actor=office,
        procedure=procedure,
        steps=[services.StepIn("before", "新的一步", "书记"), services.StepIn("during", "签到", "", "attendance")],
        note="精简",
        effective_from=world["today"],
    )
    again = selectors.meeting_checklist(meeting)
    assert again.version.number == 1 and steps_of(again)[step.item.text].done  # still version 1, still ticked
    assert [v.number for v in selectors.procedure_versions(procedure)] == [2, 1]
    with pytest.raises(InvalidInput):  # a step of version 2 is not on this meeting's list
        new_item = selectors.version_items(selectors.procedure_versions(procedure)[0])[0]
        services.checklist_tick(actor=secretary, item=new_item, done=True, meeting=meeting)
    services.checklist_tick(actor=secretary, item=step.item, done=False, meeting=meeting)
    assert not steps_of(selectors.meeting_checklist(meeting))[step.item.text].done


def test_a_step_the_records_prove_cannot_be_ticked_by_hand_and_only_recorders_tick(db, world):
    meeting = world["assembly"]
    checklist = selectors.meeting_checklist(meeting)
    proved = next(s for s in checklist.steps if s.proved)
    with pytest.raises(InvalidInput):
        services.checklist_tick(actor=world["users"]["secretary"], item=proved.item, done=True, meeting=meeting)
    with pytest.raises(NotPermitted):
        services.checklist_tick(
            actor=world["users"]["member"], item=manual_step(checklist).item, done=True, meeting=meeting
        )


def test_publish_and_retire_rules(db, world):
    office = world["users"]["office"]
    procedure = services.procedure_create(
        actor=office, company=world["root"], kind="talk", name="谈心谈话", steps=[services.StepIn("before", "列出名单")]
    )
    with pytest.raises(Conflict):
        services.procedure_create(
            actor=office, company=world["root"], kind="talk", name="again", steps=[services.StepIn("before", "x")]
        )
    with pytest.raises(InvalidInput):
        services.procedure_publish(actor=office, procedure=procedure, steps=[])
    with pytest.raises(InvalidInput):
        services.procedure_publish(
            actor=office, procedure=procedure, steps=[services.StepIn("before", "x", check="no_such_check")]
        )
    with pytest.raises(NotPermitted):
        services.procedure_retire(actor=world["users"]["secretary"], procedure=procedure)
    services.procedure_retire(actor=office, procedure=procedure)
    with pytest.raises(Conflict):
        services.procedure_publish(actor=office, procedure=procedure, steps=[services.StepIn("before", "x")])


# --- 换届


def test_election_list_has_deadlines_and_ticks_from_the_assembly(db, world):
    ba = PartyOrg.objects.get(pk=world["branch_a"].pk)  # fresh: the world's instance is shared by the module
    checklist = selectors.election_checklist(org=ba)
    assert checklist.term_end == world["today"]
    first = checklist.steps[0]
    assert first.due == world["today"] - dt.timedelta(days=90) and first.overdue
    assembly_step = next(s for s in checklist.steps if s.item.proof == "election_assembly")
    assert not assembly_step.done
    from tests.handbook.conftest import hold

    present = list(Person.objects.filter(branch=ba, party_status="member"))
    hold(ba, "general_assembly", world["today"], present, topic="换届选举", vote_held=True)
    assert next(s for s in selectors.election_checklist(org=ba).steps if s.item.proof == "election_assembly").done
    services.checklist_tick(
        actor=world["users"]["secretary"], item=first.item, done=True, org=ba, term_end=checklist.term_end
    )
    assert selectors.election_checklist(org=ba).steps[0].done
    assert [o.code for o in selectors.election_due_orgs(today=world["today"], user=world["users"]["office"])] == ["BA"]


def test_election_reminder_reaches_the_secretary_once(db, world):
    from dangjian.core.models import Notification

    assert services.election_reminders_send(today=world["today"]) == 1
    assert services.election_reminders_send(today=world["today"]) == 0
    note = Notification.objects.get(kind="handbook_election")
    assert note.recipient == world["users"]["secretary"] and note.link.endswith(f"/elections/{world['branch_a'].pk}/")
    # The branch elects and records its new term; once the old term's list is worked through, the item closes.
    from tests.handbook.conftest import hold

    ba, old_end = PartyOrg.objects.get(pk=world["branch_a"].pk), world["today"]
    present = list(Person.objects.filter(branch=ba, party_status="member"))
    hold(ba, "general_assembly", old_end, present, topic="换届选举", vote_held=True)
    PartyOrg.objects.filter(pk=ba.pk).update(term_start=old_end, term_end=old_end.replace(year=old_end.year + 3))
    ba.refresh_from_db()
    steps = selectors.election_checklist(org=ba, term_end=old_end).steps
    manual = [s for s in steps if not s.proved]
    for step in manual:
        note.refresh_from_db()
        assert note.done_at is None
        services.checklist_tick(actor=world["users"]["secretary"], item=step.item, done=True, org=ba, term_end=old_end)
    note.refresh_from_db()
    assert note.done_at is not None
    assert old_end in selectors.election_terms(org=ba)


# --- responsibility lists


def test_duties_are_proved_by_the_records_with_links(db, world):
    rows = {r.item.text: r for r in selectors.duty_rows(selectors.list_items(world["sec_list"]))}
    lecture = rows["每年至少讲一次党课"]
    assert lecture.done and lecture.count == 1
    assert lecture.evidence[0][1] == reverse("meetings:detail", args=[world["lecture"].pk])
    assert not rows["主持召开会议"].done and rows["主持召开会议"].count == 1  # hosted 1 of 6
    member = {r.item.text: r for r in selectors.duty_rows(selectors.list_items(world["member_list"]))}
    assert member["按时参加组织生活"].done  # present at both meetings
    assert not member["责任区履职"].done


def test_duty_report_for_the_assessment_and_a_shuzhi_draft(db, world):
    year = world["today"].year
    report = selectors.duty_report(year=year, org=world["branch_a"])
    assert {r.text for r in report} == {"每年至少讲一次党课", "主持召开会议", "按时参加组织生活", "责任区履职"}
    mine = selectors.duty_report(year=year, person=world["secretary_person"])
    assert {(r.text, r.done) for r in mine} == {("每年至少讲一次党课", True), ("主持召开会议", False)}
    assert selectors.duty_summary(year=year, org=world["branch_a"])["done"] == 2
    assert selectors.duty_report(year=year, org=world["zb"])[0].text == "中州事项"  # its own company only


def test_a_member_reports_their_own_duty_not_another_s(db, world):
    item = world["zone_item"]
    with pytest.raises(NotPermitted):
        services.duty_item_done(actor=world["users"]["other_member"], item=item, done_on=world["today"])
    services.duty_item_done(actor=world["users"]["member"], item=item, done_on=world["today"], evidence="巡检记录")
    with pytest.raises(InvalidInput):  # proved by the records
        services.duty_item_done(actor=world["users"]["office"], item=world["attend_item"], done_on=world["today"])
    with pytest.raises(InvalidInput):
        services.duty_item_done(
            actor=world["users"]["member"], item=item, done_on=world["today"] + dt.timedelta(days=2)
        )


def test_duty_lists_are_kept_by_secretaries_in_their_branch_only(db, world):
    sec, today = world["users"]["secretary"], world["today"]
    with pytest.raises(Conflict):
        services.duty_list_save(
            actor=sec, org=world["branch_a"], kind="member", holder=world["person_a"], year=today.year, title="x"
        )
    with pytest.raises(NotPermitted):
        services.duty_list_save(
            actor=sec, org=world["branch_b"], kind="member", holder=world["person_b"], year=today.year, title="x"
        )
    with pytest.raises(InvalidInput):  # another company's person
        services.duty_list_save(
            actor=SYSTEM, org=world["branch_a"], kind="member", holder=world["zperson"], year=today.year, title="x"
        )
    with pytest.raises(InvalidInput):
        services.duty_list_save(
            actor=sec, org=world["branch_a"], kind="company", holder=world["person_a"], year=today.year, title="x"
        )
    retired = services.duty_list_retire(actor=sec, duty_list=world["member_list"])
    assert retired.retired_on == today
    with pytest.raises(Conflict):
        services.duty_item_save(actor=sec, duty_list=retired, text="y")


def test_company_b_is_not_found(db, world):
    office = world["users"]["office"]
    with pytest.raises(NotFound):
        selectors.procedure_get(user=office, pk=world["b_procedures"][0].pk)
    with pytest.raises(NotFound):
        selectors.duty_list_get(user=office, pk=world["b_list"].pk)
    client = signed_in(world, "office")
    assert client.get(reverse("handbook:procedure", args=[world["b_procedures"][0].pk])).status_code == 404
    assert client.get(reverse("handbook:duty_list", args=[world["b_list"].pk])).status_code == 404
    assert client.get(reverse("handbook:election", args=[world["zb"].pk])).status_code == 404
    api = reverse("api:duty_list_detail", args=[world["b_list"].pk])
    assert client.get(api).status_code == 404
    for url in (reverse("handbook:procedures"), reverse("handbook:duties"), reverse("api:duty_list_list")):
        assert "中州" not in client.get(url).content.decode()


# --- pages


def test_meeting_page_shows_the_procedure_with_ticks_and_missing(db, world, django_assert_max_num_queries):
    client = signed_in(world, "secretary")
    url = reverse("meetings:detail", args=[world["assembly"].pk])
    with django_assert_max_num_queries(20):
        body = client.get(url).content.decode()
    assert 'data-testid="handbook-checklist"' in body and "支部党员大会标准化指导书" in body
    assert "Missing:" in body and "落实会议决定，按期销号" in body
    assert 'data-testid="checklist"' not in body  # the record's own list gives way to the procedure
    step = manual_step(selectors.meeting_checklist(world["assembly"]))
    response = client.post(
        reverse("handbook:meeting_tick", args=[world["assembly"].pk]), {"item": step.item.pk, "done": "on"}
    )
    assert response.status_code == 302
    assert ProcedureUse.objects.get(meeting=world["assembly"]).ticks
    assert (
        signed_in(world, "member")
        .post(reverse("handbook:meeting_tick", args=[world["assembly"].pk]), {"item": step.item.pk})
        .status_code
        == 403
    )


@pytest.mark.parametrize(
    ("role", "name", "limit"),
    [
        ("office", "handbook:procedures", 16),
        ("secretary", "handbook:elections", 14),
        ("secretary", "handbook:duties", 18),
        ("office", "handbook:procedure_create", 12),
        ("secretary", "handbook:duty_list_create", 14),
    ],
)
def test_pages_answer_with_bounded_queries(db, world, django_assert_max_num_queries, role, name, limit):
    client = signed_in(world, role)
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(name)).status_code == 200


def test_object_pages_do_not_grow_with_rows(db, world, django_assert_max_num_queries):
    client = signed_in(world, "office")
    procedure = Procedure.objects.get(company=world["root"], kind="general_assembly")
    pages = [
        (reverse("handbook:procedure", args=[procedure.pk]), 14),
        (reverse("handbook:procedure_publish", args=[procedure.pk]), 14),
        (reverse("handbook:election", args=[world["branch_a"].pk]), 14),
        (reverse("handbook:duty_list", args=[world["sec_list"].pk]), 16),
        (reverse("handbook:duty_item_edit", args=[world["sec_list"].pk, world["lectures_item"].pk]), 14),
    ]
    for url, limit in pages:
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url
    for i in range(15):  # more lists and items: the list page stays at the same count
        extra = services.duty_list_save(
            actor=SYSTEM,
            org=world["branch_a"],
            kind="committee",
            holder=world["person_a"],
            year=2000 + i,
            title=f"x{i}",
        )
        services.duty_item_save(actor=SYSTEM, duty_list=extra, text="t", proof="meetings_attended")
        services.duty_item_save(actor=SYSTEM, duty_list=extra, text="u", proof="lectures_given")
    with django_assert_max_num_queries(18):
        assert client.get(reverse("handbook:duties")).status_code == 200


def test_office_creates_publishes_and_retires_through_pages(db, world):
    client = signed_in(world, "office")
    Procedure.objects.filter(company=world["root"], kind="appraisal").delete()
    response = client.post(
        reverse("handbook:procedure_create"),
        {
            "kind": "appraisal",
            "name": "民主评议党员",
            "steps": "会前 | 个人自评 | 党员\n会中 | 签到 | 组织委员 | attendance",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    procedure = Procedure.objects.get(company=world["root"], kind="appraisal", retired_on=None)
    bad = client.post(reverse("handbook:procedure_publish", args=[procedure.pk]), {"name": "x", "steps": "明天 | x"})
    assert bad.status_code == 400 and "Line 1" in bad.content.decode()
    response = client.post(
        reverse("handbook:procedure_publish", args=[procedure.pk]),
        {"name": "民主评议党员", "steps": "会前 | 个人自评 | 党员\n会后 | 公布结果 | 书记", "note": "加一步"},
    )
    assert response.status_code == 302
    assert [v.number for v in procedure.versions.all()] == [2, 1]
    assert client.post(reverse("handbook:procedure_retire", args=[procedure.pk])).status_code == 302
    assert signed_in(world, "secretary").get(reverse("handbook:procedure_create")).status_code == 403


def test_secretary_keeps_a_list_through_pages(db, world):
    client = signed_in(world, "secretary")
    response = client.post(
        reverse("handbook:duty_list_create"),
        {
            "org": "BA",
            "kind": "committee",
            "holder": world["person_a"].employee_no,
            "year": 2031,
            "title": "组织委员清单",
        },
    )
    assert response.status_code == 302, response.content.decode()[:800]
    duty_list = DutyList.objects.get(title="组织委员清单")
    url = reverse("handbook:duty_item_add", args=[duty_list.pk])
    assert client.post(url, {"text": "参加组织生活", "check": "meetings_attended", "target": 3}).status_code == 302
    assert client.post(url, {"text": "x", "owner": "Z-E-1", "target": 1}).status_code == 400  # B's person: unknown
    item = DutyItem.objects.get(duty_list=duty_list)
    edit = reverse("handbook:duty_item_edit", args=[duty_list.pk, item.pk])
    assert client.post(edit, {"text": "按时参加组织生活", "check": "meetings_attended", "target": 2}).status_code == 302
    item.refresh_from_db()
    assert item.text == "按时参加组织生活" and item.target == 2
    done_url = reverse("handbook:duty_item_done", args=[world["member_list"].pk, world["zone_item"].pk])
    assert signed_in(world, "member").post(done_url, {"done_on": "2025-01-05", "evidence": "巡检"}).status_code == 302
    assert DutyItem.objects.get(pk=world["zone_item"].pk).evidence == "巡检"
    delete = reverse("handbook:duty_item_delete", args=[duty_list.pk, item.pk])
    assert client.post(delete).status_code == 302 and not DutyItem.objects.filter(pk=item.pk).exists()


def test_export_has_each_duty_with_its_evidence(db, world):
    response = signed_in(world, "office").get(reverse("handbook:duties_export"))
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    texts = {r[4]: r for r in rows[1:]}
    assert "每年至少讲一次党课" in texts and texts["每年至少讲一次党课"][9] == "yes"
    assert "中州事项" not in texts
    assert signed_in(world, "member").get(reverse("handbook:duties_export")).status_code == 403


@pytest.mark.usefixtures("private_media")
def test_import_creates_lists_and_duties(db, world, django_capture_on_commit_callbacks):
    from tests.core.imports_support import confirm, last_job, upload, xlsx_bytes

    client = signed_in(world, "secretary")
    number = world["person_a"].employee_no
    header = ["组织编码", "清单类型", "清单人工号", "年度", "清单名称", "责任事项", "数据核验", "次数"]
    refused = [header, ["ZB", "党员", "Z-E-1", 2030, "", "越界", "", ""]]
    upload(client, "duty-items", "d.xlsx", xlsx_bytes(refused), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.INVALID and "中州" not in str(job.errors), job.errors
    rows = [
        header,
        ["BA", "党员", number, 2030, "2030李明", "参加组织生活", "参加组织生活", 4],
        ["BA", "党员", number, 2030, "", "责任区", "", ""],
    ]
    upload(client, "duty-items", "d.xlsx", xlsx_bytes(rows), django_capture_on_commit_callbacks)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    confirm(client, job, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    duty_list = DutyList.objects.get(year=2030, holder=world["person_a"])
    assert duty_list.title == "2030李明"
    assert sorted(duty_list.items.values_list("text", "proof", "target")) == [
        ("参加组织生活", "meetings_attended", 4),
        ("责任区", "", 1),
    ]


# --- API


def test_api_procedures_and_checklists(db, world):
    client = signed_in(world, "office")
    listed = client.get(reverse("api:procedure_list")).json()
    assert {p["kind"] for p in listed["items"]} >= {"general_assembly", "election"}
    Procedure.objects.filter(company=world["root"], kind="themed_day").delete()
    created = client.post(
        reverse("api:procedure_list"),
        {"kind": "themed_day", "name": "主题党日", "steps": [{"phase": "before", "text": "定主题", "check": "agenda"}]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    published = client.post(
        reverse("api:procedure_publish", args=[pk]),
        {"steps": [{"phase": "during", "text": "签到", "check": "attendance"}], "note": "v2"},
        content_type="application/json",
    )
    assert published.status_code == 201 and published.json()["versions"] == [2, 1]
    assert client.post(reverse("api:procedure_retire", args=[pk])).status_code == 200
    checklist = client.get(reverse("api:meeting_checklist", args=[world["assembly"].pk])).json()
    manual = next(s for s in checklist["steps"] if not s["proved"])
    ticked = signed_in(world, "secretary").post(
        reverse("api:meeting_tick", args=[world["assembly"].pk]),
        {"step": manual["id"]},
        content_type="application/json",
    )
    assert ticked.status_code == 200 and ticked.json()["done"] == checklist["done"] + 1
    proved = next(s for s in checklist["steps"] if s["proved"])
    refused = signed_in(world, "secretary").post(
        reverse("api:meeting_tick", args=[world["assembly"].pk]),
        {"step": proved["id"]},
        content_type="application/json",
    )
    assert refused.status_code == 400
    election = client.get(reverse("api:election_checklist", args=["BA"])).json()
    assert election["term_end"] == world["today"].isoformat() and election["steps"][0]["due"]
    assert signed_in(world, "secretary").post(reverse("api:procedure_standard")).status_code == 403


def test_api_duties(db, world):
    client = signed_in(world, "secretary")
    created = client.post(
        reverse("api:duty_list_list"),
        {"org": "BA", "kind": "member", "holder": world["secretary_person"].employee_no, "year": 2032, "title": "t"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    added = client.post(
        reverse("api:duty_item_add", args=[pk]),
        {"text": "讲党课", "check": "lectures_given", "target": 1},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["items"][0]["check"] == "lectures_given"
    report = client.get(reverse("api:duty_report"), {"year": world["today"].year, "org": "BA"}).json()
    assert report["items"] >= 4 and any(r["evidence"] for r in report["rows"])
    assert client.get(reverse("api:duty_report"), {"year": 2025, "org": "ZB"}).status_code == 404
    item_id = world["zone_item"].pk
    done = signed_in(world, "member").post(
        reverse("api:duty_item_done", args=[world["member_list"].pk, item_id]),
        {"done_on": "2025-02-01", "evidence": "巡检"},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert (
        client.patch(
            reverse("api:duty_list_detail", args=[pk]), {"title": "新"}, content_type="application/json"
        ).json()["title"]
        == "新"
    )
    assert client.post(reverse("api:duty_list_retire", args=[pk])).status_code == 200


def test_set_up_centre_lines(db, world):
    from dangjian.handbook.setup import setup_items

    lines = setup_items(world["users"]["office"])
    assert lines[0]["count"] >= 7 and lines[1]["count"] >= 2
    Procedure.objects.filter(company=world["root"], kind="recruitment").update(retired_on=world["today"])
    assert not setup_items(world["users"]["office"])[0]["done"]
