"""The service routes in the permission matrix (same shape as tests/test_permission_matrix.ROUTES).

The world: a request handled by branch BA and sent by the employee login's person (person_e), and one handled by BB
sent by 王芳 (no login). In the shared world only the member and employee logins have a personal record."""

from tests.test_permission_matrix import BUSINESS, business, only

WITH_PERSON = {"member", "employee"}


def request_view(role, target):
    """BA's request: seen over BA (secretary, committee member) or ROOT (党群工作部, leaders), and by its sender
    (employee); BB's only from ROOT. Party-group leaders, team leaders, members and panel members see requests only
    of their own."""
    if role in {"party_office", "leader"}:
        return True
    if role in {"secretary", "committee_member"}:
        return target == "BA"
    return role == "employee" and target == "BA"


def exporter(role, target):
    return role in {"party_office", "secretary", "leader"}


def sender(role, target):
    return role in WITH_PERSON


ROUTES = {
    "service:mine": (None, business, "GET"),
    "service:submit": (None, sender, "GET"),
    "service:queue": (None, business, "GET"),
    "service:detail": ("request", request_view, "GET"),
    # a viewer's POST is answered (400 without a step, 403/409 from the workflow); out of reach is 404
    "service:transition": ("request", request_view, "POST"),
    # needs a stored file: covered in tests/service/test_pages.py
    "service:attachment": ("request-file", None, "GET"),
    # the private link is the key: any business user holding it sees the request (never who sent it)
    "service:track": ("token", business, "GET"),
    "service:dashboard": (None, exporter, "GET"),
    "service:export": (None, exporter, "GET"),
    "service:board": (None, business, "GET"),
    "service:settings": (None, only("party_office"), "GET"),
    "service:calendar_day_delete": ("day", only("party_office"), "POST"),
    # lists answer 200 to any signed-in caller with only what they may see (leak test in test_matrix.py)
    "api:service_request_list": (None, lambda role, t: True, "GET"),
    "api:service_request_detail": ("request-id", request_view, "GET"),
    # writes with their own bodies: covered in tests/service/test_api.py
    "api:service_request_create": (None, None, "POST-OPEN"),
    "api:service_request_transition": ("request-id", None, "POST-OPEN"),
}

assert BUSINESS  # the rules above restate the shared policy for these roles
