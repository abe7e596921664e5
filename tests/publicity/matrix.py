"""Publicity routes in the permission matrix and their world (the root matrix's world plus a column at ROOT, articles
of BA and BB in three states, and a forum session hosted by BA and one by BB, voting, with two presenters of BB).
The committee member of BA holds BA's publicity officer seat (宣传委员): he reviews BA's articles.

Who sees what: published articles and forum sessions — every business role of the company; a draft or an article
under review — its author (the member wrote BA's) and those who edit articles at its org (党群工作部, the secretary
and committee member of BA), otherwise 404; a visible object without the right, 403."""

import datetime as dt

from django.urls import reverse

from dangjian.publicity.models import Article, Column, ForumSession, ForumVote, Presentation
from tests.matrix.footprint import AUDIT, count, rows, snapshot
from tests.matrix.policy import BUSINESS, anyone, only, roles_in, scoped

WRITERS = tuple(r for r in BUSINESS if r != "leader")  # article "add"
EDITORS_BA = ("party_office", "secretary", "committee_member")


def business(role, target):
    return role in BUSINESS


def sees_unpublished(role, target):
    """A draft or submitted article: the org's editors and, in BA, its author (the member)."""
    return role == "party_office" or (target == "BA" and role in (*EDITORS_BA, "member"))


def organiser(role, target):
    return role == "party_office" or (target == "BA" and role == "secretary")


def moves_published(role, target):
    """The page's move route needs some standing (author, editor, reviewer) over the article."""
    return role == "party_office" or (target == "BA" and role in EDITORS_BA)


def withdraws(role, target):
    """Withdrawing a published article: its reviewer — BA's publicity officer — or 党群工作部."""
    return role == "party_office" or (target == "BA" and role == "committee_member")


def exports_forum(role, target):
    return role in ("party_office", "leader") or (target == "BA" and role in ("secretary", "committee_member"))


def votes(role, target):
    """A vote needs a person on the roll: the member, the employee and the committee member (the officer)."""
    return role in ("member", "employee", "committee_member")


unpublished_view = scoped(sees_unpublished)
published_view = scoped(business)
forum_view = scoped(business)
forum_organise = scoped(business, organiser)
column_change = scoped(business, roles_in("party_office"))

ROUTES = {
    "publicity:news": (None, only(*BUSINESS), "GET"),
    "publicity:showcase": (None, only(*BUSINESS), "GET"),
    "publicity:desk": (None, only(*WRITERS), "GET"),
    "publicity:article_create": (None, only(*WRITERS), "GET"),
    "publicity:article_export": (None, only(*EDITORS_BA, "leader"), "GET"),
    "publicity:article": ("draft", unpublished_view, "GET"),
    "publicity:article_edit": ("draft", unpublished_view, "GET"),
    "publicity:article_move": ("published", scoped(business, moves_published), "POST"),
    "publicity:columns": (None, only("party_office"), "GET"),
    "publicity:column_create": (None, only("party_office"), "GET"),
    "publicity:column_edit": ("column", column_change, "GET"),
    "publicity:column_retire": ("column", column_change, "POST"),
    "publicity:forums": (None, only(*BUSINESS), "GET"),
    "publicity:forum_create": (None, only("party_office", "secretary"), "GET"),
    "publicity:forum": ("forum", forum_view, "GET"),
    "publicity:forum_edit": ("forum", forum_organise, "GET"),
    "publicity:forum_move": ("forum", forum_organise, "POST"),
    "publicity:forum_vote": ("forum", forum_view, "POST"),
    "publicity:forum_export": ("forum", scoped(business, exports_forum), "GET"),
    "publicity:presentation_create": ("forum", forum_organise, "GET"),
    "publicity:presentation_edit": ("presentation", forum_organise, "GET"),
    "publicity:presentation_remove": ("presentation", forum_organise, "POST"),
    "api:articles": (None, anyone, "GET"),
    "api:article": ("submitted", unpublished_view, "GET"),
    "api:article_create": (None, only(*WRITERS), "POST"),
    "api:article_update": ("draft", unpublished_view, "PATCH"),
    "api:article_move": ("published", scoped(business, withdraws), "POST"),
    "api:article_columns": (None, anyone, "GET"),
    "api:article_column_create": (None, only("party_office"), "POST"),
    "api:article_column_update": ("column", column_change, "PATCH"),
    "api:article_column_retire": ("column", column_change, "POST"),
    "api:forums": (None, anyone, "GET"),
    "api:forum": ("forum", forum_view, "GET"),
    "api:forum_create": (None, only("party_office", "secretary"), "POST"),
    "api:forum_update": ("forum", forum_organise, "PATCH"),
    "api:forum_move": ("forum", forum_organise, "POST"),
    "api:forum_presentation_create": ("forum", forum_organise, "POST"),
    "api:forum_presentation_update": ("presentation", forum_organise, "PATCH"),
    "api:forum_presentation_delete": ("presentation", forum_organise, "DELETE"),
    "api:forum_vote": ("forum", scoped(business, votes), "POST"),
}

API_BODIES = {
    "api:article_create": {"org": "BA", "title": "矩阵稿件", "body": "正文"},
    "api:article_update": {"title": "改"},
    "api:article_move": {"action": "withdraw", "comment": "撤稿"},
    "api:article_column_create": {"org": "ROOT", "name": "矩阵专栏"},
    "api:article_column_update": {"name": "改名"},
    "api:forum_create": {"org": "BA", "kind": "secretary", "code": "M-1", "title": "矩阵论坛", "held_on": "2025-05-01"},
    "api:forum_update": {"title": "改"},
    "api:forum_move": {"action": "close_voting"},
    "api:forum_presentation_create": {"presenter": "{person_a}", "title": "矩阵成果"},
    "api:forum_presentation_update": {"title": "改"},
}


def send(client, name, url, method, target, world):
    body = dict(API_BODIES.get(name, {}))
    if name == "api:forum_vote":
        body = {"presentation": world["presentations"][target].pk}
    body = {k: world["person_a"].employee_no if v == "{person_a}" else v for k, v in body.items()}
    if name.startswith("api:") and method != "GET":
        return getattr(client, method.lower())(url, body, content_type="application/json")
    if method == "POST":
        return client.post(url, {})
    return client.get(url)


def extend(world, tmp_path) -> dict:
    from dangjian.core.services import SYSTEM
    from dangjian.org.models import CommitteeSeat
    from dangjian.publicity import services
    from tests.factories import PersonFactory

    officer = PersonFactory(branch=world["branch_a"], member=True, name="宣传委员甲")
    CommitteeSeat.objects.create(org=world["branch_a"], person=officer, role="publicity_officer")
    world["users"]["committee_member"].person = officer
    world["users"]["committee_member"].save(update_fields=["person"])
    column = services.column_save(actor=SYSTEM, org=world["root"], name="基层动态")
    author = world["users"]["member"]
    articles = {"draft": {}, "submitted": {}, "published": {}}
    for key, org in (("BA", world["branch_a"]), ("BB", world["branch_b"])):
        writer = author if key == "BA" else SYSTEM
        for state in articles:
            article = services.article_create(actor=writer, org=org, title=f"{state}{key}", body="正文", column=column)
            if state != "draft":
                services.article_move(actor=SYSTEM, article=article, action="submit")
            if state == "published":
                article.author = None  # nobody's own: the reviewers' and the editors' to move
                article.save(update_fields=["author"])
                services.article_move(actor=SYSTEM, article=article, action="publish")
            articles[state][key] = article
    presenters = [world["person_b"], PersonFactory(branch=world["branch_b"], name="发电技师")]
    forums, presentations = {}, {}
    for key, org in (("BA", world["branch_a"]), ("BB", world["branch_b"])):
        forum = services.forum_save(
            actor=SYSTEM, org=org, kind="secretary", code=f"LT-{key}", title=f"论坛{key}", held_on=dt.date(2025, 5, 1)
        )
        for i, person in enumerate(presenters):
            presentations[key] = services.presentation_save(
                actor=SYSTEM, session=forum, presenter=person, title=f"成果{key}{i}", order=i
            )
        services.forum_move(actor=SYSTEM, session=forum, action="open_voting")
        forums[key] = forum
    return {**world, "column": column, "articles": articles, "forums": forums, "presentations": presentations}


def url_for(name, kind, target, w):
    if kind is None:
        return reverse(name)
    api = name.startswith("api:")
    if kind == "column":
        pk = w["column"].pk
        return reverse(name, kwargs={"column_id": pk} if api else {"pk": pk})
    if kind in ("forum", "presentation"):
        pk = w["forums"][target].pk
        if kind == "forum":
            return reverse(name, kwargs={"session_id": pk} if api else {"pk": pk})
        ppk = w["presentations"][target].pk
        return reverse(name, kwargs={"session_id": pk, "presentation_id": ppk} if api else {"pk": pk, "ppk": ppk})
    pk = w["articles"][kind][target].pk
    return reverse(name, kwargs={"article_id": pk} if api else {"pk": pk})


def targets(role, kind):
    return ["-"] if kind in (None, "column") else ["BA", "BB"]


def state(world):
    return snapshot(
        AUDIT,
        rows(Article, "state", "title"),
        rows(Column, "name", "retired_on"),
        rows(ForumSession, "state", "title"),
        rows(Presentation, "title"),
        count(ForumVote),
    )
