"""Import pages: the user's imports, upload per kind, template download, the job page (polled with htmx while the
background task runs) and confirm. Thin: every rule lives in dangjian.core.imports."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from dangjian.core.imports import get_kind, kinds_for
from dangjian.core.imports.files import FORMATS
from dangjian.core.imports.jobs import import_confirm as confirm_job
from dangjian.core.imports.jobs import import_start, job_for, jobs_for
from dangjian.core.imports.kinds import all_kinds
from dangjian.core.imports.template import template_response
from dangjian.core.scoping import can_anywhere
from dangjian.core.views.pages import refusal_as_message, refusal_on

ERRORS_PER_PAGE = 100


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )


def _require_imports(user) -> None:
    if not can_anywhere(user, "import", "view"):
        raise PermissionDenied


def _kind(request, slug: str):
    _require_imports(request.user)
    kind = get_kind(slug)
    if kind is None:
        raise Http404
    if not kind.allowed(request.user):
        raise PermissionDenied
    return kind


def _job(request, pk: int):
    """One of the user's own jobs; anyone else's (or any, without the import grant) is NotFound: 404, like an object
    outside one's scope."""
    return job_for(request.user, pk)


@login_required
def import_list(request):
    _require_imports(request.user)
    page = Paginator(jobs_for(request.user), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    labels = {kind.slug: kind.label for kind in all_kinds()}
    for job in page:
        job.kind_label = labels.get(job.kind, job.kind)
    return render(request, "core/imports.html", {"page": page, "kinds": kinds_for(request.user)})


@login_required
def import_new(request, kind):
    spec = _kind(request, kind)
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            with refusal_on(form, place=lambda form, exc: form.add_error("file", exc.message)) as refused:
                job = import_start(actor=request.user, kind=spec.slug, upload=form.cleaned_data["file"])
            if not refused:
                return redirect("core:import_detail", pk=job.pk)
        status = 400
    else:
        form = UploadForm()
    context = {
        "kind": spec,
        "form": form,
        "columns": [(column, column.parser.describe()) for column in spec.columns],
        "max_mb": settings.MAX_UPLOAD_MB,
        "max_rows": settings.IMPORT_MAX_ROWS,
        # The field name a file may also use as its header, shown beside the English title only: on a Chinese page
        # the Chinese header is the one to use.
        "chinese": (get_language() or "").startswith("zh"),
    }
    return render(request, "core/import_new.html", context, status=status)


@login_required
def import_template(request, kind, fmt):
    spec = _kind(request, kind)
    if fmt not in FORMATS:
        raise Http404
    return template_response(spec, fmt, request.user)


@login_required
def import_detail(request, pk):
    job = _job(request, pk)
    context = {
        "job": job,
        "kind": get_kind(job.kind),
        "errors": Paginator(job.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page")),
    }
    template = "core/import_status.html" if request.htmx else "core/import_detail.html"
    return render(request, template, context)


@login_required
@require_POST
def import_confirm(request, pk):
    job = _job(request, pk)
    with refusal_as_message(request):
        confirm_job(actor=request.user, job=job)
    return redirect("core:import_detail", pk=job.pk)
