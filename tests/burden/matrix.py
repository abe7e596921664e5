"""The burden meter's routes in the permission matrix: pages and lists without an object (the month is a parameter),
so a role without the grant anywhere gets 403. 党群工作部 reads and recomputes; leaders read."""

from django.urls import reverse
from django.utils import timezone

from tests.matrix.policy import only

READERS = ("party_office", "leader")

ROUTES = {
    "burden:meter": (None, only(*READERS), "GET"),
    "burden:recompute": (None, only("party_office"), "POST"),
    "api:burden_meter": (None, only(*READERS), "GET"),
    "api:burden_rows": (None, only(*READERS), "GET"),
    "api:burden_recompute": (None, only("party_office"), "POST"),
}


def send(client, name, url, method, target, world):
    month = f"{timezone.localdate():%Y-%m}"
    if name == "api:burden_recompute":
        return client.post(url, {"month": month}, content_type="application/json")
    if method == "POST":
        return client.post(url, {"month": month})
    return client.get(url)


def url_for(name, kind, target, world):
    return reverse(name)
