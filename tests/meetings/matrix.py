"""The permission matrix of organisational life: every meetings page and API route × every role, with a meeting (or
org) in the role's scope and one out of it. Meetings are seen where the role holds the meeting grant (see
dangjian/meetings/grants.py); the policy is restated here on its own terms."""

from tests.test_permission_matrix import BUSINESS, org_visible

VIEWERS = {"party_office", "secretary", "group_leader", "committee_member", "leader", "member"}
WRITERS = {"party_office", "secretary", "group_leader"}


def meeting_view(role, target):
    return role in VIEWERS and org_visible(role, target)


def meeting_change(role, target):
    return role in WRITERS and org_visible(role, target)


def meeting_delete(role, target):
    """Only 党群工作部 deletes a meeting record."""
    return role == "party_office" and org_visible(role, target)


def any_view(role, target):
    return role in VIEWERS


def any_add(role, target):
    return role in WRITERS


def own_reminder(role, target):
    """The reminder belongs to the party_office login: nobody else may mark it read."""
    return role == "party_office"


def authenticated(role, target):
    """API lists answer every authenticated caller, with only the rows in scope (none without the grant)."""
    return True


# name: (kind, rule, method); kinds: None, "meeting" (pk), "meeting-id" (API), "attachment", "action", "org" (pk),
# "org-code", "reminder".
ROUTES = {
    "meetings:list": (None, any_view, "GET"),
    "meetings:create": (None, any_add, "GET"),
    "meetings:matrix": (None, any_view, "GET"),
    "meetings:rules": (None, any_view, "GET"),
    "meetings:detail": ("meeting", meeting_view, "GET"),
    "meetings:edit": ("meeting", meeting_change, "GET"),
    "meetings:pdf": ("meeting", meeting_view, "GET"),
    "meetings:delete": ("meeting", meeting_delete, "POST"),
    "meetings:attachment_add": ("meeting", meeting_change, "POST"),
    "meetings:attachment": ("attachment", meeting_view, "GET"),
    "meetings:follow_up_done": ("action", meeting_change, "POST"),
    "meetings:calendar": ("org", meeting_view, "GET"),
    "meetings:reminder_read": ("reminder", own_reminder, "POST"),
    "api:org_compliance": ("org-code", meeting_view, "GET"),
    "api:meeting_list": (None, authenticated, "GET"),
    "api:meeting_detail": ("meeting-id", meeting_view, "GET"),
    "api:meeting_create": ("org-code", meeting_change, "POST"),
}
__all__ = ["BUSINESS", "ROUTES"]
