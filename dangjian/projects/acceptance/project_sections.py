"""The locked acceptance result (score, grade, rank, award) in a project page's side column (core/capabilities.py);
the template reads `project.acceptance_result`, which the project selector loads."""

from __future__ import annotations


def project_sections(request, project) -> list[tuple[str, str, dict]]:
    return [("side", "acceptance/_project_result.html", {})]
