"""Articles and columns in the API."""

import datetime as dt

from ninja import Field, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.org.api.common import changed_fields
from dangjian.publicity import selectors, services
from dangjian.publicity.api.common import org_of, require_anywhere, router, unknown


class ArticleColumnOut(Schema):
    id: int
    org: str = Field(description="Code of the party org that keeps the column.")
    name: str
    description: str
    order: int
    retired_on: dt.date | None

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code


class ArticleColumnIn(Schema):
    model_config = ConfigDict(extra="forbid")

    org: str = Field(max_length=40, description="Code of the party org (you serve as 党群工作部 there).")
    name: str = Field(min_length=1, max_length=60)
    description: str = Field("", max_length=300)
    order: int = Field(0, ge=0, le=999)


class ArticleColumnPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=60)
    description: str | None = Field(None, max_length=300)
    order: int | None = Field(None, ge=0, le=999)


class ArticleOut(Schema):
    id: int
    org: str = Field(description="Code of the party org whose article it is.")
    org_name: str
    column: int | None = Field(description="The column's id.")
    column_name: str
    title: str
    summary: str
    byline: str
    state: str = Field(description="draft, submitted, returned, published or withdrawn.")
    state_label: str
    review_comment: str
    submitted_at: dt.datetime | None
    published_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_org_name(obj) -> str:
        return obj.org.name

    @staticmethod
    def resolve_column(obj) -> int | None:
        return obj.column_id

    @staticmethod
    def resolve_column_name(obj) -> str:
        return obj.column.name if obj.column_id else ""

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())


class ArticleDetailOut(ArticleOut):
    body: str = Field(description="The text as written (plain text with a little markdown; pages escape it).")


class ArticleIn(Schema):
    model_config = ConfigDict(extra="forbid")

    org: str = Field(max_length=40, description="Code of the party org it is written for (you may add articles there).")
    title: str = Field(min_length=1, max_length=150)
    body: str = Field(min_length=1, max_length=50000)
    summary: str = Field("", max_length=300)
    column: int | None = Field(None, description="A column's id (of the org or above it).")
    byline: str = Field("", max_length=100)


class ArticlePatch(Schema):
    """Only the fields sent are changed, while the article is a draft or returned (otherwise 409)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=150)
    body: str | None = Field(None, min_length=1, max_length=50000)
    summary: str | None = Field(None, max_length=300)
    column: int | None = None
    byline: str | None = Field(None, max_length=100)


class ArticleMoveIn(Schema):
    model_config = ConfigDict(extra="forbid")

    action: str = Field(description="submit, recall, publish, return or withdraw.")
    comment: str = Field("", max_length=500, description="The reason (required to return or withdraw).")


def _column(user, pk):
    if pk is None:
        return None
    found = selectors.column_list(user=user, active_only=False).filter(pk=pk).first()
    if found is None:
        raise unknown("column", pk)
    return found


@router.get(
    "/articles/columns",
    response={200: list[ArticleColumnOut], **LIST_ERRORS},
    summary="List news columns",
    url_name="article_columns",
)
@paginate(Pagination)
def column_list(request):
    """The columns (专栏) of your companies, retired ones too."""
    return selectors.column_list(user=request.auth_user)


@router.post(
    "/articles/columns",
    response={201: ArticleColumnOut, **WRITE_ERRORS},
    summary="Add a news column",
    url_name="article_column_create",
)
def column_create(request, payload: ArticleColumnIn):
    user = request.auth_user
    require_anywhere(user, "column", "add")
    data = payload.model_dump()
    data["org"] = org_of(user, data["org"], "column")
    column = services.column_save(actor=user, **data)
    return Status(201, selectors.column_detail(user=user, pk=column.pk))


@router.patch(
    "/articles/columns/{column_id}",
    response={200: ArticleColumnOut, **WRITE_ERRORS},
    summary="Change a news column",
    url_name="article_column_update",
)
def column_update(request, column_id: int, payload: ArticleColumnPatch):
    user = request.auth_user
    column = selectors.column_detail(user=user, pk=column_id)
    data = changed_fields(payload, required=("name", "order"), blank_as_empty=("description",))
    services.column_save(actor=user, org=column.org, obj=column, **data)
    return selectors.column_detail(user=user, pk=column_id)


@router.post(
    "/articles/columns/{column_id}/retire",
    response={200: ArticleColumnOut, **WRITE_ERRORS},
    summary="Retire a news column",
    url_name="article_column_retire",
)
def column_retire(request, column_id: int):
    """Its articles stay; no new article is filed under it. Retired already: 409."""
    user = request.auth_user
    services.column_retire(actor=user, column=selectors.column_detail(user=user, pk=column_id))
    return selectors.column_detail(user=user, pk=column_id)


@router.get(
    "/articles",
    response={200: list[ArticleOut], **LIST_ERRORS},
    summary="List articles",
    url_name="articles",
)
@paginate(Pagination)
def article_list(request, state: str | None = None):
    """The articles you see: your companies' published news, your own, and every article of the orgs where you edit
    articles; most recently changed first. `state` filters."""
    return selectors.article_list(user=request.auth_user, state=state)


@router.get(
    "/articles/{article_id}",
    response={200: ArticleDetailOut, **READ_ERRORS},
    summary="Read an article",
    url_name="article",
)
def article_detail(request, article_id: int):
    return selectors.article_detail(user=request.auth_user, pk=article_id)


@router.post(
    "/articles",
    response={201: ArticleDetailOut, **WRITE_ERRORS},
    summary="Write an article (a draft)",
    url_name="article_create",
)
def article_create(request, payload: ArticleIn):
    user = request.auth_user
    require_anywhere(user, "article", "add")
    data = payload.model_dump()
    org = org_of(user, data.pop("org"), "article")
    data["column"] = _column(user, data["column"])
    article = services.article_create(actor=user, org=org, **data)
    return Status(201, selectors.article_detail(user=user, pk=article.pk))


@router.patch(
    "/articles/{article_id}",
    response={200: ArticleDetailOut, **WRITE_ERRORS},
    summary="Change an article",
    url_name="article_update",
)
def article_update(request, article_id: int, payload: ArticlePatch):
    """The author or an editor of the org, while it is a draft or returned (otherwise 409)."""
    user = request.auth_user
    article = selectors.article_detail(user=user, pk=article_id)
    data = changed_fields(payload, required=("title", "body"), blank_as_empty=("summary", "byline"))
    if "column" in data:
        data["column"] = _column(user, data["column"])
    services.article_update(actor=user, article=article, **data)
    return selectors.article_detail(user=user, pk=article_id)


@router.post(
    "/articles/{article_id}/move",
    response={200: ArticleDetailOut, **WRITE_ERRORS},
    summary="Move an article through the editorial flow",
    url_name="article_move",
)
def article_move(request, article_id: int, payload: ArticleMoveIn):
    """submit (author, editors), recall (the author, while under review), publish / return (the publicity officer or
    党群工作部), withdraw (the same, a published one). A step not legal from the article's state is 409."""
    user = request.auth_user
    article = selectors.article_detail(user=user, pk=article_id)
    services.article_move(actor=user, article=article, action=payload.action, comment=payload.comment)
    return selectors.article_detail(user=user, pk=article_id)
