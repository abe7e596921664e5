"""The home page's section on employees' requests: breaches in the orgs the user manages (and those escalated to
them), 必达 requests still open for those who oversee the company (leaders, 党群工作部), what waits in their queue,
At most five queries. What asks the user to act (a request to accept, assigned to them, escalated to them, answered
and waiting for their rating) is in the work inbox at the top of the page (shell), not repeated here."""

from __future__ import annotations

from django.utils import timezone

from dangjian.core.permissions import Role
from dangjian.core.scoping import assignments, scope_for
from dangjian.service import selectors
from dangjian.service.views.common import is_business

HOME_ROWS = 6


def home_sections(request) -> list[tuple[str, dict]]:
    user = request.user
    if not is_business(user):
        return []
    today = timezone.localdate()
    manages = not scope_for(user, "service_request", "change").empty
    section = {
        "breaches": [],
        "breach_count": 0,
        "bida": [],
        "waiting": 0,
        "today": today,
        "manages": manages,
    }
    if manages:
        section["breaches"], section["breach_count"] = selectors.breaches(user=user, today=today, limit=HOME_ROWS)
    # 必达 requests go to the company's leaders: shown to those who oversee the company (leaders, 党群工作部), not to a
    # branch secretary, whose queue and breaches already hold the requests handled in the branch.
    oversees = {role for role, path, _kind in assignments(user) if path} & {Role.LEADER, Role.PARTY_OFFICE}
    if oversees and not scope_for(user, "service_request", "view").empty:
        section["bida"] = list(
            selectors.request_list(user=user, filters=selectors.RequestFilters(state="open"))
            .filter(destination="leaders")
            .order_by("resolve_due", "pk")[:HOME_ROWS]
        )
    if manages or user.person_id:
        section["waiting"] = selectors.queue(user=user).count()
    if not any(section[k] for k in ("breaches", "bida", "waiting")):
        return []
    return [("service/_home.html", section)]
