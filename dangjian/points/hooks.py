"""Where facts recorded by other capabilities become points without those apps knowing about points.

- 党建+X projects: when a project is accepted (验收), each of its members (and its leaders) gets the "project_role"
  rule's points. The projects app lets other apps add checks to a move (`lifecycle.add_precondition`); they run inside
  the move's transaction on the locked project, so the points are written with the acceptance or not at all.
- Meetings, employee requests and winning teams call `auto_award` / `auto_withdraw` from their own services (wired by
  the lead after the merge); 揭榜挂帅 calls it from dangjian/posts.
"""

from __future__ import annotations

from django.utils import timezone


def award_project_members(project) -> None:
    """Points for everyone on an accepted project, once per project and person."""
    from dangjian.points.services import auto_award
    from dangjian.projects.models import ProjectMember

    day = timezone.localdate()
    for membership in ProjectMember.objects.filter(project=project).select_related("person__branch"):
        auto_award(
            source="project_role",
            source_obj=project,
            person=membership.person,
            occurred_on=day,
            note=f"{project.code} {project.title}（{membership.get_role_display()}）",
        )


_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from dangjian.projects import lifecycle

    lifecycle.add_precondition(lifecycle.ACCEPT, award_project_members)
    _installed = True
