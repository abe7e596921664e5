"""Drafts from data: the page (a draft of the secretary's report or of the branch's annual summary, every sentence
with its records, gaps marked) and its Word export. Read-only: nothing is stored, the draft is written afresh from
the records each time."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dangjian.core.permissions import EXPORT, VIEW
from dangjian.core.views.pages import require_anywhere
from dangjian.drafts import builder, docx_writer, selectors

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _draft(request):
    org = selectors.draft_org(user=request.user, code=request.GET.get("org"))
    year = selectors.year_of(request.GET.get("year"), default=timezone.localdate().year)
    kind = request.GET.get("kind") if request.GET.get("kind") in builder.Kind.CHOICES else builder.Kind.SUMMARY
    return builder.build(user=request.user, org=org, year=year, kind=kind)


@login_required
def draft(request):
    require_anywhere(request.user, "drafts", VIEW)
    draft = _draft(request)
    return render(
        request,
        "drafts/draft.html",
        {"draft": draft, "gap": builder.GAP, "kinds": builder.Kind, "can_export": True},
    )


@login_required
def docx(request):
    require_anywhere(request.user, "drafts", EXPORT)
    draft = _draft(request)
    response = HttpResponse(docx_writer.render(draft, site=request.build_absolute_uri("/")[:-1]), content_type=DOCX)
    name = f"{draft.org.code}-{draft.year}-{draft.kind}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
