"""Channel routes in the permission matrix and their world (the root matrix's world plus a delivery to a person of
BA, one to a person of BB and one to a person of another company, "X2"). The delivery log is read by 党群工作部 over
its subtree (ROOT: BA and BB, not X2: 404) and by the system administrator everywhere; every other role gets 403 on
the page and 404 on a row (the API lists answer everyone with what they may see: nothing). Preferences are
everyone's own. Message addresses are administration data: the system administrator's only, 403 to every other role
(an account is no business object)."""

from django.urls import reverse

from tests.matrix.policy import SIGNED_IN, only, org_visible, scoped

READERS = ("party_office", "system_admin")


def reads(role, target):
    if role == "system_admin":
        return True
    return role == "party_office" and target != "X2" and org_visible(role, target)


row = scoped(reads)
everyone = only(*SIGNED_IN)
admin = only("system_admin")

ROUTES = {
    "channels:preferences": (None, everyone, "GET"),
    "channels:deliveries": (None, only(*READERS), "GET"),
    "channels:delivery": ("delivery", row, "GET"),
    "channels:addresses": (None, admin, "GET"),
    "channels:address_edit": ("account", admin, "GET"),
    "api:channel_delivery_list": (None, everyone, "GET"),
    "api:channel_delivery": ("delivery", row, "GET"),
    "api:channel_preferences": (None, everyone, "GET"),
    "api:channel_preferences_set": (None, everyone, "PUT"),
    "api:channel_address_list": (None, everyone, "GET"),
    "api:channel_addresses_set": ("account", admin, "PUT"),
}


def build(tmp_path):
    from dangjian.channels.models import Delivery
    from dangjian.core.models import Notification
    from tests.factories import PartyOrgFactory, PersonFactory, UserFactory
    from tests.matrix.world import build_world

    world = build_world(tmp_path)
    other_root = PartyOrgFactory(code="X2", name="另一公司党委", kind="committee")
    other_branch = PartyOrgFactory(code="X2B", name="另一公司支部", parent=other_root)
    people = {
        "BA": world["person_a"],
        "BB": world["person_b"],
        "X2": PersonFactory(branch=other_branch, name="外公司人"),
    }
    deliveries = {}
    for key, person in people.items():
        account = getattr(person, "account", None) or UserFactory(person=person, username=f"ch_{key.lower()}")
        notification = Notification.objects.create(recipient=account, kind="meetings.due", subject="矩阵", text="t")
        deliveries[key] = Delivery.objects.create(
            notification=notification, channel="wecom", recipient=account, org=person.branch, state="sent"
        )
    return {**world, "deliveries": deliveries}


def url_for(name, kind, target, w):
    if kind is None:
        return reverse(name)
    if kind == "account":
        key = "account_id" if name.startswith("api:") else "pk"
        return reverse(name, kwargs={key: w["target_user"].pk})
    key = "delivery_id" if name.startswith("api:") else "pk"
    return reverse(name, kwargs={key: w["deliveries"][target].pk})


def targets(role, kind):
    return ["BA", "BB", "X2"] if kind == "delivery" else ["-"]


def send(client, name, url, method, target, world):
    bodies = {"api:channel_preferences_set": {"sms": "digest"}, "api:channel_addresses_set": {"wecom": "matrix"}}
    if method == "PUT":
        return client.put(url, bodies[name], content_type="application/json")
    return client.get(url)
