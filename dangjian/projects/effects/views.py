"""The measured effect of a project on a page of its own (the project page includes the same section)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dangjian.projects.effects.sections import project_section
from dangjian.projects.projects.selectors import project_get


@login_required
def project_effects(request, pk: int):
    """Every goal's effect with its chart; 404 for a project out of scope."""
    project = project_get(user=request.user, pk=pk)
    context = {"project": project, **project_section(request, project)}
    return render(request, "effects/project_effects.html", context)
