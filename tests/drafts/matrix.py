"""The drafts' routes in the permission matrix: pages without an object in the URL (the org is a parameter,
defaulting to the outermost the role sees), so a role without the grant anywhere gets 403; those who write or
receive a branch's annual report read them."""

from django.urls import reverse

from tests.matrix.policy import only

READERS = ("party_office", "secretary", "committee_member", "leader")

ROUTES = {
    "drafts:draft": (None, only(*READERS), "GET"),
    "drafts:docx": (None, only(*READERS), "GET"),
    "api:drafts_draft": (None, only(*READERS), "GET"),
}


def url_for(name, kind, target, world):
    return reverse(name)
