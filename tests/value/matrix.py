"""The value routes in the permission matrix's shape: name → (kind, rule, method), and the value matrix's world.
Kinds: None, or "unit"/"record" (target "in": a team of the company whose orgs the roles hold; "out": a team of
another company, which is not found (404) by anyone of this company)."""

from django.urls import reverse

from dangjian.value.models import AccountingUnit, AnnualWinner, DailyRecord, DayLock, Item, ItemPrice, PeerGroup
from tests.matrix.footprint import AUDIT, count, rows, snapshot
from tests.matrix.policy import BUSINESS, NOT_FOUND, anyone, only

# every business role but the non-member employee (who has nothing to enter or decide there), and the MES/ERP account
READERS = (set(BUSINESS) - {"employee"}) | {"integration"}
EXPORTERS = ("party_office", "secretary", "committee_member", "group_leader", "team_leader", "leader")


def sees(role, target):
    """Value accounting is read company-wide by the READERS; another company's team is not found. A role without
    the grant gets 403 on a page and 404 for a team or record."""
    if role not in READERS:
        return False if target == "-" else NOT_FOUND
    return True if target in ("-", "in") else NOT_FOUND


NO_COMPANY = {"system_admin", "security_admin", "audit_admin"}
WRITERS = {"party_office", "secretary", "team_leader", "integration"}


def confirms(role, target):
    """Confirming a record's figures: the record must be seen (another company's is 404), then the change grant over
    the team's responsible org (BA) is needed."""
    seen = sees(role, target)
    return seen if seen is not True else role in WRITERS


def catalogue_item(role, target):
    """Pricing an item of the company: 党群工作部; no company at all: the item is not found."""
    return True if role == "party_office" else NOT_FOUND if role in NO_COMPANY else False


ROUTES = {
    "value:overview": (None, sees, "GET"),
    "value:board": (None, sees, "GET"),
    "value:board_rows": (None, sees, "GET"),
    "value:board_export": (None, only(*EXPORTERS), "GET"),
    # locking a peer group's day needs the change grant over the group's org (the company committee)
    "value:lock": (None, only("party_office", "integration"), "POST"),
    # entering a day: the team leader and secretary over the responsible org (BA), 党群工作部, the MES/ERP account
    "value:entry": (None, only("party_office", "secretary", "team_leader", "integration"), "GET"),
    "value:record": ("record", sees, "GET"),
    "value:team": ("unit", sees, "GET"),
    "value:monthly": (None, sees, "GET"),
    # the catalogue is set up by 党群工作部 alone (value_catalogue grant over the company's root)
    "value:setup": (None, only("party_office"), "GET"),
    "value:winners": (None, sees, "GET"),
    # confirming an outlier's figures: whoever may change the record (the responsible org's writers, the office)
    "value:record_confirm": ("record", confirms, "POST"),
    # the catalogue through the API: 党群工作部 alone; a role of no company does not find the item (404)
    "api:value_item_create": (None, only("party_office"), "POST"),
    "api:value_group_create": (None, only("party_office"), "POST"),
    "api:value_unit_enrol": (None, only("party_office"), "POST"),
    "value:monthly_export": (None, only(*EXPORTERS), "GET"),
    # an empty body: 400 for a writer, 403 for anyone else, and nothing written
    "api:record_push": (None, only("party_office", "secretary", "team_leader", "integration"), "POST"),
    "api:records_push": (None, only("party_office", "secretary", "team_leader", "integration"), "POST"),
    # a ranking holds only the groups the caller may see (leak test in test_matrix.py)
    "api:ranking_list": (None, anyone, "GET"),
    "api:value_price_create": (None, catalogue_item, "POST"),
    # the year's winners: read by anyone signed in (what they may see); named or computed by 党群工作部 alone
    "api:value_winner_list": (None, anyone, "GET"),
    "api:value_winners_set": (None, only("party_office"), "PUT"),
    "api:value_winners_compute": (None, only("party_office"), "POST"),
}


def build(tmp_path):
    from dangjian.core.services import SYSTEM
    from dangjian.value import services
    from tests.factories import build_company
    from tests.matrix.runner import logins
    from tests.value.conftest import build_accounting, record_row

    accounting = build_accounting(build_company())
    users, _person_e = logins(accounting, prefix="v")
    written = services.records_write(
        actor=SYSTEM, rows=[record_row("CA", AL="1"), record_row("OX", AL="1")], source="api"
    )
    records = {"in": written[0].record, "out": written[1].record}
    units = {"in": accounting["units"]["CA"], "out": accounting["units"]["OX"]}
    return {**accounting, "users": users, "records": records, "teams": units}


BODIES = {
    "api:value_item_create": {"code": "MX", "name": "矩阵项目", "kind": "output"},
    "api:value_price_create": {"effective_from": "2024-01-01", "price": "15500"},
    "api:value_group_create": {"code": "MG", "name": "矩阵组"},
    "api:value_unit_enrol": {"unit": "CA", "group": "ELEC", "org": "BA"},
    "api:value_winners_compute": {"per_group": 2},
}
WINNERS = {"winners": [{"unit": "CA", "points": "12"}], "rule": "矩阵规则"}


def targets(role, kind) -> list[str]:
    return ["in", "out"] if kind else ["-"]


def url_for(name, kind, target, world) -> str:
    if kind == "record":
        return reverse(name, args=[world["records"][target].pk])
    if kind == "unit":
        return reverse(name, args=[world["teams"][target].pk])
    if name == "api:value_price_create":
        return reverse(name, kwargs={"code": "AL"})
    if name.startswith("api:value_winner"):
        return reverse(name, kwargs={"year": 2024})
    return reverse(name)


def send(client, name, url, method, target, world):
    from tests.value.conftest import DAY

    if name in ("api:record_push", "api:records_push"):
        return client.post(url, {}, content_type="application/json")
    if name == "value:lock":
        return client.post(url, {"group": "ELEC", "date": DAY.isoformat()})
    if name == "api:value_winners_set":
        return client.put(url, WINNERS, content_type="application/json")
    if name in BODIES:
        return client.post(url, BODIES[name], content_type="application/json")
    if name == "value:record_confirm":
        return client.post(url, {})
    if name == "api:ranking_list":
        return client.get(url, {"date": DAY.isoformat()})
    return client.get(url)


def state(world):
    return snapshot(
        AUDIT,
        count(DailyRecord),
        count(DayLock),
        count(Item),
        count(ItemPrice),
        count(PeerGroup),
        count(AnnualWinner),
        rows(AccountingUnit, "group", "org", "active"),
    )
