"""Talent development and drills: the services' rules (pools once, readiness against the post's levels, plans and
their pairing in the posts app, evaluation against the published criteria), drill attendance feeding points once and
withdrawing them, the pages with bounded query counts, the API, cross-company 404s, and the xlsx export."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from dangjian.core.services import SYSTEM
from dangjian.points.models import PointsEntry
from dangjian.posts.models import Pairing
from dangjian.talent import selectors, services
from dangjian.talent.models import DrillAttendance, TrainingPlan
from tests.factories import PersonFactory
from tests.matrix.runner import module_world, signed_in
from tests.talent.world import DAY, build

world = module_world(build)
DRILL_SOURCE = "talent.drillattendance"


def _entries(person):
    return PointsEntry.objects.filter(person=person, source_type=DRILL_SOURCE)


# --- services


def test_a_person_is_in_a_pool_once_until_they_leave(db, world):
    office = world["users"]["party_office"]
    with pytest.raises(Conflict):
        services.pool_add(actor=office, person=world["trainee"], pool="trainee", talent_class="operating")
    services.pool_leave(actor=office, member=world["pool_member"], on=DAY + dt.timedelta(days=10))
    with pytest.raises(Conflict):
        services.pool_leave(actor=office, member=world["pool_member"])
    again = services.pool_add(actor=office, person=world["trainee"], pool="trainee", talent_class="technical")
    assert again.org == world["branch_a"]
    with pytest.raises(NotPermitted):
        services.pool_add(
            actor=world["users"]["secretary_b"], person=world["mentor"], pool="mentor", talent_class="operating"
        )


def test_readiness_compares_levels_with_the_posts_requirements(db, world):
    office = world["users"]["party_office"]
    judge, anode = world["items"]
    services.rating_set(actor=office, person=world["worker"], item=judge, level=4)
    services.rating_set(actor=office, person=world["worker"], item=anode, level=3)
    services.rating_set(actor=office, person=world["trainee"], item=judge, level=2)
    services.rating_set(actor=office, person=world["trainee"], item=judge, level=3)  # replaces, never a second row
    rows = selectors.readiness(user=office, model=world["model"])
    assert [(r["person"].name, r["met"], r["ready"]) for r in rows] == [("王工", 2, True), ("小刘", 0, False)]
    assert selectors.ready_counts(user=office, org=world["root"]) == {world["model"].pk: 1}
    with pytest.raises(InvalidInput):
        services.rating_set(actor=office, person=world["trainee"], item=world["b"]["item"], level=3)


def test_a_plan_opens_its_pairing_in_the_posts_app_and_is_evaluated_against_the_criteria(db, world):
    secretary = world["users"]["secretary"]
    plan = services.plan_save(
        actor=secretary,
        trainee=world["worker"],
        mentor=world["mentor"],
        goals="掌握槽况判断",
        starts_on=DAY,
        ends_on=DAY + dt.timedelta(days=200),
        make_pairing=True,
    )
    pairing = Pairing.objects.get(pk=plan.pairing_id)
    assert (pairing.member, pairing.colleague, pairing.org) == (world["mentor"], world["worker"], world["branch_a"])
    skill, goals = world["criteria"]
    with pytest.raises(InvalidInput) as missing:
        services.plan_evaluate(actor=secretary, plan=plan, scores={skill.pk: 90})
    assert f"c{goals.pk}" in missing.value.errors
    plan = services.plan_evaluate(actor=secretary, plan=plan, scores={skill.pk: 90, goals.pk: 75}, note="好")
    assert (plan.total, plan.result, plan.status) == (Decimal("84.0"), "qualified", "evaluated")
    with pytest.raises(Conflict):
        services.plan_evaluate(actor=secretary, plan=plan, scores={skill.pk: 90, goals.pk: 90})
    # the mentor of a pairing is a party member: a non-member mentor cannot open one
    with pytest.raises(InvalidInput) as refused:
        services.plan_save(
            actor=secretary,
            trainee=world["mentor"],
            mentor=world["trainee"],
            goals="g",
            starts_on=DAY,
            ends_on=DAY,
            make_pairing=True,
        )
    assert "make_pairing" in refused.value.errors


def test_a_plan_names_people_of_its_company_only(db, world):
    with pytest.raises(InvalidInput) as refused:
        services.plan_save(
            actor=SYSTEM, trainee=world["trainee"], mentor=world["b"]["person"], goals="g", starts_on=DAY, ends_on=DAY
        )
    assert "mentor" in refused.value.errors
    with pytest.raises(NotPermitted):
        services.plan_save(
            actor=world["users"]["secretary"],
            trainee=world["trainee"],
            mentor=world["person_b"],
            goals="g",
            starts_on=DAY,
            ends_on=DAY,
        )


def test_attendance_recorded_once_feeds_points_once_and_is_withdrawn(db, world):
    lead = world["users"]["team_leader"]
    drill = world["drill"]
    worker, mentor, trainee = world["worker"], world["mentor"], world["trainee"]
    rows = [(worker, True, Decimal(90)), (mentor, True, Decimal(85)), (trainee, True, None)]
    assert services.drill_attendance_save(actor=lead, drill=drill, rows=rows) == 3
    assert [e.awarded for e in _entries(worker)] == [Decimal("0.5")]
    assert not _entries(trainee).exists()  # not a party member: no points, the record still shows it
    assert services.drill_attendance_save(actor=lead, drill=drill, rows=rows) == 0  # the same again changes nothing
    assert _entries(worker).count() == 1
    services.drill_attendance_save(actor=lead, drill=drill, rows=[(worker, False, None)])
    assert sum(e.awarded for e in _entries(worker)) == 0  # reversed by the ledger's own reversing entry
    services.drill_attendance_save(actor=lead, drill=drill, rows=[(worker, True, Decimal(80))])
    assert sum(e.awarded for e in _entries(worker)) == Decimal("0.5")
    record = selectors.record(person=worker)
    assert (record["stats"]["drills"], record["attended"][0].score) == (1, Decimal(80))
    services.drill_delete(actor=lead, drill=drill)
    assert sum(e.awarded for e in _entries(worker)) == 0
    assert sum(e.awarded for e in _entries(mentor)) == 0
    assert not DrillAttendance.objects.filter(person=worker).exists()


def test_attendance_waits_for_the_session_and_stays_in_the_company(db, world):
    lead = world["users"]["team_leader"]
    future = services.drill_save(
        actor=lead, org=world["branch_a"], topic="明日练兵", held_on=dt.date.today() + dt.timedelta(days=3)
    )
    with pytest.raises(Conflict):
        services.drill_attendance_save(actor=lead, drill=future, rows=[(world["worker"], True, None)])
    with pytest.raises(InvalidInput):
        services.drill_attendance_save(actor=SYSTEM, drill=world["drill"], rows=[(world["b"]["person"], True, None)])
    with pytest.raises(InvalidInput):
        services.drill_save(actor=lead, org=world["branch_a"], topic="t", held_on=DAY, unit=world["b"]["crew"])
    with pytest.raises(NotPermitted):
        services.drill_save(actor=lead, org=world["branch_b"], topic="t", held_on=DAY)


# --- pages


PAGES = [
    ("talent:index", {}),
    ("talent:pools", {}),
    ("talent:plans", {}),
    ("talent:criteria", {}),
    ("talent:contests", {}),
    ("talent:reports", {}),
    ("talent:drills", {}),
    ("talent:model", "model"),
    ("talent:plan", "plan"),
    ("talent:drill", "drill"),
    ("talent:record", "trainee"),
    ("talent:plan_create", {}),
    ("talent:drill_create", {}),
]


def _url(world, name, arg):
    return reverse(name, kwargs=arg) if isinstance(arg, dict) else reverse(name, args=[world[arg].pk])


def _more_rows(world, n):
    for i in range(n):
        person = PersonFactory(branch=world["branch_a"], member=True, unit=world["crew"])
        services.pool_add(actor=SYSTEM, person=person, pool="talent", talent_class="technical")
        services.rating_set(actor=SYSTEM, person=person, item=world["items"][0], level=3)
        services.plan_save(actor=SYSTEM, trainee=person, mentor=world["mentor"], goals="g", starts_on=DAY, ends_on=DAY)
        drill = services.drill_save(
            actor=SYSTEM, org=world["branch_a"], topic=f"练兵{i}", held_on=DAY, unit=world["crew"]
        )
        services.drill_attendance_save(actor=SYSTEM, drill=drill, rows=[(person, True, Decimal(80))])
        services.drill_attendance_save(actor=SYSTEM, drill=world["drill"], rows=[(person, True, Decimal(70))])
        services.contest_result_save(actor=SYSTEM, person=person, contest=f"竞赛{i}", held_on=DAY, rank=2)


@pytest.mark.parametrize("extra", [0, 8])
def test_pages_answer_with_a_bounded_number_of_queries(db, world, extra, django_assert_max_num_queries):
    _more_rows(world, extra)
    client = signed_in(world, "party_office")
    for name, arg in PAGES:
        with django_assert_max_num_queries(12):
            response = client.get(_url(world, name, arg))
        assert response.status_code == 200, name


def test_team_leader_records_a_drill_with_attendance_on_the_pages(db, world):
    client = signed_in(world, "team_leader")
    response = client.post(
        reverse("talent:drill_create"),
        {
            "org": world["branch_a"].pk,
            "kind": "drill",
            "topic": "出铝安全",
            "held_on": "2025-03-05",
            "unit": world["crew"].pk,
            "scored_by": "test",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    drill = selectors.drill_list(user=world["users"]["team_leader"]).get(topic="出铝安全")
    page = client.get(reverse("talent:drill", args=[drill.pk])).content.decode()
    assert "王工" in page and "张师傅" in page
    worker, mentor = world["worker"], world["mentor"]
    response = client.post(
        reverse("talent:drill_attendance", args=[drill.pk]),
        {"listed": [worker.pk, mentor.pk], "present": [worker.pk], f"score_{worker.pk}": "92.5"},
    )
    assert response.status_code == 302
    rows = {a.person_id: (a.present, a.score) for a in DrillAttendance.objects.filter(drill=drill)}
    assert rows == {worker.pk: (True, Decimal("92.5")), mentor.pk: (False, None)}
    assert _entries(worker).count() == 1
    # the member reads it on their own record, with the points it earned
    own = signed_in(world, "member").get(reverse("talent:mine"), follow=True).content.decode()
    assert "出铝安全" in own


def test_office_sets_up_a_model_and_a_plan_through_the_pages(db, world):
    client = signed_in(world, "party_office")
    response = client.post(
        reverse("talent:model_create"), {"org": world["root"].pk, "post": "值班长", "talent_class": "management"}
    )
    assert response.status_code == 302
    model = selectors.model_list(user=world["users"]["party_office"]).get(post="值班长")
    client.post(reverse("talent:item_add", args=[model.pk]), {"name": "生产组织", "required_level": 4, "order": 1})
    assert [i.name for i in model.items.all()] == ["生产组织"]
    response = client.post(
        reverse("talent:plan_create"),
        {
            "trainee": "T-W1",
            "mentor": "T-M1",
            "target": model.pk,
            "starts_on": "2025-03-01",
            "ends_on": "2026-03-01",
            "goals": "接班",
            "make_pairing": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = TrainingPlan.objects.get(trainee=world["worker"])
    assert plan.pairing is not None
    skill, goals = world["criteria"]
    response = client.post(reverse("talent:plan_evaluate", args=[plan.pk]), {f"c{skill.pk}": 95, f"c{goals.pk}": 80})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.result, plan.total) == ("excellent", Decimal("89.0"))
    response = client.post(
        reverse("talent:model_create"), {"org": world["root"].pk, "post": "值班长", "talent_class": "management"}
    )
    assert response.status_code == 400  # the same post twice: said on the form


def test_a_member_reads_only_their_own_record(db, world):
    client = signed_in(world, "member")
    assert client.get(reverse("talent:record", args=[world["worker"].pk])).status_code == 200
    assert client.get(reverse("talent:record", args=[world["trainee"].pk])).status_code == 404
    assert client.get(reverse("talent:index")).status_code == 403
    assert client.get(reverse("talent:plan", args=[world["plan"].pk])).status_code == 404
    trainee = signed_in(world, "employee")
    assert trainee.get(reverse("talent:plan", args=[world["plan"].pk])).status_code == 200


def test_export_is_an_xlsx_of_the_scope(db, world):
    client = signed_in(world, "party_office")
    for what in ("pool", "plans", "contests", "drills"):
        response = client.get(reverse("talent:export", args=[what]))
        assert response.status_code == 200, what
        sheet = load_workbook(BytesIO(response.content)).active
        text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
        assert "中州" not in text
    assert "小刘" in " ".join(
        str(c.value)
        for row in load_workbook(
            BytesIO(client.get(reverse("talent:export", args=["pool"])).content)
        ).active.iter_rows()
        for c in row
    )
    assert signed_in(world, "member").get(reverse("talent:export", args=["pool"])).status_code == 403


# --- API


def test_api_sets_up_and_records_end_to_end(db, world):
    client = signed_in(world, "party_office")
    post = lambda url, body: client.post(url, body, content_type="application/json")  # noqa: E731
    r = post("/api/v1/talent/models", {"org": "ROOT", "post": "天车工", "talent_class": "operating"})
    assert r.status_code == 201, r.content
    model_id = r.json()["id"]
    r = post(f"/api/v1/talent/models/{model_id}/items", {"name": "吊运", "required_level": 3})
    assert r.status_code == 201, r.content
    item_id = r.json()["id"]
    assert post("/api/v1/talent/ratings", {"person": "T-W1", "item": item_id, "level": 4}).status_code == 200
    r = client.get(f"/api/v1/talent/models/{model_id}/readiness")
    assert r.json() == [{"person": "T-W1", "name": "王工", "levels": {"吊运": 4}, "met": 1, "total": 1, "ready": True}]
    r = post("/api/v1/talent/pool", {"person": "T-M1", "pool": "mentor", "talent_class": "operating"})
    assert r.status_code == 201, r.content
    # no person, or a mistyped year, is a 400 with the field named (it was a 500)
    for body, field in (({"person": ""}, "person"), ({"person": "T-W1", "joined_on": "0128-01-01"}, "joined_on")):
        r = post("/api/v1/talent/pool", {"pool": "talent", "talent_class": "operating", **body})
        assert r.status_code == 400 and field in r.json()["errors"], r.content
    r = post("/api/v1/talent/contests", {"contest": "赛", "held_on": "2025-05-01", "person": ""})
    assert r.status_code == 400 and "person" in r.json()["errors"], r.content
    r = post(
        "/api/v1/talent/plans",
        {
            "trainee": "T-W1",
            "mentor": "T-M1",
            "goals": "g",
            "starts_on": "2025-01-01",
            "ends_on": "2025-12-31",
            "make_pairing": True,
        },
    )
    assert r.status_code == 201 and r.json()["pairing"], r.content
    plan_id = r.json()["id"]
    skill, goals = world["criteria"]
    r = post(f"/api/v1/talent/plans/{plan_id}/evaluate", {"scores": {str(skill.pk): 50, str(goals.pk): 50}})
    assert r.json()["result"] == "unqualified", r.content
    r = post(
        "/api/v1/drills",
        {"org": "BA", "topic": "API练兵", "held_on": "2025-03-02", "team": "W1-A", "scored_by": "test"},
    )
    assert r.status_code == 201, r.content
    drill_id = r.json()["id"]
    r = client.put(
        f"/api/v1/drills/{drill_id}/attendance",
        {"rows": [{"person": "T-W1", "score": "88"}, {"person": "Z-T-1"}]},
        content_type="application/json",
    )
    assert r.status_code == 400 and "rows" in r.json()["errors"]  # another company's person is unknown
    r = client.put(
        f"/api/v1/drills/{drill_id}/attendance",
        {"rows": [{"person": "T-W1", "score": "88"}]},
        content_type="application/json",
    )
    assert r.json()["attendance"] == [{"person": "T-W1", "name": "王工", "present": True, "score": "88.0"}]
    assert _entries(world["worker"]).count() == 1
    r = client.get("/api/v1/drills/per-team", {"year": 2025})
    assert {line["team"]: line["months"][2] for line in r.json()} == {"甲班": 2}
    assert client.get("/api/v1/drills/per-team").status_code == 200  # the year defaults to this one
    assert client.get("/api/v1/talent/mentors").json()[0]["mentor"] == "T-M1"
    assert "中州" not in client.get("/api/v1/talent/contests").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/talent/models/{model}",
        "/api/v1/talent/models/{model}/readiness",
        "/api/v1/talent/plans/{plan}",
        "/api/v1/drills/{drill}",
    ],
)
def test_another_companys_objects_are_404(db, world, url):
    b = world["b"]
    client = signed_in(world, "party_office")
    assert client.get(url.format(model=b["model"].pk, plan=b["plan"].pk, drill=b["drill"].pk)).status_code == 404


def test_another_companys_objects_are_404_on_pages_and_writes(db, world):
    b = world["b"]
    client = signed_in(world, "party_office")
    for name, obj in (
        ("talent:model", b["model"]),
        ("talent:model_edit", b["model"]),
        ("talent:item_edit", b["item"]),
        ("talent:plan", b["plan"]),
        ("talent:plan_edit", b["plan"]),
        ("talent:drill", b["drill"]),
        ("talent:drill_edit", b["drill"]),
        ("talent:pool_edit", b["pool_member"]),
        ("talent:criterion_edit", b["criterion"]),
        ("talent:contest_edit", b["contest"]),
        ("talent:record", b["person"]),
    ):
        assert client.get(reverse(name, args=[obj.pk])).status_code == 404, name
    for name, obj in (
        ("talent:drill_attendance", b["drill"]),
        ("talent:drill_delete", b["drill"]),
        ("talent:plan_end", b["plan"]),
        ("talent:pool_leave", b["pool_member"]),
        ("talent:model_retire", b["model"]),
        ("talent:criterion_retire", b["criterion"]),
        ("talent:contest_delete", b["contest"]),
        ("talent:item_remove", b["item"]),
    ):
        assert client.post(reverse(name, args=[obj.pk]), {}).status_code == 404, name
    with pytest.raises(NotFound):
        selectors.drill_detail(user=world["users"]["party_office"], pk=b["drill"].pk)
