"""Assessment templates (考核细则): a template's categories and items on one page, which 党群工作部 edits there — the
dual-assessment weights and pay rule; categories added, renamed, reordered, retired; items added, edited, reordered,
retired — a new year's template (empty or a copy of another year's), and the items as .xlsx in the import's own
columns (export → edit → import). Every write goes through assessment.services.templates; once a month has been
opened from a template, what its items score is fixed and the page says so."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.assessment import metrics, selectors, services, workflow
from dangjian.assessment.forms import CategoryForm, ItemForm, TemplateForm
from dangjian.assessment.imports import ITEM_COLUMNS, item_row
from dangjian.assessment.services.templates import STANDARD_TOTAL, first_opened, monthly_total
from dangjian.core import months
from dangjian.core.exports import xlsx_response
from dangjian.core.permissions import ADD, EXPORT
from dangjian.core.scoping import can_at
from dangjian.core.views.pages import refusal_as_message, refusal_on, require_anywhere

# How many of the org's templates the new-template page offers to copy (one a year).
COPY_CHOICES = 20


def _managed(user, pk: int):
    """The template (404 out of scope), and 403 unless the user is 党群工作部 over its org."""
    found = selectors.template_get(user=user, pk=pk)
    if workflow.OFFICE not in workflow.standings(user, found.org):
        raise PermissionDenied
    return found


def _back(template, anchor: str = ""):
    response = redirect("assessment:template", pk=template.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@login_required
def template(request, pk: int):
    user = request.user
    found = selectors.template_get(user=user, pk=pk)
    manages = workflow.OFFICE in workflow.standings(user, found.org)
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        fields = {
            k: request.POST.get(k, "").strip()
            for k in ("name", "party_weight", "production_weight", "pay_bands", "pay_scope")
        }
        with refusal_as_message(request) as refused:
            services.template_update(actor=user, template=found, **fields)
        if not refused:
            messages.success(request, _("Template saved."))
        return redirect("assessment:template", pk=pk)
    categories = selectors.template_outline(found)
    in_use = []
    for category in categories:
        for item in category.item_list:
            item.source_label = metrics.label(item.source) if item.source else ""
            item.in_use = item.active and category.active
            in_use += [item] if item.in_use else []
    if not manages:
        # Readers see what is assessed; the office also sees what it retired, to put it back.
        categories = [c for c in categories if c.active]
        for category in categories:
            category.item_list = [i for i in category.item_list if i.active]
    total = monthly_total(in_use)
    opened = first_opened(found)
    context = {
        "template": found,
        "categories": categories,
        "item_count": len(in_use),
        "max_total": total,
        "off_standard": bool(in_use) and total != STANDARD_TOTAL,
        "standard_total": STANDARD_TOTAL,
        "manages": manages,
        "opened": months.label(opened) if opened else "",
        "can_export": can_at(user, "assessment", EXPORT, found.org),
        "registered": {m.code for m in metrics.registered()},
        "pay_scopes": found.PayScope.choices,
        "next_year": found.year + 1,
        "category_form": CategoryForm(),
    }
    return render(request, "assessment/template.html", context)


@login_required
def template_create(request):
    """A new year's template for an org where the user is 党群工作部: empty, or a copy of one of its templates."""
    user = request.user
    require_anywhere(user, "assessment", ADD)
    orgs = selectors.office_orgs(user)
    if not orgs:
        raise PermissionDenied
    paths = [o.path for o in orgs]
    templates = [t for t in selectors.template_list(user=user) if t.org.path in paths][:COPY_CHOICES]
    latest = max((t.year for t in templates), default=None)
    initial = {"year": latest + 1 if latest else None, "copy_from": str(templates[0].pk) if templates else ""}
    form = TemplateForm(request.POST or None, orgs=orgs, templates=templates, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_on(form) as refused:
            if data["source"] is not None:
                made = services.template_copy(actor=user, source=data["source"], year=data["year"], name=data["name"])
            else:
                made = services.template_create(actor=user, org=data["org"], year=data["year"], name=data["name"])
        if not refused:
            messages.success(request, _("The template for %(year)s is created.") % {"year": made.year})
            return redirect("assessment:template", pk=made.pk)
        return render(request, "assessment/template_form.html", {"form": form}, status=refused.status)
    status = 400 if request.method == "POST" else 200
    return render(request, "assessment/template_form.html", {"form": form}, status=status)


@login_required
@require_POST
def template_copy(request, pk: int):
    """The template copied to another year (by default the next): its categories and items in use."""
    found = _managed(request.user, pk)
    text = request.POST.get("year", "").strip()
    year = int(text) if text.isdigit() else None
    made = None
    with refusal_as_message(request) as refused:
        made = services.template_copy(actor=request.user, source=found, year=year, name=request.POST.get("name", ""))
    if refused:
        return _back(found)
    messages.success(request, _("Copied to %(year)s: check the new year's items.") % {"year": made.year})
    return redirect("assessment:template", pk=made.pk)


@login_required
@require_POST
def category_add(request, pk: int):
    found = _managed(request.user, pk)
    with refusal_as_message(request) as refused:
        category = services.category_create(actor=request.user, template=found, name=request.POST.get("name", ""))
    if refused:
        return _back(found)
    messages.success(request, _("Category “%(name)s” added.") % {"name": category.name})
    return _back(found, f"category-{category.pk}")


def _step(request, current: int) -> int | None:
    """The position a move button asks for: one up or one down from `current`; None without a move."""
    move = request.POST.get("move")
    return {"up": current - 1, "down": current + 1}.get(move)


def _active(request) -> bool | None:
    value = request.POST.get("active")
    return {"1": True, "0": False}.get(value)


@login_required
@require_POST
def category_change(request, pk: int, category_pk: int):
    """Rename a category (`name`), move it (`move` = up/down) or retire/restore it (`active` = 0/1)."""
    found = _managed(request.user, pk)
    category = selectors.template_category(template=found, pk=category_pk)
    position = None
    if request.POST.get("move"):
        siblings = [c.pk for c in selectors.template_outline(found)]
        position = _step(request, siblings.index(category.pk) + 1)
    name = request.POST.get("name")
    active = _active(request)
    with refusal_as_message(request) as refused:
        services.category_update(actor=request.user, category=category, name=name, position=position, active=active)
    if not refused:
        messages.success(request, _("Category saved."))
    return _back(found, f"category-{category.pk}")


def _item_page(request, found, item=None):
    categories = [c for c in selectors.template_outline(found) if c.active or (item and c.pk == item.category_id)]
    if not categories:
        messages.error(request, _("Add a category first."))
        return _back(found)
    initial = {"category": request.GET.get("category", "")} if item is None else None
    kwargs = {"initial": initial} if initial and not request.POST else {}
    form = ItemForm(request.POST or None, categories=categories, item=item, **kwargs)
    context = {"template": found, "item": item, "form": form, "opened": first_opened(found)}
    if request.method == "POST" and form.is_valid():
        with refusal_on(form) as refused:
            if item is None:
                saved = services.item_create(
                    actor=request.user, template=found, code=form.cleaned_data["code"], **form.service_fields()
                )
            else:
                saved = services.item_update(actor=request.user, item=item, **form.service_fields())
        if not refused:
            messages.success(request, _("Item %(code)s saved.") % {"code": saved.code})
            return _back(found, f"item-{saved.pk}")
        return render(request, "assessment/item_form.html", context, status=refused.status)
    status = 400 if request.method == "POST" else 200
    return render(request, "assessment/item_form.html", context, status=status)


@login_required
def item_add(request, pk: int):
    """A new item of the template (at the end of its category)."""
    return _item_page(request, _managed(request.user, pk))


@login_required
def item_edit(request, pk: int, item_pk: int):
    """Change an item: its wording always; what it scores only while no month has been opened (409 after)."""
    found = _managed(request.user, pk)
    return _item_page(request, found, selectors.template_item(template=found, pk=item_pk))


@login_required
@require_POST
def item_change(request, pk: int, item_pk: int):
    """Move an item within its category (`move` = up/down) or retire/restore it (`active` = 0/1)."""
    found = _managed(request.user, pk)
    item = selectors.template_item(template=found, pk=item_pk)
    position = None
    if request.POST.get("move"):
        siblings = [i.pk for c in selectors.template_outline(found) if c.pk == item.category_id for i in c.item_list]
        position = _step(request, siblings.index(item.pk) + 1)
    with refusal_as_message(request) as refused:
        services.item_update(actor=request.user, item=item, position=position, active=_active(request))
    if not refused:
        messages.success(request, _("Item %(code)s saved.") % {"code": item.code})
    return _back(found, f"item-{item.pk}")


@login_required
def template_export(request, pk: int):
    user = request.user
    found = selectors.template_get(user=user, pk=pk)
    if not can_at(user, "assessment", EXPORT, found.org):
        raise PermissionDenied
    headers = [c.template_header() for c in ITEM_COLUMNS]
    rows = [item_row(found, item) for item in selectors.template_items(found)]
    return xlsx_response(f"{found.name}.xlsx", headers, rows, _("Items"))
