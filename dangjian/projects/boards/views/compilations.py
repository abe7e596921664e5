"""The annual compilation pages: choose org and year and press Compile (the book is made in the background), watch
the progress bar (polled with htmx), download the Word file and the PDF. Thin: rules live in services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.core.permissions import EXPORT
from dangjian.core.views.pages import refusal_on, require_anywhere
from dangjian.projects.boards import selectors, services
from dangjian.projects.boards.forms import CompilationForm
from dangjian.projects.projects.selectors import year_choices

FILES = {"docx": "docx", "pdf": "pdf"}


def _years(user) -> list[int]:
    this_year = timezone.localdate().year
    return sorted({this_year, *year_choices(user=user)}, reverse=True)


@login_required
def compilation_list(request):
    """The compile form and the compilations the user may download."""
    user = request.user
    require_anywhere(user, "project", EXPORT)
    form = CompilationForm(request.POST or None, orgs=selectors.compilation_orgs(user=user), years=_years(user))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusal_on(form) as refused:
                job = services.compilation_request(actor=user, **form.cleaned_data)
            if not refused:
                messages.success(request, _("The compilation is being made; you can leave this page."))
                return redirect("boards:compilation", pk=job.pk)
        status = 400
    context = {"form": form, "jobs": selectors.compilation_jobs(user=user)}
    return render(request, "boards/compilations.html", context, status=status)


@login_required
def compilation_detail(request, pk: int):
    """One compilation; while it runs, htmx polls this page for its status fragment."""
    job = selectors.compilation_get(user=request.user, pk=pk)
    template = "boards/_compilation_status.html" if request.htmx else "boards/compilation_detail.html"
    return render(request, template, {"job": job})


@login_required
def compilation_download(request, pk: int, kind: str):
    job = selectors.compilation_get(user=request.user, pk=pk)
    field = getattr(job, FILES[kind]) if kind in FILES else None
    if not field:
        raise Http404
    name = f"{job.year}-{job.org.name}-党建+X.{kind}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)
