"""Demonstration posts in the API: counts per org, the four registers (list, read, add, change, end), a pairing's
check-ins, and open challenges (list, read, post, change, cancel; apply, change or withdraw one's application). Every
write goes through posts.services; people are named by employee number, orgs and projects by code."""

from dangjian.posts.api import challenges, counts, registers  # noqa: F401 (each adds its operations to the router)
from dangjian.posts.api.common import router

__all__ = ["router"]
