"""The set-up centre page (基础设置) for the party office: see dangjian/shell/setup_centre.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dangjian.core.views.pages import require_anywhere
from dangjian.shell import setup_centre


@login_required
def setup_centre_page(request):
    """What the company has configured and what is missing, per capability (the office's path from empty to
    working)."""
    require_anywhere(request.user, "org", "add")
    found = setup_centre.sections(request.user)
    total = sum(len(s.items) for s in found)
    done = sum(s.done for s in found)
    return render(request, "shell/setup.html", {"sections": found, "total": total, "done": done})
