"""The reviews section of a project's page (core/capabilities.py): its monthly reviews, colours and buttons. It also
fills each goal's `review_actual` for projects/_goal_actual.html (the goals' "Actual" column)."""

from __future__ import annotations

from dangjian.projects.reviews.sections import project_section


def project_sections(request, project) -> list[tuple[str, str, dict]]:
    return [("main", "reviews/_project_reviews.html", project_section(request, project))]
