"""The archive's pages: browse an org's archive by year and category (file the year, print the box labels, ask for
the year's zip, export the catalogue), search, add a record from outside (an upload or a paper record), an item
(download, edit, retire), the zip's progress and download, and the office's categories. Thin: parse, call a
selector or service, render; writes are POST only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.archive import documents, selectors, services
from dangjian.archive.forms import CategoryForm, ItemEditForm, ItemForm, category_initial
from dangjian.core.errors import InvalidInput
from dangjian.core.exports import xlsx_response
from dangjian.core.permissions import ADD, CHANGE, DELETE, EXPORT
from dangjian.core.scoping import can_anywhere, can_at
from dangjian.core.views.pages import paginate, refusal_as_message, refusal_on, require_anywhere


def _year(value, default: int | None = None) -> int:
    if not value:
        if default is None:
            raise InvalidInput(_("A year from 2000 to 2100."), errors={"year": [_("A year from 2000 to 2100.")]})
        return default
    if not str(value).isdigit() or not 2000 <= int(value) <= 2100:
        raise InvalidInput(_("A year from 2000 to 2100."), errors={"year": [_("A year from 2000 to 2100.")]})
    return int(value)


def _index_url(org, year) -> str:
    return f"{reverse('archive:index')}?org={org.code}&year={year}"


@login_required
def index(request):
    """An org's archive: its years, the year's shelf by category, and the items of the year (or one category)."""
    user = request.user
    selectors.require_subtree(user)
    org = selectors.visible_org(user=user, code=request.GET.get("org"))
    years = selectors.years(user=user, org=org)
    this_year = timezone.localdate().year
    year = _year(request.GET.get("year"), years[0]["year"] if years else this_year)
    shelf = selectors.shelf(user=user, org=org, year=year)
    category = None
    if request.GET.get("category"):
        category = next((r["category"] for r in shelf if str(r["category"].pk) == request.GET["category"]), None)
        if category is None:
            raise Http404
    page = paginate(request, selectors.items(user=user, org=org, year=year, category=category))
    context = {
        "org": org,
        "orgs": selectors.orgs(user=user, root=org),
        "year": year,
        "years": sorted({this_year, this_year - 1, *(y["year"] for y in years)}, reverse=True),
        "year_counts": {y["year"]: y["count"] for y in years},
        "shelf": shelf,
        "category": category,
        "page": page,
        "can_file": can_at(user, "archive", CHANGE, org),
        "can_add": can_at(user, "archive", ADD, org),
        "can_export": can_at(user, "archive", EXPORT, org),
        "jobs": selectors.zip_jobs(user=user, limit=5),
    }
    return render(request, "archive/index.html", context)


@login_required
@require_POST
def file_year(request):
    """File the year's finished records of the org's subtree now (the nightly task does the same)."""
    user = request.user
    require_anywhere(user, "archive", CHANGE)
    org = selectors.visible_org(user=user, code=request.POST.get("org"))
    year = _year(request.POST.get("year"), timezone.localdate().year)
    with refusal_as_message(request) as refused:
        counts = services.file_year(actor=user, org=org, year=year)
    if not refused:
        messages.success(
            request,
            _("%(filed)s records filed, %(updated)s brought up to date, %(skipped)s without a category.") % counts,
        )
    return redirect(_index_url(org, year))


@login_required
def labels(request):
    """The side labels of the year's boxes as A4 sheets (PDF)."""
    from dangjian.archive.pdf import labels_pdf

    user = request.user
    selectors.require_subtree(user)
    org = selectors.visible_org(user=user, code=request.GET.get("org"))
    year = _year(request.GET.get("year"), timezone.localdate().year)
    rows = selectors.labels(user=user, org=org, year=year)
    response = HttpResponse(labels_pdf(org=org, year=year, rows=rows), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="labels-{org.code}-{year}.pdf"'
    return response


@login_required
def export(request):
    """The catalogue of the org's archive for a year as .xlsx."""
    user = request.user
    require_anywhere(user, "archive", EXPORT)
    org = selectors.visible_org(user=user, code=request.GET.get("org"), action=EXPORT)
    year = _year(request.GET.get("year"), timezone.localdate().year)
    rows = selectors.items(user=user, org=org, year=year, action=EXPORT)
    columns = (
        (
            n,
            i.category.name,
            i.category.get_retention_display(),
            i.title,
            i.org.name,
            i.year,
            i.day,
            i.get_kind_display(),
            i.box_no,
            "",
        )
        for n, i in enumerate(rows.iterator(chunk_size=2000), start=1)
    )
    return xlsx_response(f"archive-{org.code}-{year}.xlsx", documents.index_headers(), columns, sheet_title="目录")


@login_required
def search(request):
    """Search the archive by the words of the title and the text."""
    user = request.user
    selectors.require_subtree(user)
    q = (request.GET.get("q") or "").strip()[:100]
    found = selectors.search(user=user, q=q)
    context = {"q": q, "found": found, "limit": selectors.SEARCH_LIMIT, "can_add": can_anywhere(user, "archive", ADD)}
    return render(request, "archive/search.html", context)


def _item_form(request, user, data=None, files=None, initial=None):
    company = selectors.company(user)
    orgs = [o for o in selectors.orgs(user=user, root=company) if can_at(user, "archive", ADD, o)] if company else []
    categories = list(selectors.categories(user=user, company=company, active_only=True)) if company else []
    return ItemForm(data, files, orgs=orgs, categories=categories, initial=initial)


@login_required
def add(request):
    """A record from outside: a file uploaded, or a paper record kept in a box."""
    user = request.user
    require_anywhere(user, "archive", ADD)
    form = _item_form(
        request, user, request.POST or None, request.FILES or None, initial={"org": request.GET.get("org")}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("file")
            with refusal_on(form) as refused:
                if upload:
                    item = services.item_upload(actor=user, upload=upload, **data)
                else:
                    item = services.item_paper(actor=user, **data)
            if not refused:
                messages.success(request, _("Added to the archive."))
                return redirect("archive:item", pk=item.pk)
        status = 400
    return render(request, "archive/add.html", {"form": form}, status=status)


@login_required
def item(request, pk: int):
    """One item: what it is, its download and (for the office) its edit form."""
    user = request.user
    found = selectors.item_get(user=user, pk=pk)
    can_change = can_at(user, "archive", CHANGE, found.org)
    form = None
    status = 200
    if can_change:
        categories = list(selectors.categories(user=user, company=found.category.company, active_only=True))
        if found.category not in categories:
            categories.append(found.category)
        initial = {
            "category": str(found.category_id),
            "year": found.year,
            "title": found.title,
            "day": found.day,
            "box_no": found.box_no,
            "text": found.text,
        }
        form = ItemEditForm(request.POST or None, initial=initial, categories=categories)
        if request.method == "POST":
            if form.is_valid():
                with refusal_on(form) as refused:
                    services.item_update(actor=user, item=found, **form.cleaned_data)
                if not refused:
                    messages.success(request, _("Saved."))
                    return redirect("archive:item", pk=found.pk)
            status = 400
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "item": found,
        "form": form,
        "can_retire": can_at(user, "archive", DELETE, found.org),
        "has_file": found.kind != found.Kind.PAPER,
    }
    return render(request, "archive/item.html", context, status=status)


@login_required
def item_file(request, pk: int):
    found = selectors.item_get(user=request.user, pk=pk)
    document = documents.document(found)
    if document is None:
        raise Http404
    response = HttpResponse(document.content, content_type=document.content_type)
    disposition = "inline" if document.content_type == "application/pdf" else "attachment"
    from urllib.parse import quote

    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(document.filename)}"
    return response


@login_required
@require_POST
def item_retire(request, pk: int):
    user = request.user
    found = selectors.item_get(user=user, pk=pk)
    with refusal_as_message(request) as refused:
        services.item_retire(actor=user, item=found, active=request.POST.get("active") == "1")
    if not refused:
        messages.success(request, _("Saved."))
    return redirect(_index_url(found.org, found.year))


@login_required
@require_POST
def zip_request(request):
    user = request.user
    require_anywhere(user, "archive", EXPORT)
    org = selectors.visible_org(user=user, code=request.POST.get("org"), action=EXPORT)
    year = _year(request.POST.get("year"), timezone.localdate().year)
    job = services.zip_request(actor=user, org=org, year=year)
    messages.success(request, _("The zip is being packed; you can leave this page."))
    return redirect("archive:zip", pk=job.pk)


@login_required
def zip_detail(request, pk: int):
    job = selectors.zip_get(user=request.user, pk=pk)
    template = "archive/_zip_status.html" if request.htmx else "archive/zip.html"
    return render(request, template, {"job": job})


@login_required
def zip_file(request, pk: int):
    job = selectors.zip_get(user=request.user, pk=pk)
    if not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=f"{job.year}-{job.org.name}-党建档案.zip")


# --- categories ------------------------------------------------------------------------------------------------


@login_required
def categories(request):
    """The company's categories and retention periods; 党群工作部 adds, edits, retires and loads the defaults."""
    user = request.user
    require_anywhere(user, "archive_category", "view")
    company = selectors.company(user)
    can_change = company is not None and can_at(user, "archive_category", CHANGE, company)
    form = CategoryForm(request.POST or None) if can_change else None
    status = 200
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            with refusal_on(form) as refused:
                services.category_create(actor=user, company=company, **form.cleaned_data)
            if not refused:
                messages.success(request, _("Saved."))
                return redirect("archive:categories")
        status = 400
    rows = list(selectors.categories(user=user, company=company)) if company else []
    context = {
        "form": form,
        "rows": rows,
        "can_change": can_change,
        "company": company,
        "can_add": can_anywhere(user, "archive", ADD),
    }
    return render(request, "archive/categories.html", context, status=status)


@login_required
@require_POST
def categories_defaults(request):
    user = request.user
    require_anywhere(user, "archive_category", ADD)
    company = selectors.company(user)
    if company is None:
        raise PermissionDenied
    created = services.categories_load_defaults(actor=user, company=company)
    messages.success(request, _("%(n)s default categories loaded.") % {"n": created})
    return redirect("archive:categories")


@login_required
def category_edit(request, pk: int):
    user = request.user
    category = selectors.category_get(user=user, pk=pk)
    if not can_at(user, "archive_category", CHANGE, category.company):
        raise PermissionDenied
    form = CategoryForm(request.POST or None, initial=category_initial(category))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusal_on(form) as refused:
                services.category_update(actor=user, category=category, **form.cleaned_data)
            if not refused:
                messages.success(request, _("Saved."))
                return redirect("archive:categories")
        status = 400
    return render(request, "archive/category_edit.html", {"form": form, "category": category}, status=status)


@login_required
@require_POST
def category_retire(request, pk: int):
    user = request.user
    category = selectors.category_get(user=user, pk=pk)
    services.category_retire(actor=user, category=category, active=request.POST.get("active") == "1")
    messages.success(request, _("Saved."))
    return redirect("archive:categories")
