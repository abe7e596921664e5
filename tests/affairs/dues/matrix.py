"""The party-dues routes in the permission matrix and their world (the root matrix's world, person_a with a base
and last month paid in BA). Every route is a page or a list (the org is a query or body parameter), so a role
without the grant over some org's subtree gets 403; the writes name BA's member in the body: 党群工作部 and BA's
secretary may, the committee member and the leader read only (403)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.matrix.policy import only

LAST = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
READERS = ("party_office", "secretary", "committee_member", "leader")
KEEPERS = ("party_office", "secretary")
SELF = ("secretary", "committee_member", "group_leader", "member")

ROUTES = {
    "dues:sheet": (None, only(*READERS), "GET"),
    "dues:collect": (None, only(*KEEPERS), "POST"),
    "dues:cancel": (None, only(*KEEPERS), "POST"),
    "dues:reason": (None, only(*KEEPERS), "POST"),
    "dues:reconcile": (None, only(*KEEPERS), "POST"),
    "dues:collection": (None, only(*READERS), "GET"),
    "dues:export": (None, only(*READERS), "GET"),
    "dues:bases": (None, only("party_office", "secretary", "leader"), "GET"),
    "dues:base_set": (None, only("party_office"), "POST"),
    "dues:recalculate": (None, only("party_office"), "POST"),
    "dues:mine": (None, only(*SELF), "GET"),
    # the payroll push: 党群工作部 and the payroll (integration) account over the company
    "api:dues_base_push": (None, only("party_office", "integration"), "POST"),
    "api:dues_bases": (None, only("party_office", "secretary", "leader"), "GET"),
    "api:dues_sheet": (None, only(*READERS), "GET"),
    "api:dues_payments": (None, only(*KEEPERS), "POST"),
    "api:dues_reasons": (None, only(*KEEPERS), "POST"),
    "api:dues_reconcile": (None, only(*KEEPERS), "POST"),
    "api:dues_collection": (None, only(*READERS), "GET"),
    "api:dues_recalculate": (None, only("party_office"), "POST"),
}


def bodies(world) -> dict:
    a = world["person_a"].employee_no
    month = f"{LAST:%Y-%m}"
    return {
        "dues:cancel": {"org": "BA", "month": month, "person": a},
        "dues:reason": {"org": "BA", "month": month, "person": a, "reason": "病休"},
        "dues:reconcile": {"org": "BA", "month": month},
        "dues:base_set": {"person": a, "base": "3000", "year": "2025"},
        "api:dues_base_push": {"employee_no": a, "year": 2025, "base": "3000"},
        "api:dues_payments": {
            "org": "BA",
            "month": month,
            "employee_nos": [a],
            "paid_on": str(timezone.localdate()),
            "channel": "cash",
        },
        "api:dues_reasons": {"employee_no": a, "reason": "病休"},
        "api:dues_reconcile": {"org": "BA", "month": month},
        "api:dues_recalculate": {"year": 2025},
    }


def send(client, name, url, method, target, world):
    body = bodies(world).get(name, {})
    if method == "POST" and name.startswith("api:"):
        return client.post(url, body, content_type="application/json")
    if method == "POST":
        return client.post(url, body)
    return client.get(url)


def extend(world, tmp_path) -> dict:
    from dangjian.affairs.dues import services
    from dangjian.affairs.dues.rates import dues_year
    from dangjian.core.services import SYSTEM

    services.base_set(actor=SYSTEM, person=world["person_a"], year=dues_year(LAST), base="5000")
    services.payments_record(
        actor=SYSTEM,
        branch=world["branch_a"],
        month=LAST,
        people=[world["person_a"]],
        paid_on=LAST,
        channel="wechat",
    )
    return world


def url_for(name, kind, target, world):
    return reverse(name)
