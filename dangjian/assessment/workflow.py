"""Who may do what to an assessment sheet or a key task, and the sheet's moves in ONE table.

Standings over a branch, read from the role assignments (no query):
- OWNER: "assessment" change from an assignment AT the branch (or inside it) — its secretary self-assesses. A grant
  from above (党群工作部 over the company) does not make one the branch: who fills a sheet never reviews it;
- REVIEWER: "assessment" change over the branch's PARENT org (the superior org's secretary) or 党群工作部 over it —
  but never someone whose own branch it is: a person belonging to the branch, or holding any role at or inside it.
  So a branch secretary who also holds a role over the parent is refused on their own branch (no self-scoring);
- OFFICE: a party_office assignment at the branch or above (locks the period).

The same standings judge a key task's close-out (`resource="keytask"`): the owner submits, a reviewer confirms.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from dangjian.assessment.models import Sheet
from dangjian.core.models.tree import parent_path
from dangjian.core.permissions import GRANTS
from dangjian.core.scoping import assignments, scope_for
from dangjian.core.services import is_system
from dangjian.org.standing import is_office_over

OWNER, REVIEWER, OFFICE = "owner", "reviewer", "office"
SUBMIT, RETURN, REVIEW, REOPEN, LOCK = "submit", "return", "review", "reopen", "lock"

ACTIONS = {
    SUBMIT: _("Submit the self-assessment"),
    RETURN: _("Return to the branch"),
    REVIEW: _("Finish the review"),
    REOPEN: _("Reopen the review"),
    LOCK: _("Lock"),
}


@dataclass(frozen=True)
class Move:
    to_status: str
    who: frozenset[str]
    comment_required: bool = False


S = Sheet.Status
TABLE: dict[tuple[str, str], Move] = {
    (S.DRAFT, SUBMIT): Move(S.SUBMITTED, frozenset({OWNER})),
    (S.SUBMITTED, RETURN): Move(S.DRAFT, frozenset({REVIEWER}), comment_required=True),
    (S.SUBMITTED, REVIEW): Move(S.REVIEWED, frozenset({REVIEWER})),
    (S.REVIEWED, REOPEN): Move(S.SUBMITTED, frozenset({REVIEWER})),
    # Locking is the period's: period_lock moves every reviewed sheet at once.
    (S.REVIEWED, LOCK): Move(S.LOCKED, frozenset({OFFICE})),
}


def is_own(user, org) -> bool:
    """Is `org` the user's own branch: their person belongs to it, or they hold any role at or inside it?"""
    if is_system(user):
        return False
    if getattr(user, "person_id", None) and getattr(user, "_own_branch_id", None) is None:
        from dangjian.accounts.models import User
        from dangjian.org.models import Person

        if User.person.is_cached(user):  # read with the account (accounts/backends.py)
            user._own_branch_id = user.person.branch_id if user.person else None
        else:
            user._own_branch_id = Person.objects.filter(pk=user.person_id).values_list("branch_id", flat=True).first()
    if getattr(user, "_own_branch_id", None) == org.pk:
        return True
    return any(path is not None and path.startswith(org.path) for _role, path, _kind in assignments(user))


def standings(user, org, resource: str = "assessment") -> frozenset[str]:
    if is_system(user):
        return frozenset({OWNER, REVIEWER, OFFICE})
    held = set()
    change = scope_for(user, resource, "change")
    granted = {r for r, actions in GRANTS.items() if "change" in actions.get(resource, ())}
    if any(role in granted and path and path.startswith(org.path) for role, path, _kind in assignments(user)):
        held.add(OWNER)
    office = is_office_over(user, org.path)
    if office:
        held.add(OFFICE)
    above = parent_path(org.path)
    superior = above and (change.everywhere or any(above.startswith(p) for p in change.paths))
    if (superior or office) and not is_own(user, org):
        held.add(REVIEWER)
    return frozenset(held)


def allowed(user, sheet: Sheet) -> list[str]:
    held = standings(user, sheet.org)
    return [a for (state, a), m in TABLE.items() if state == sheet.status and held & m.who and a != LOCK]
