"""The measured effect of each goal, read from production data, on a project's page (core/capabilities.py)."""

from __future__ import annotations

from dangjian.projects.effects.sections import project_section


def project_sections(request, project) -> list[tuple[str, str, dict]]:
    return [("main", "effects/_project_effects.html", project_section(request, project))]
