"""Counts of each kind of demonstration post per org of a subtree (the seed-000 figures: 60 zones, 39
pioneer posts, 120 task forces)."""

from ninja import Field, Query, Schema

from dangjian.core.api.errors import LIST_ERRORS
from dangjian.posts import selectors
from dangjian.posts.api.common import router


class CountsQuery(Schema):
    org: str | None = Field(None, description="An org code; default: the outermost org you may see.")


class OrgCounts(Schema):
    org: str
    name: str
    zones: int
    pioneers: int
    taskforces: int
    pairings: int
    challenges: int


class PostCountsOut(Schema):
    org: str
    totals: dict[str, int]
    orgs: list[OrgCounts]


@router.get(
    "/posts/counts",
    response={200: PostCountsOut, **LIST_ERRORS},
    summary="Demonstration posts per org",
    url_name="post_counts",
)
def post_counts(request, query: Query[CountsQuery]):
    """How many responsibility zones, pioneer posts, task forces, pairings and challenges each org of the subtree
    has, and the totals."""
    org = selectors.visible_org(user=request.auth_user, code=query.org)
    table, totals = selectors.counts(user=request.auth_user, org=org)
    rows = [{"org": r["org"].code, "name": r["org"].name, **{k: v for k, v in r.items() if k != "org"}} for r in table]
    return {"org": org.code, "totals": totals, "orgs": rows}
