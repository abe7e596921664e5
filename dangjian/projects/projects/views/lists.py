"""The project list (filters, pages, .xlsx export) and the statistics page by domain, org and year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dangjian.core.exports import columns_export
from dangjian.core.scoping import can_anywhere
from dangjian.core.views.cached import kept_page
from dangjian.core.views.pages import paginate, require_anywhere
from dangjian.projects.projects import selectors, services
from dangjian.projects.projects.forms import ProjectFilterForm

EXPORT_MAX_ROWS = 20_000


def _filter_form(request) -> ProjectFilterForm:
    user = request.user
    return ProjectFilterForm(
        request.GET or None,
        years=selectors.year_choices(user=user),
        orgs=selectors.filter_orgs(user=user, org_code=request.GET.get("org", "")[:40]),
    )


@login_required
@kept_page
def project_list(request):
    """The projects the user may see, with filters and pages; htmx requests get just the table back."""
    user = request.user
    require_anywhere(user, "project", "view")
    form = _filter_form(request)
    page = paginate(request, selectors.project_list(user=user, filters=form.filters()))
    context = {
        "form": form,
        "page": page,
        "can_add": can_anywhere(user, "project", "add"),
        "can_export": can_anywhere(user, "project", "export"),
        "can_import": can_anywhere(user, "project", "import") and can_anywhere(user, "import", "add"),
    }
    if request.htmx:
        return render(request, "projects/_project_table.html", context)
    return render(request, "projects/project_list.html", context)


@login_required
def project_export(request):
    """The filtered list as .xlsx (only what the user may export), with an audit row."""
    user = request.user
    require_anywhere(user, "project", "export")
    filters = _filter_form(request).filters()
    queryset = selectors.project_list(user=user, filters=filters, action="export")
    rows = queryset.count()
    if rows > EXPORT_MAX_ROWS:
        messages.error(request, _("%(rows)s projects match; narrow the filters to export them.") % {"rows": rows})
        return redirect(f"{reverse('projects:list')}?{request.GET.urlencode()}")
    columns = [
        (_("Code"), lambda p: p.code),
        (_("Title"), lambda p: p.title),
        (_("Organisation"), lambda p: p.owner.name),
        (_("Domain"), lambda p: str(p.domain_label)),
        (_("Year"), lambda p: p.year),
        (pgettext("start date", "Start"), lambda p: p.starts_on),
        (_("End"), lambda p: p.ends_on),
        (_("Responsible secretary"), lambda p: p.secretary.name if p.secretary_id else ""),
        (_("State"), lambda p: p.get_state_display()),
        (_("Tasks"), lambda p: p.task_count),
        (_("Tasks done"), lambda p: p.tasks_done),
        (_("Problem taken on"), lambda p: p.problem),
        (_("Results"), lambda p: p.results_summary),
    ]
    services.projects_export_audit(actor=user, rows=rows, filters=filters.as_dict())
    return columns_export(queryset, columns, f"projects-{timezone.localdate():%Y%m%d}.xlsx", sheet_title=_("Projects"))


@login_required
def project_stats(request):
    """The seed-000 table: projects, measures, sub-plans, tasks and completion by domain, by org and by year."""
    user = request.user
    require_anywhere(user, "project", "view")
    form = _filter_form(request)
    stats = selectors.project_stats(user=user, filters=form.filters())
    return render(request, "projects/stats.html", {"form": form, "stats": stats})
