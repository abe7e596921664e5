"""The one-screen scoring sheet of a branch and month: every item with its maximum, guide and evidence rule; the
automatic items' numbers with how they were computed; the branch's own points; the reviewer's deductions with
reasons; the moves (submit, return, review). Printable as a PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.assessment import selectors, services, workflow
from dangjian.assessment.models import Line, Sheet
from dangjian.assessment.views.common import run


def _context(user, sheet: Sheet) -> dict:
    lines = selectors.sheet_lines(sheet)
    held = workflow.standings(user, sheet.org)
    open_period = not sheet.period.locked
    standing = selectors.standings_of(sheet, lines)
    categories: list[tuple] = []
    for line in lines:
        if not categories or categories[-1][0] != line.item.category:
            categories.append((line.item.category, []))
        categories[-1][1].append(line)
    return {
        "sheet": sheet,
        "period": sheet.period,
        "categories": categories,
        "standing": standing,
        "max_total": sum(line.item.max_points for line in lines),
        "final_total": sum(line.final_points or 0 for line in lines),
        "may_self": open_period and workflow.OWNER in held and sheet.status == Sheet.Status.DRAFT,
        "may_deduct": open_period and workflow.REVIEWER in held and sheet.status == Sheet.Status.SUBMITTED,
        "moves": [(a, workflow.ACTIONS[a]) for a in workflow.allowed(user, sheet)] if open_period else [],
        "own_branch": workflow.is_own(user, sheet.org) and workflow.REVIEWER not in held,
    }


@login_required
def sheet(request, pk: int):
    found = selectors.sheet_get(user=request.user, pk=pk)
    return render(request, "assessment/sheet.html", _context(request.user, found))


def _line(request, pk: int, line_pk: int) -> tuple[Sheet, Line]:
    found = selectors.sheet_get(user=request.user, pk=pk)
    return found, selectors.sheet_line(sheet=found, pk=line_pk)


def _back(pk: int, line_pk: int | None = None):
    url = reverse("assessment:sheet", kwargs={"pk": pk})
    return redirect(f"{url}#line-{line_pk}" if line_pk else url)


@login_required
@require_POST
def line_save(request, pk: int, line_pk: int):
    _sheet, line = _line(request, pk, line_pk)
    run(
        request,
        lambda: services.line_self_save(
            actor=request.user,
            line=line,
            score=request.POST.get("score", ""),
            note=request.POST.get("note", ""),
            evidence=request.POST.get("evidence", ""),
        ),
        _("%(code)s saved.") % {"code": line.item.code},
    )
    return _back(pk, line_pk)


@login_required
@require_POST
def line_deduct(request, pk: int, line_pk: int):
    _sheet, line = _line(request, pk, line_pk)
    run(
        request,
        lambda: services.line_deduct(
            actor=request.user,
            line=line,
            deduction=request.POST.get("deduction", "") or "0",
            reason=request.POST.get("reason", ""),
        ),
        _("Deduction on %(code)s saved.") % {"code": line.item.code},
    )
    return _back(pk, line_pk)


@login_required
@require_POST
def sheet_move(request, pk: int):
    found = selectors.sheet_get(user=request.user, pk=pk)
    action = request.POST.get("action", "")
    run(
        request,
        lambda: services.sheet_transition(
            actor=request.user, sheet=found, action=action, comment=request.POST.get("comment", "")
        ),
        _("Done: %(action)s.") % {"action": workflow.ACTIONS.get(action, action)},
    )
    return _back(pk)


@login_required
def sheet_pdf(request, pk: int):
    """The sheet as an A4 PDF (WeasyPrint, WenQuanYi font), for the branch's file."""
    from dangjian.assessment.printing import sheet_pdf as printed

    found = selectors.sheet_get(user=request.user, pk=pk)
    data = printed(found)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sheet-{found.pk}.pdf"'
    return response
