"""What a project's approval asks of people, as notifications (core/notifications), written inside the move's
transaction by `services.project_transition`:

- submitted (报批) → "项目待审批", an action for each approver: 党群工作部 over the owner org and the secretary of the
  org directly above it (others higher up may approve too, but are not asked: the office and the direct superior
  are the ones who do). Closed for all of them when anyone approves, returns, rejects or cancels it;
- approved → "项目已批准", a notice to the proposer (who submitted it) and the project's responsible secretary;
- returned → "项目被退回", with the reason: an action for the proposer and the secretary, closed on resubmission;
- rejected → "项目未获批准", with the reason: a notice.

Texts name the project by code and title only."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from dangjian.core.models.tree import parent_path, path_and_ancestors
from dangjian.core.notifications import services as notifications
from dangjian.core.permissions import Role
from dangjian.projects.projects import lifecycle
from dangjian.projects.projects.models import Project, ProjectTransition, State

APPROVE = "projects.approve"
RETURNED = "projects.returned"
DECIDED = "projects.decided"
KINDS = (APPROVE, RETURNED, DECIDED)

SUBMITTED_SUBJECT = gettext_lazy("Project awaiting approval")
SUBMITTED_TEXT = gettext_lazy("%(org)s submitted %(code)s「%(title)s」 for approval: approve, return or reject it.")
APPROVED_SUBJECT = gettext_lazy("Project approved")
APPROVED_TEXT = gettext_lazy("%(code)s「%(title)s」 was approved: start it when the work begins.")
RETURNED_SUBJECT = gettext_lazy("Project returned: %(reason)s")
RETURNED_TEXT = gettext_lazy("%(code)s「%(title)s」 was returned: %(reason)s. Change the plan and submit it again.")
REJECTED_SUBJECT = gettext_lazy("Project not approved")
REJECTED_TEXT = gettext_lazy("%(code)s「%(title)s」 was rejected: %(reason)s")


def approvers(project: Project) -> list[int]:
    """The accounts asked to approve `project`: 党群工作部 at the owner org or above, and the secretaries of the org
    directly above the owner (one query)."""
    from dangjian.accounts.models import RoleAssignment

    above = parent_path(project.owner.path)
    asked = Q(role=Role.PARTY_OFFICE, org__path__in=path_and_ancestors(project.owner.path))
    if above:
        asked |= Q(role=Role.SECRETARY, org__path=above)
    return list(
        RoleAssignment.objects.active()
        .filter(asked, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )


def proposers(project: Project) -> list[int]:
    """Who hears how the approval went: the account that last submitted the project, and the accounts of its
    responsible secretary (two queries)."""
    from dangjian.accounts.models import User

    submitted_by = (
        ProjectTransition.objects.filter(project=project, action=lifecycle.SUBMIT, actor__isnull=False)
        .order_by("-at", "-pk")
        .values_list("actor_id", flat=True)
        .first()
    )
    ids = [submitted_by] if submitted_by else []
    if project.secretary_id:
        ids += User.objects.filter(person_id=project.secretary_id, is_active=True).values_list("pk", flat=True)
    return list(dict.fromkeys(ids))


def _params(project: Project, comment: str = "") -> dict:
    return {"code": project.code, "title": project.title, "org": project.owner.name, "reason": comment}


def after_move(*, actor, project: Project, action: str, from_state: str, comment: str = "") -> None:
    """Send and close the approval's notifications for the move just written (inside its transaction)."""
    link = reverse("projects:detail", kwargs={"pk": project.pk})
    actor_id = getattr(actor, "pk", None)
    if from_state == State.SUBMITTED:  # decided (or cancelled) by whoever did it: nobody is asked any more
        notifications.notifications_done(about=project, kinds=[APPROVE])
    if from_state == State.RETURNED:  # resubmitted (or cancelled): the fix asked for is done
        notifications.notifications_done(about=project, kinds=[RETURNED])
    if action == lifecycle.SUBMIT:
        notifications.notify(
            recipients=[pk for pk in approvers(project) if pk != actor_id],
            kind=APPROVE,
            subject=SUBMITTED_SUBJECT,
            text=SUBMITTED_TEXT,
            params=_params(project),
            link=link,
            about=project,
            action=True,
        )
        return
    texts = {
        lifecycle.APPROVE: (APPROVED_SUBJECT, APPROVED_TEXT, DECIDED, False),
        lifecycle.RETURN: (RETURNED_SUBJECT, RETURNED_TEXT, RETURNED, True),
        lifecycle.REJECT: (REJECTED_SUBJECT, REJECTED_TEXT, DECIDED, False),
    }
    if action not in texts:
        return
    subject, text, kind, asks = texts[action]
    notifications.notify(
        recipients=[pk for pk in proposers(project) if pk != actor_id],
        kind=kind,
        subject=subject,
        text=text,
        params=_params(project, comment),
        link=link,
        about=project,
        action=asks,
    )


__all__ = ["APPROVE", "DECIDED", "KINDS", "RETURNED", "after_move", "approvers", "proposers"]
