"""The archive in the API (/api/v1/archive): the company's categories (list, create, change, retire, load the
defaults), the items of an org's archive by year, category or words (list, one, its document), records from outside
(a paper record with its box number, or a file as base64), editing and retiring an item, filing a year, and the
year's zip (ask, then poll for its download link)."""

import base64
import binascii
import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.archive import documents, selectors, services
from dangjian.archive.models import Category, Item, ZipJob
from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination
from dangjian.core.errors import InvalidInput, NotFound, NotPermitted
from dangjian.core.permissions import ADD, CHANGE, EXPORT, VIEW
from dangjian.core.scoping import can_anywhere

router = Router(tags=["archive"])


def _require(user, resource: str, action: str) -> None:
    if not can_anywhere(user, resource, action):
        raise NotPermitted(_("You do not have permission to do this here."))


class ArchiveCategoryOut(Schema):
    id: int
    code: str
    name: str
    retention: str = Field(description="permanent, long, 30y or 10y.")
    order: int
    description: str
    active: bool


class ArchiveCategoryIn(Schema):
    code: str
    name: str
    retention: str = Field(description="permanent, long, 30y or 10y.")
    order: int = 10
    description: str = ""


def _category_out(c: Category) -> dict:
    return {f: getattr(c, f) for f in ("id", "code", "name", "retention", "order", "description", "active")}


@router.get(
    "/archive/categories",
    response={200: list[ArchiveCategoryOut], **LIST_ERRORS},
    summary="Archive categories",
    url_name="archive_categories",
)
def category_list(request):
    user = request.auth_user
    _require(user, "archive_category", VIEW)
    return [_category_out(c) for c in selectors.categories(user=user, company=selectors.company(user))]


def _company(user):
    company = selectors.company(user)
    if company is None:
        raise NotPermitted(_("You do not have permission to do this here."))
    return company


@router.post(
    "/archive/categories",
    response={201: ArchiveCategoryOut, **WRITE_ERRORS},
    summary="Create an archive category",
    url_name="archive_category_create",
)
def category_create(request, payload: ArchiveCategoryIn):
    user = request.auth_user
    _require(user, "archive_category", ADD)
    category = services.category_create(actor=user, company=_company(user), **payload.dict())
    return Status(201, _category_out(category))


@router.post(
    "/archive/categories/defaults",
    response={200: dict, **WRITE_ERRORS},
    summary="Load the default archive categories",
    url_name="archive_categories_defaults",
)
def category_defaults(request):
    """Creates the default categories the company does not have yet; {"created": n}."""
    user = request.auth_user
    _require(user, "archive_category", ADD)
    return {"created": services.categories_load_defaults(actor=user, company=_company(user))}


@router.put(
    "/archive/categories/{category_id}",
    response={200: ArchiveCategoryOut, **WRITE_ERRORS},
    summary="Change an archive category",
    url_name="archive_category",
)
def category_update(request, category_id: int, payload: ArchiveCategoryIn):
    user = request.auth_user
    category = selectors.category_get(user=user, pk=category_id)
    return _category_out(services.category_update(actor=user, category=category, **payload.dict()))


class ArchiveRetireIn(Schema):
    active: bool = Field(False, description="true puts it back.")


@router.post(
    "/archive/categories/{category_id}/retire",
    response={200: ArchiveCategoryOut, **WRITE_ERRORS},
    summary="Retire an archive category",
    url_name="archive_category_retire",
)
def category_retire(request, category_id: int, payload: ArchiveRetireIn):
    user = request.auth_user
    category = selectors.category_get(user=user, pk=category_id)
    return _category_out(services.category_retire(actor=user, category=category, active=payload.active))


class ArchiveItemOut(Schema):
    id: int
    org: str = Field(description="The org's code.")
    year: int
    category: str = Field(description="The category's code.")
    kind: str = Field(description="filed, upload or paper.")
    title: str
    day: dt.date | None
    box_no: str
    source: str
    active: bool
    file_url: str | None = Field(description="Where the document downloads; null for a paper record.")


def _item_out(i: Item) -> dict:
    return {
        "id": i.pk,
        "org": i.org.code,
        "year": i.year,
        "category": i.category.code,
        "kind": i.kind,
        "title": i.title,
        "day": i.day,
        "box_no": i.box_no,
        "source": i.source,
        "active": i.active,
        "file_url": None if i.kind == Item.Kind.PAPER else reverse("api:archive_item_file", kwargs={"item_id": i.pk}),
    }


class ArchiveItemFilters(Schema):
    org: str | None = Field(None, description="An org code (default: the outermost you see); its subtree.")
    year: int | None = Field(None, ge=2000, le=2100)
    category: str | None = Field(None, description="A category code.")
    q: str | None = Field(None, max_length=100, description="Words of the title or text (all of them).")


@router.get(
    "/archive/items",
    response={200: list[ArchiveItemOut], **LIST_ERRORS},
    summary="Archive items",
    url_name="archive_items",
)
@paginate(Pagination)
def item_list(request, filters: Query[ArchiveItemFilters]):
    user = request.auth_user
    selectors.require_subtree(user)
    org = selectors.visible_org(user=user, code=filters.org)
    if filters.q:
        rows = selectors.search(user=user, q=filters.q, org=org, year=filters.year)
        if filters.category:
            rows = [r for r in rows if r.category.code == filters.category.upper()]
        return [_item_out(i) for i in rows]
    qs = selectors.items(user=user, org=org, year=filters.year)
    if filters.category:
        qs = qs.filter(category__code=filters.category.upper())
    return [_item_out(i) for i in qs[:5000]]


class ArchiveItemIn(Schema):
    org: str = Field(description="The org's code.")
    year: int
    category: str = Field(description="A category code of the org's company.")
    title: str
    day: dt.date | None = None
    box_no: str = Field("", description="The box a paper record is kept in.")
    text: str = Field("", description="Keywords or a summary, for search.")
    file_name: str | None = Field(None, description="With content_base64: an uploaded file; without: a paper record.")
    content_base64: str | None = None


def _category_of(user, org, code: str) -> Category:
    company = services.company_of(org)
    found = selectors.categories(user=user, company=company).filter(code=(code or "").upper()).first()
    if found is None:
        message = _("No such category.")
        raise InvalidInput(message, errors={"category": [message]})
    return found


@router.post(
    "/archive/items",
    response={201: ArchiveItemOut, **WRITE_ERRORS},
    summary="Add a record from outside",
    url_name="archive_item_create",
)
def item_create(request, payload: ArchiveItemIn):
    user = request.auth_user
    _require(user, "archive", ADD)
    org = selectors.visible_org(user=user, code=payload.org, action=ADD)
    fields = {
        "org": org,
        "year": payload.year,
        "category": _category_of(user, org, payload.category),
        "title": payload.title,
        "day": payload.day,
        "box_no": payload.box_no,
        "text": payload.text,
    }
    if payload.content_base64:
        try:
            content = base64.b64decode(payload.content_base64, validate=True)
        except (binascii.Error, ValueError):
            message = _("The content is not base64.")
            raise InvalidInput(message, errors={"content_base64": [message]}) from None
        upload = SimpleUploadedFile(payload.file_name or "document.pdf", content)
        item = services.item_upload(actor=user, upload=upload, **fields)
    else:
        item = services.item_paper(actor=user, **fields)
    return Status(201, _item_out(item))


@router.get(
    "/archive/items/{item_id}",
    response={200: ArchiveItemOut, **READ_ERRORS},
    summary="An archive item",
    url_name="archive_item",
)
def item_get(request, item_id: int):
    return _item_out(selectors.item_get(user=request.auth_user, pk=item_id))


class ArchiveItemChange(Schema):
    year: int | None = None
    category: str | None = None
    title: str | None = None
    day: dt.date | None = None
    box_no: str | None = None
    text: str | None = None


@router.put(
    "/archive/items/{item_id}",
    response={200: ArchiveItemOut, **WRITE_ERRORS},
    summary="Change an archive item",
    url_name="archive_item_update",
)
def item_update(request, item_id: int, payload: ArchiveItemChange):
    user = request.auth_user
    item = selectors.item_get(user=user, pk=item_id)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k == "day"}
    if "category" in fields:
        fields["category"] = _category_of(user, item.org, fields["category"])
    return _item_out(services.item_update(actor=user, item=item, **fields))


@router.post(
    "/archive/items/{item_id}/retire",
    response={200: ArchiveItemOut, **WRITE_ERRORS},
    summary="Take an item out of the archive",
    url_name="archive_item_retire",
)
def item_retire(request, item_id: int, payload: ArchiveRetireIn):
    user = request.auth_user
    item = selectors.item_get(user=user, pk=item_id)
    return _item_out(services.item_retire(actor=user, item=item, active=payload.active))


@router.get(
    "/archive/items/{item_id}/file",
    response={200: None, **READ_ERRORS},
    summary="An archive item's document",
    url_name="archive_item_file",
)
def item_file(request, item_id: int):
    """The document: a filed record rendered by its producer (PDF), or the uploaded file. A paper record: 404."""
    found = selectors.item_get(user=request.auth_user, pk=item_id)
    document = documents.document(found)
    if document is None:
        raise NotFound(_("This item has no document: it is kept on paper."))
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


class ArchiveFileIn(Schema):
    org: str = Field(description="The org's code: its subtree is filed.")
    year: int


class ArchiveFiledOut(Schema):
    filed: int
    updated: int
    skipped: int = Field(description="Records whose category the company does not have.")


@router.post(
    "/archive/file",
    response={200: ArchiveFiledOut, **WRITE_ERRORS},
    summary="File a year's records now",
    url_name="archive_file",
)
def file_year(request, payload: ArchiveFileIn):
    user = request.auth_user
    _require(user, "archive", CHANGE)
    org = selectors.visible_org(user=user, code=payload.org)
    return services.file_year(actor=user, org=org, year=payload.year)


class ArchiveZipOut(Schema):
    id: int
    org: str
    year: int
    status: str = Field(description="pending, running, done or failed.")
    progress: int
    items: int
    download_url: str | None


def _zip_out(job: ZipJob) -> dict:
    return {
        "id": job.pk,
        "org": job.org.code,
        "year": job.year,
        "status": job.status,
        "progress": job.progress,
        "items": job.items,
        "download_url": reverse("archive:zip_file", kwargs={"pk": job.pk}) if job.file else None,
    }


@router.post(
    "/archive/zips",
    response={202: ArchiveZipOut, **WRITE_ERRORS},
    summary="Ask for a year's archive as a zip",
    url_name="archive_zip_request",
)
def zip_request(request, payload: ArchiveFileIn):
    user = request.auth_user
    _require(user, "archive", EXPORT)
    org = selectors.visible_org(user=user, code=payload.org, action=EXPORT)
    job = services.zip_request(actor=user, org=org, year=payload.year)
    job.refresh_from_db()
    return Status(202, _zip_out(job))


@router.get(
    "/archive/zips/{zip_id}",
    response={200: ArchiveZipOut, **READ_ERRORS},
    summary="An archive zip's progress",
    url_name="archive_zip",
)
def zip_get(request, zip_id: int):
    return _zip_out(selectors.zip_get(user=request.auth_user, pk=zip_id))
