"""The cockpit's routes in the permission matrix (the root matrix's world). Every route is a page or a list without
an object: company leaders and 党群工作部 (over ROOT) read the cockpit, the wall screen and its parts; the colour map
also shows to a branch secretary (the own branch's row); the thresholds are read by leaders and 党群工作部 and set by
党群工作部 only. Everyone else gets 403."""

from django.urls import reverse

from tests.matrix.policy import only

READERS = ("party_office", "leader")
MAP = ("party_office", "leader", "secretary")

ROUTES = {
    "cockpit:page": (None, only(*READERS), "GET"),
    "cockpit:wall": (None, only(*READERS), "GET"),
    "cockpit:part": (None, only(*READERS), "GET"),
    "cockpit:map": (None, only(*MAP), "GET"),
    "cockpit:thresholds": (None, only(*READERS), "GET"),
    "cockpit:thresholds_defaults": (None, only("party_office"), "POST"),
    "api:cockpit_summary": (None, only(*READERS), "GET"),
    "api:cockpit_map": (None, only(*MAP), "GET"),
    "api:cockpit_thresholds": (None, only(*READERS), "GET"),
    "api:cockpit_thresholds_set": (None, only("party_office"), "PUT"),
}

BODIES = {
    "api:cockpit_thresholds_set": {
        "thresholds": [{"dimension": "meetings", "green_from": 96, "yellow_from": 86, "orange_from": 71}]
    },
}


def url_for(name, kind, target, world):
    url = reverse(name)
    return f"{url}?name=concerns" if name == "cockpit:part" else url


def send(client, name, url, method, target, world):
    body = BODIES.get(name, {})
    if method == "PUT":
        return client.put(url, body, content_type="application/json")
    if method == "POST":
        return client.post(url, body)
    return client.get(url)
