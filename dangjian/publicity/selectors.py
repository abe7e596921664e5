"""Reads of publicity and the forums. Each starts from `restrict(user, VIEW)` (published news and forum sessions are
read company-wide, drafts by their author and the org's editors); an object out of scope is NotFound. A fixed number
of queries however many rows."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from dangjian.core.errors import NotFound
from dangjian.core.permissions import ADD, VIEW
from dangjian.core.scoping import scope_for
from dangjian.org.models import PartyOrg, Person
from dangjian.publicity.models import (
    Article,
    ArticleState,
    Column,
    ForumSession,
    ForumVote,
    Presentation,
    company_paths,
)

# --- columns ---------------------------------------------------------------------------------------------------------


def column_list(*, user, active_only: bool = False):
    rows = Column.objects.restrict(user, VIEW).select_related("org")
    if active_only:
        rows = rows.filter(retired_on__isnull=True)
    return rows.annotate(published=Count("articles", filter=Q(articles__state=ArticleState.PUBLISHED))).order_by(
        "org__path", "order", "name"
    )


def column_detail(*, user, pk: int) -> Column:
    found = Column.objects.restrict(user, VIEW).select_related("org").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such column, or you do not have access to it."))
    return found


def columns_for(*, user, org: PartyOrg | None = None):
    """The active columns an article may be filed under: those of the user's companies (of `org` or above it)."""
    rows = Column.objects.restrict(user, VIEW).filter(retired_on__isnull=True).select_related("org")
    if org is not None:
        rows = rows.filter(org__path__in=[p for p in _ancestors(org.path)])
    return rows.order_by("org__path", "order", "name")


def _ancestors(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return [f"/{'/'.join(parts[: n + 1])}/" for n in range(len(parts))]


# --- articles --------------------------------------------------------------------------------------------------------


def _articles(user):
    return Article.objects.restrict(user, VIEW).select_related("org", "column")


def news(*, user, column: Column | None = None, org: PartyOrg | None = None):
    """The company news: published articles of the user's companies, newest first."""
    rows = _articles(user).filter(state=ArticleState.PUBLISHED)
    if column is not None:
        rows = rows.filter(column=column)
    if org is not None:
        rows = rows.filter(org__path__startswith=org.path)
    return rows.order_by("-published_at", "-id")


def desk(*, user, state: str | None = None):
    """The editorial desk: the articles not (or no longer) published that the user sees — their own drafts, and for
    editors and reviewers everything of their orgs — most recently changed first."""
    rows = _articles(user).exclude(state=ArticleState.PUBLISHED)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-updated_at", "-id")


def article_list(*, user, state: str | None = None, org: PartyOrg | None = None, column: Column | None = None):
    """Every article the user sees (the API's list and the export), newest change first."""
    rows = _articles(user)
    if state:
        rows = rows.filter(state=state)
    if org is not None:
        rows = rows.filter(org__path__startswith=org.path)
    if column is not None:
        rows = rows.filter(column=column)
    return rows.order_by("-updated_at", "-id")


def article_detail(*, user, pk: int) -> Article:
    found = _articles(user).select_related("column__org").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("No such article, or you do not have access to it."))
    return found


def latest_news(*, user, n: int = 5) -> list[Article]:
    return list(news(user=user)[:n])


def writable_orgs(*, user):
    """The orgs where the user may add articles (to choose from on the form), outermost first, bounded."""
    scope = scope_for(user, "article", ADD)
    if scope.empty:
        return PartyOrg.objects.none()
    rows = PartyOrg.objects.filter(status=PartyOrg.Status.ACTIVE).exclude(kind=PartyOrg.Kind.GROUP)
    if not scope.everywhere:
        q = Q(pk__in=[])
        for path in scope.paths:
            q |= Q(path__startswith=path)
        rows = rows.filter(q)
    return rows.order_by("path")


def org_by_code(*, user, code: str, resource: str = "article", action: str = ADD) -> PartyOrg | None:
    """An org by code where the user holds the grant (None: unknown to them)."""
    scope = scope_for(user, resource, action)
    org = PartyOrg.objects.filter(code=code).first() if code else None
    if org is None or scope.empty:
        return None
    if scope.everywhere or any(org.path.startswith(p) for p in scope.paths):
        return org
    return None


def company_root(*, user, resource: str = "article") -> PartyOrg | None:
    """The root org of the user's (first) company."""
    paths = company_paths(user, resource)
    return PartyOrg.objects.filter(path__in=paths).order_by("path").first() if paths else None


# --- forums ----------------------------------------------------------------------------------------------------------


def forum_list(*, user, kind: str | None = None):
    rows = (
        ForumSession.objects.restrict(user, VIEW)
        .select_related("org")
        .annotate(presenters=Count("presentations", distinct=True), voters=Count("votes", distinct=True))
    )
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-held_on", "-id")


def forum_detail(*, user, pk: int) -> ForumSession:
    """A session with its presentations (presenter, linked result, votes), best first."""
    found = (
        ForumSession.objects.restrict(user, VIEW)
        .select_related("org")
        .prefetch_related(Prefetch("presentations", presentation_rows()))
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound(_("No such forum session, or you do not have access to it."))
    return found


def presentation_rows():
    return (
        Presentation.objects.select_related("presenter__branch", "project", "challenge", "drill")
        .annotate(vote_count=Count("votes"))
        .order_by("order", "id")
    )


def ranking(session: ForumSession) -> list[dict]:
    """The session's presentations by votes, most first, with their rank (equal votes share a rank: 1, 1, 3)."""
    rows = sorted(session.presentations.all(), key=lambda p: (-p.vote_count, p.order, p.pk))
    out, rank, last = [], 0, None
    for n, p in enumerate(rows, start=1):
        if p.vote_count != last:
            rank, last = n, p.vote_count
        out.append({"rank": rank, "presentation": p, "votes": p.vote_count})
    return out


def presentation_detail(*, session: ForumSession, pk: int) -> Presentation:
    """A presentation of a session the user sees (the session comes from `forum_detail`)."""
    found = next((p for p in session.presentations.all() if p.pk == pk), None)
    if found is None:
        raise NotFound(_("No such presentation."))
    return found


def own_vote(*, user, session: ForumSession) -> ForumVote | None:
    if not getattr(user, "person_id", None):
        return None
    return ForumVote.objects.filter(session=session, voter_id=user.person_id).first()


def people_by_employee_no(*, session: ForumSession, numbers: list[str]) -> dict[str, Person]:
    """People of the session's company by employee number (presenters are anyone on its roll)."""
    from dangjian.org.tenancy import root_path

    if not numbers:
        return {}
    rows = Person.objects.filter(employee_no__in=numbers, branch__path__startswith=root_path(session.org.path))
    return {p.employee_no: p for p in rows.select_related("branch")}


def project_by_code(*, user, code: str):
    from dangjian.projects.projects.models import Project

    return Project.objects.restrict(user, VIEW).select_related("owner").filter(code=code).first() if code else None


def challenge_by_id(*, user, pk: int | None):
    from dangjian.posts.models import OpenChallenge

    return OpenChallenge.objects.restrict(user, VIEW).select_related("org").filter(pk=pk).first() if pk else None


def drill_by_id(*, user, pk: int | None):
    """A drill session (课后练兵, talent) the user sees, by id."""
    from dangjian.talent.models import Drill

    return Drill.objects.restrict(user, VIEW).select_related("org").filter(pk=pk).first() if pk else None
