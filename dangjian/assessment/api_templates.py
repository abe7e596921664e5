"""Assessment templates (考核细则) in the API, the same operations as the template pages, through the same services:
- GET /assessment/templates?year= — the templates the caller may see (a branch sees the company's);
- POST /assessment/templates — a year's empty template for an org (党群工作部 over it);
- GET / PATCH /assessment/templates/{id} — one template with its categories and items / its name, weights, pay rule;
- POST /assessment/templates/{id}/copy — the template copied to another year (categories and items in use);
- POST /assessment/templates/{id}/categories, PATCH …/categories/{category_id} — add; rename, move, retire;
- POST /assessment/templates/{id}/items, PATCH …/items/{code} — add; change, move, retire.

Once a month has been opened from a template, what its items score and which are assessed are fixed: such a change
answers 409 with the sentence saying so. A template of another company is 404, like one that does not exist."""

from decimal import Decimal
from enum import Enum

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from dangjian.assessment import selectors, services
from dangjian.assessment.models import Frequency, Item, Template
from dangjian.assessment.services.templates import first_opened, monthly_total
from dangjian.core import months
from dangjian.core.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from dangjian.core.api.pagination import Pagination, resolve
from dangjian.core.errors import NotPermitted
from dangjian.core.permissions import ADD, VIEW
from dangjian.core.scoping import can_anywhere
from dangjian.org.api.common import changed_fields, plain
from dangjian.org.models import PartyOrg

router = Router(tags=["assessment"])

FrequencyIn = Enum("FrequencyIn", {c: c for c in Frequency.values}, type=str)
RuleIn = Enum("RuleIn", {c: c for c in Item.Rule.values}, type=str)
PayScopeIn = Enum("PayScopeIn", {c: c for c in Template.PayScope.values}, type=str)


class AssessmentItemOut(Schema):
    id: int
    code: str
    category: str
    order: int
    title: str
    max_points: Decimal
    guide: str
    frequency: str = Field(description="monthly, quarterly (scored in March, June, September, December) or annual.")
    months: list[int] = Field(description="The months (1–12) the item is scored in.")
    evidence_required: bool
    source: str = Field(description="Blank: scored by hand; otherwise the code of an automatic metric.")
    rule: str = Field(description="linear (zero_at → full_at) or thresholds.")
    zero_at: Decimal
    full_at: Decimal
    thresholds: str
    active: bool = Field(description="false: retired, not assessed in the months opened after.")


class AssessmentCategoryOut(Schema):
    id: int
    name: str
    order: int
    active: bool
    items: list[AssessmentItemOut]


class AssessmentTemplateListOut(Schema):
    id: int
    org: str = Field(description="The code of the org whose branches are assessed.")
    year: int
    name: str
    items: int = Field(description="How many items it has (retired ones too).")

    @staticmethod
    def resolve_org(obj) -> str:
        return obj.org.code

    @staticmethod
    def resolve_items(obj) -> int:
        return obj.item_count


class AssessmentTemplateOut(Schema):
    id: int
    org: str = Field(description="The code of the org whose branches are assessed.")
    year: int
    name: str
    party_weight: Decimal
    production_weight: Decimal
    pay_scope: str
    pay_bands: str
    monthly_points: Decimal = Field(
        description="Σ maximum points of the monthly items in use (双百分: 100; the party score is scaled to 100 "
        "whatever it is)."
    )
    opened: str | None = Field(
        None, description="The first month opened from it (YYYY-MM): from then on its items' scoring is fixed."
    )
    categories: list[AssessmentCategoryOut]


def _item_out(item: Item, category_name: str) -> dict:
    return {
        **{k: getattr(item, k) for k in ("id", "code", "order", "title", "max_points", "guide", "frequency")},
        **{k: getattr(item, k) for k in ("evidence_required", "source", "rule", "zero_at", "full_at", "thresholds")},
        "category": category_name,
        "months": item.months(),
        "active": item.active,
    }


def template_out(template: Template) -> dict:
    """The template with its categories and items (three queries)."""
    categories = selectors.template_outline(template)
    in_use = [i for c in categories if c.active for i in c.item_list]
    opened = first_opened(template)
    return {
        **{k: getattr(template, k) for k in ("id", "year", "name", "party_weight", "production_weight")},
        "pay_scope": template.pay_scope,
        "pay_bands": template.pay_bands,
        "org": template.org.code,
        "monthly_points": monthly_total(in_use),
        "opened": months.label(opened) if opened else None,
        "categories": [
            {
                "id": c.pk,
                "name": c.name,
                "order": c.order,
                "active": c.active,
                "items": [_item_out(i, c.name) for i in c.item_list],
            }
            for c in categories
        ],
    }


def _template(request, template_id: int) -> Template:
    return selectors.template_get(user=request.auth_user, pk=template_id)


class AssessmentTemplateQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


@router.get(
    "/assessment/templates",
    response={200: list[AssessmentTemplateListOut], **LIST_ERRORS},
    summary="List assessment templates",
    url_name="assessment_templates",
)
@paginate(Pagination)
def template_list(request, filters: Query[AssessmentTemplateQuery]):
    """The templates the caller may see (those of their orgs and of the orgs above them), latest year first."""
    return selectors.template_list(user=request.auth_user, year=filters.year).order_by("-year", "org__path", "pk")


class AssessmentTemplatePatch(Schema):
    name: str | None = Field(None, max_length=200)
    party_weight: Decimal | None = Field(None, ge=0, le=1, max_digits=4, decimal_places=2)
    production_weight: Decimal | None = Field(
        None, ge=0, le=1, max_digits=4, decimal_places=2, description="The two weights add up to 1."
    )
    pay_scope: PayScopeIn | None = None
    pay_bands: str | None = Field(None, max_length=200, description="rank:coefficient pairs, e.g. 1:1.2, 3:1.1, *:0.9")


class AssessmentTemplateIn(AssessmentTemplatePatch):
    # Empty by default so that a caller without the right gets 403 before any complaint about the body.
    org: str = Field("", max_length=40, description="The code of the org whose branches it assesses (the company).")
    year: int | None = Field(None, ge=2000, le=2100)


@router.post(
    "/assessment/templates",
    response={201: AssessmentTemplateOut, **WRITE_ERRORS},
    summary="Create an assessment template",
    url_name="assessment_template_create",
)
def template_create(request, payload: AssessmentTemplateIn):
    """A year's empty template for the branches under `org` (党群工作部 over that org); add its categories and items
    next, or copy another year's instead (POST /assessment/templates/{id}/copy). 409 if the org has one that year."""
    user = request.auth_user
    if not can_anywhere(user, "assessment", ADD):
        raise NotPermitted(_("Only the party affairs department (党群工作部) may do this."))
    data = changed_fields(payload, required=("party_weight", "production_weight", "pay_scope", "pay_bands"))
    org = resolve(PartyOrg.objects.restrict(user, VIEW), "org", data.pop("org", "") or "", code=payload.org)
    year = data.pop("year", None)
    template = services.template_create(actor=user, org=org, year=year, **data)
    return Status(201, template_out(selectors.template_get(user=user, pk=template.pk)))


@router.get(
    "/assessment/templates/{template_id}",
    response={200: AssessmentTemplateOut, **READ_ERRORS},
    summary="Read an assessment template",
    url_name="assessment_template",
)
def template_detail(request, template_id: int):
    """The template with its categories and items in order (retired ones too, marked `active: false`)."""
    return template_out(_template(request, template_id))


@router.patch(
    "/assessment/templates/{template_id}",
    response={200: AssessmentTemplateOut, **WRITE_ERRORS},
    summary="Change an assessment template",
    url_name="assessment_template_update",
)
def template_update(request, template_id: int, payload: AssessmentTemplatePatch):
    """Its name, the dual-assessment weights or the pay rule (党群工作部 over its org)."""
    template = _template(request, template_id)
    data = changed_fields(payload, required=("name", "party_weight", "production_weight", "pay_scope", "pay_bands"))
    services.template_update(actor=request.auth_user, template=template, **data)
    return template_out(_template(request, template_id))


class AssessmentTemplateCopyIn(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="The year of the copy.")
    name: str = Field("", max_length=200, description="Blank: the template's name with the new year.")


@router.post(
    "/assessment/templates/{template_id}/copy",
    response={201: AssessmentTemplateOut, **WRITE_ERRORS},
    summary="Copy an assessment template to another year",
    url_name="assessment_template_copy",
)
def template_copy(request, template_id: int, payload: AssessmentTemplateCopyIn):
    """A new template for `year` with this one's weights, pay rule, categories and items in use, in their order."""
    user = request.auth_user
    made = services.template_copy(
        actor=user, source=_template(request, template_id), year=payload.year, name=payload.name
    )
    return Status(201, template_out(selectors.template_get(user=user, pk=made.pk)))


class AssessmentCategoryIn(Schema):
    name: str = Field("", max_length=100)


class AssessmentCategoryPatch(Schema):
    name: str | None = Field(None, max_length=100)
    position: int | None = Field(None, ge=1, le=1000, description="1 = first; the others keep their order.")
    active: bool | None = Field(None, description="false retires the category and its items; true puts it back.")


def _category_out(template: Template, pk: int) -> dict:
    data = template_out(template)
    return next(c for c in data["categories"] if c["id"] == pk)


@router.post(
    "/assessment/templates/{template_id}/categories",
    response={201: AssessmentCategoryOut, **WRITE_ERRORS},
    summary="Add a category",
    url_name="assessment_category_create",
)
def category_create(request, template_id: int, payload: AssessmentCategoryIn):
    """A new, empty category at the end of the template; 409 if it has one of that name."""
    template = _template(request, template_id)
    category = services.category_create(actor=request.auth_user, template=template, name=payload.name)
    return Status(201, _category_out(template, category.pk))


@router.patch(
    "/assessment/templates/{template_id}/categories/{category_id}",
    response={200: AssessmentCategoryOut, **WRITE_ERRORS},
    summary="Change a category",
    url_name="assessment_category_update",
)
def category_update(request, template_id: int, category_id: int, payload: AssessmentCategoryPatch):
    """Rename it, move it to `position`, or retire it / put it back (`active`; 409 once a month has been opened)."""
    template = _template(request, template_id)
    category = selectors.template_category(template=template, pk=category_id)
    data = changed_fields(payload, required=("name", "position", "active"))
    services.category_update(actor=request.auth_user, category=category, **data)
    return _category_out(template, category.pk)


class AssessmentItemPatch(Schema):
    category: str | None = Field(None, max_length=100, description="The category's name (a new name adds one).")
    title: str | None = Field(None, max_length=300)
    max_points: Decimal | None = Field(None, gt=0, max_digits=7, decimal_places=2)
    guide: str | None = None
    frequency: FrequencyIn | None = None
    evidence_required: bool | None = None
    source: str | None = Field(None, max_length=40, description="Blank: scored by hand; or a metric's code.")
    rule: RuleIn | None = None
    zero_at: Decimal | None = Field(None, ge=0, le=1, max_digits=6, decimal_places=4)
    full_at: Decimal | None = Field(None, ge=0, le=1, max_digits=6, decimal_places=4)
    thresholds: str | None = Field(None, max_length=200, description="rate:share pairs, e.g. 0.95:1, 0.8:0.6")
    position: int | None = Field(None, ge=1, le=1000, description="1 = first in its category.")
    active: bool | None = Field(None, description="false retires the item; true puts it back.")


class AssessmentItemIn(AssessmentItemPatch):
    # Empty by default so that a caller without the right gets 403 before any complaint about the body.
    code: str = Field("", max_length=20, description="Unique in the template; it names the item in imports.")
    category: str = Field("", max_length=100, description="The category's name (a new name adds one).")


def _item_fields(data: dict) -> dict:
    for name in ("guide", "source", "thresholds"):
        if name in data and data[name] is None:
            data[name] = ""
    if "category" in data:
        data["category_name"] = data.pop("category")
    return data


def _item_response(request, template: Template, item_pk: int) -> dict:
    item = selectors.template_item(template=template, pk=item_pk)
    return _item_out(item, item.category.name)


@router.post(
    "/assessment/templates/{template_id}/items",
    response={201: AssessmentItemOut, **WRITE_ERRORS},
    summary="Add an item",
    url_name="assessment_item_create",
)
def item_create(request, template_id: int, payload: AssessmentItemIn):
    """A new item at the end of its category; 409 if the code is taken, or once a month has been opened."""
    template = _template(request, template_id)
    data = _item_fields(plain(payload.model_dump(exclude_unset=True)))
    data.pop("position", None)
    data.pop("active", None)
    code = data.pop("code", "")
    data.setdefault("category_name", "")
    item = services.item_create(actor=request.auth_user, template=template, code=code, **data)
    return Status(201, _item_response(request, template, item.pk))


@router.patch(
    "/assessment/templates/{template_id}/items/{code}",
    response={200: AssessmentItemOut, **WRITE_ERRORS},
    summary="Change an item",
    url_name="assessment_item_update",
)
def item_update(request, template_id: int, code: str, payload: AssessmentItemPatch):
    """Change an item (its code stays), move it (`position`, `category`), or retire it / put it back (`active`).
    What it scores, and retiring, answer 409 once a month has been opened."""
    template = _template(request, template_id)
    item = selectors.template_item(template=template, code=code)
    data = changed_fields(
        payload,
        required=("category", "title", "max_points", "frequency", "evidence_required", "rule", "zero_at", "full_at"),
    )
    services.item_update(actor=request.auth_user, item=item, **_item_fields(data))
    return _item_response(request, template, item.pk)
