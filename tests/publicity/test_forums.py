"""Forums: a session's presenters with their linked results, the audience's one vote per person (a second, or two at
once, 409 — never 500), the ranking, and the API of articles and forums."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from dangjian.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from dangjian.core.services import SYSTEM
from dangjian.posts import services as posts
from dangjian.publicity import selectors, services
from dangjian.publicity.models import ForumVote
from tests.factories import PersonFactory, account_with_role
from tests.matrix.runner import module_world
from tests.publicity.world import build

world = module_world(build)


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def session_with_presenters(w, n=2, state="voting"):
    session = services.forum_save(
        actor=w["users"]["office"],
        org=w["root"],
        kind="innovation",
        code="CX-2025-1",
        title="2025年创新创意论坛",
        held_on=dt.date(2025, 6, 1),
    )
    challenge = posts.challenge_create(
        actor=SYSTEM, org=w["root"], title="整流谐波治理", problem="p", deadline=dt.date(2099, 1, 1)
    )
    presenters = [w["person_b"], w["officer_person"], *[PersonFactory(branch=w["branch_b"]) for _ in range(n - 2)]]
    for i, person in enumerate(presenters[:n]):
        services.presentation_save(
            actor=w["users"]["office"],
            session=session,
            presenter=person,
            title=f"成果{i}",
            order=i,
            project=w["project"] if i == 0 else None,
            challenge=challenge if i == 1 else None,
        )
    if state == "voting":
        services.forum_move(actor=w["users"]["office"], session=session, action="open_voting")
    return selectors.forum_detail(user=w["users"]["office"], pk=session.pk)


def test_each_person_votes_once_and_the_ranking_follows(db, world):
    u = world["users"]
    session = session_with_presenters(world)
    first, second = sorted(session.presentations.all(), key=lambda p: p.order)
    services.vote_cast(actor=u["member"], session=session, presentation=second)
    services.vote_cast(actor=u["employee"], session=session, presentation=second)
    services.vote_cast(actor=u["secretary_b"], session=session, presentation=first)
    with pytest.raises(Conflict):
        services.vote_cast(actor=u["member"], session=session, presentation=first)
    with pytest.raises(InvalidInput):  # not for one's own
        services.vote_cast(actor=u["member_b"], session=session, presentation=first)
    with pytest.raises(NotPermitted):  # an account without a person on the roll
        services.vote_cast(actor=u["office"], session=session, presentation=first)
    with pytest.raises(NotFound):  # another company's people are not the audience
        services.vote_cast(actor=world["z"]["member"], session=session, presentation=first)
    ranking = selectors.ranking(selectors.forum_detail(user=u["member"], pk=session.pk))
    assert [(r["rank"], r["presentation"].title, r["votes"]) for r in ranking] == [(1, "成果1", 2), (2, "成果0", 1)]
    services.forum_move(actor=u["office"], session=session, action="close_voting")
    with pytest.raises(Conflict):
        services.vote_cast(actor=u["member_b"], session=session, presentation=second)
    with pytest.raises(Conflict):  # the record stands
        services.presentation_save(actor=u["office"], session=session, presenter=world["person_a"], title="x")


def test_a_race_between_two_votes_is_a_conflict(db, world, monkeypatch):
    """Two votes of one person sent at once: both pass the check, the database refuses the second (409, not 500)."""
    session = session_with_presenters(world)
    presentation = session.presentations.all()[0]
    ForumVote.objects.create(session=session, presentation=presentation, voter=world["person_a"])
    original = ForumVote.objects.filter

    def blind(*args, **kwargs):  # the second request's check ran before the first one's insert
        rows = original(*args, **kwargs)
        return rows.none() if kwargs.get("voter") else rows

    monkeypatch.setattr(ForumVote.objects, "filter", blind)
    response = client_for(world["users"]["member"]).post(
        reverse("api:forum_vote", kwargs={"session_id": session.pk}),
        {"presentation": presentation.pk},
        content_type="application/json",
    )
    assert response.status_code == 409, response.content
    assert original(session=session).count() == 1


def test_presenters_and_results_stay_inside_the_company(db, world):
    u = world["users"]
    session = session_with_presenters(world, state="planned")
    with pytest.raises(InvalidInput) as refused:
        services.presentation_save(
            actor=u["office"], session=session, presenter=world["z"]["person"], title="x", project=world["z"]["project"]
        )
    assert set(refused.value.errors) == {"presenter", "project"}
    with pytest.raises(NotPermitted):  # a reader does not organise
        services.presentation_save(actor=u["member"], session=session, presenter=world["person_a"], title="x")
    with pytest.raises(InvalidInput):  # opening needs presenters
        empty = services.forum_save(
            actor=u["secretary"],
            org=world["branch_a"],
            kind="secretary",
            code="LT-1",
            title="t",
            held_on=dt.date(2025, 1, 1),
        )
        services.forum_move(actor=u["secretary"], session=empty, action="open_voting")
    with pytest.raises(NotFound):
        selectors.forum_detail(user=world["z"]["member"], pk=session.pk)


def test_forum_pages_vote_and_are_bounded(db, world, django_assert_max_num_queries):
    session = session_with_presenters(world, n=6)
    member = client_for(world["users"]["member"])
    url = reverse("publicity:forum", kwargs={"pk": session.pk})
    for n, who in enumerate(("employee", "secretary_b", "member")):
        voter = client_for(world["users"][who])
        chosen = sorted(session.presentations.all(), key=lambda p: p.order)[1 + n % 2]
        assert (
            voter.post(
                reverse("publicity:forum_vote", kwargs={"pk": session.pk}), {"presentation": chosen.pk}
            ).status_code
            == 302
        )
    with django_assert_max_num_queries(12):
        page = member.get(url)
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="voted"' in text and "vote-" not in text.split("ranking")[1]
    again = member.post(reverse("publicity:forum_vote", kwargs={"pk": session.pk}), {"presentation": chosen.pk})
    assert again.status_code == 302 and ForumVote.objects.filter(voter=world["person_a"]).count() == 1
    with django_assert_max_num_queries(12):
        assert member.get(reverse("publicity:forums")).status_code == 200
    export = client_for(world["users"]["office"]).get(reverse("publicity:forum_export", kwargs={"pk": session.pk}))
    assert export.status_code == 200
    assert member.get(reverse("publicity:forum_export", kwargs={"pk": session.pk})).status_code == 403


def test_api_articles_flow(db, world):
    u = world["users"]
    member = client_for(u["member"])
    created = member.post(
        reverse("api:article_create"),
        {"org": "BA", "title": "API稿件", "body": "**正文**", "column": world["column"].pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["state"] == "draft"
    move = reverse("api:article_move", kwargs={"article_id": pk})
    assert member.post(move, {"action": "submit"}, content_type="application/json").status_code == 200
    assert member.post(move, {"action": "publish"}, content_type="application/json").status_code == 403
    officer = client_for(u["officer"])
    assert officer.post(move, {"action": "return"}, content_type="application/json").status_code == 400
    assert officer.post(move, {"action": "publish"}, content_type="application/json").json()["state"] == "published"
    assert officer.post(move, {"action": "publish"}, content_type="application/json").status_code == 409
    patch = member.patch(
        reverse("api:article_update", kwargs={"article_id": pk}), {"title": "x"}, content_type="application/json"
    )
    assert patch.status_code == 409
    listed = client_for(u["employee"]).get(reverse("api:articles") + "?state=published").json()
    assert [a["title"] for a in listed["items"]] == ["API稿件"]
    outsider = client_for(world["z"]["member"])
    assert outsider.get(reverse("api:article", kwargs={"article_id": pk})).status_code == 404
    assert (
        member.post(
            reverse("api:article_create"), {"org": "ZB", "title": "t", "body": "b"}, content_type="application/json"
        ).status_code
        == 400
    )
    assert (
        client_for(u["member"])
        .post(reverse("api:article_column_create"), {"org": "ROOT", "name": "x"}, content_type="application/json")
        .status_code
        == 403
    )
    column = client_for(u["office"]).post(
        reverse("api:article_column_create"), {"org": "ROOT", "name": "公司要闻"}, content_type="application/json"
    )
    assert column.status_code == 201
    retire = reverse("api:article_column_retire", kwargs={"column_id": column.json()["id"]})
    assert client_for(u["office"]).post(retire).json()["retired_on"]
    assert client_for(u["office"]).post(retire).status_code == 409


def test_api_forum_flow(db, world):
    u = world["users"]
    office = client_for(u["office"])
    created = office.post(
        reverse("api:forum_create"),
        {"org": "ROOT", "kind": "secretary", "code": "LT-2025-1", "title": "支部书记论坛", "held_on": "2025-05-01"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    sid = created.json()["id"]
    add = reverse("api:forum_presentation_create", kwargs={"session_id": sid})
    for number, title in (("SEC-B", "发电支部工作法"), (world["person_a"].employee_no, "电解支部工作法")):
        body = {"presenter": number, "title": title, "project": "QN-2025-001" if number == "SEC-B" else None}
        assert office.post(add, body, content_type="application/json").status_code == 201
    assert office.post(add, {"presenter": "Z-1", "title": "t"}, content_type="application/json").status_code == 400
    move = reverse("api:forum_move", kwargs={"session_id": sid})
    assert (
        client_for(u["member"]).post(move, {"action": "open_voting"}, content_type="application/json").status_code
        == 403
    )
    assert office.post(move, {"action": "open_voting"}, content_type="application/json").json()["state"] == "voting"
    detail = office.get(reverse("api:forum", kwargs={"session_id": sid})).json()
    target = next(p for p in detail["presentations"] if p["presenter"] == "SEC-B")
    assert target["result_kind"] == "project" and target["project"] == "QN-2025-001"
    vote = reverse("api:forum_vote", kwargs={"session_id": sid})
    employee = client_for(u["employee"])
    assert employee.post(vote, {"presentation": target["id"]}, content_type="application/json").status_code == 201
    assert employee.post(vote, {"presentation": target["id"]}, content_type="application/json").status_code == 409
    ranked = office.get(reverse("api:forum", kwargs={"session_id": sid})).json()["presentations"]
    assert (ranked[0]["presenter"], ranked[0]["votes"], ranked[0]["rank"]) == ("SEC-B", 1, 1)
    assert (
        client_for(world["z"]["member"])
        .post(vote, {"presentation": target["id"]}, content_type="application/json")
        .status_code
        == 404
    )
    assert json.loads(office.get(reverse("api:forums")).content)["count"] == 1


def test_a_secretary_runs_the_forum_of_their_org_only(db, world):
    u = world["users"]
    session = services.forum_save(
        actor=u["secretary"],
        org=world["branch_a"],
        kind="secretary",
        code="LT-BA",
        title="t",
        held_on=dt.date(2025, 1, 1),
    )
    with pytest.raises(NotPermitted):
        services.forum_save(
            actor=u["secretary"],
            org=world["branch_b"],
            kind="secretary",
            code="LT-BB",
            title="t",
            held_on=dt.date(2025, 1, 1),
        )
    with pytest.raises(NotPermitted):
        services.forum_move(actor=u["secretary_b"], session=session, action="open_voting")
    other = account_with_role("secretary", world["z"]["branch"], username="z_sec")
    with pytest.raises(NotPermitted):
        services.forum_save(
            actor=other, org=world["branch_a"], kind="secretary", code="LT-Z", title="t", held_on=dt.date(2025, 1, 1)
        )


def test_a_result_links_to_a_drill_session_of_the_company_only(db, world):
    from dangjian.publicity import results
    from dangjian.talent.models import Drill

    u = world["users"]
    session = session_with_presenters(world, state="planned")
    drill = Drill.objects.create(org=world["branch_a"], topic="槽况判断练兵", held_on=dt.date(2025, 5, 20))
    z_drill = Drill.objects.create(org=world["z"]["branch"], topic="中州练兵", held_on=dt.date(2025, 5, 20))
    made = services.presentation_save(
        actor=u["office"], session=session, presenter=world["person_a"], title="练兵成果", order=5, drill=drill
    )
    assert (results.kind_of(made), results.label_of(made)) == ("drill", "2025-05-20 槽况判断练兵")
    with pytest.raises(InvalidInput) as refused:  # another company's drill is unknown
        services.presentation_save(actor=u["office"], session=session, obj=made, drill=z_drill)
    assert set(refused.value.errors) == {"drill"}
    with pytest.raises(InvalidInput) as refused:  # one link, not two
        services.presentation_save(actor=u["office"], session=session, obj=made, project=world["project"])
    assert "drill" in refused.value.errors
    # the API reads and writes the link; another company's drill is refused as unknown
    office = client_for(u["office"])
    add = reverse("api:forum_presentation_create", kwargs={"session_id": session.pk})
    body = {"presenter": world["employee_person"].employee_no, "title": "API练兵成果", "drill": z_drill.pk}
    refused = office.post(add, body, content_type="application/json")
    assert refused.status_code == 400 and "drill" in refused.json()["errors"]
    assert office.post(add, {**body, "drill": drill.pk}, content_type="application/json").status_code == 201
    detail = office.get(reverse("api:forum", kwargs={"session_id": session.pk})).json()
    linked = [(p["title"], p["result_kind"], p["drill"]) for p in detail["presentations"] if p["drill"]]
    assert sorted(linked) == [("API练兵成果", "drill", drill.pk), ("练兵成果", "drill", drill.pk)]
    # the page shows it, the form offers the company's drills only and saves the link
    page = office.get(reverse("publicity:forum", kwargs={"pk": session.pk})).content.decode()
    assert 'data-testid="result-drill"' in page and "槽况判断练兵" in page
    form_url = reverse("publicity:presentation_edit", kwargs={"pk": session.pk, "ppk": made.pk})
    form = office.get(form_url).content.decode()
    assert "槽况判断练兵" in form and "中州练兵" not in form
    posted = office.post(form_url, {"presenter": world["person_a"].employee_no, "title": "练兵成果", "order": 5})
    assert posted.status_code == 302
    made.refresh_from_db()
    assert made.drill_id is None
