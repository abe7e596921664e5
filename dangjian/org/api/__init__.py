"""The org app's API: party orgs, production units and people, each router in its own module."""

from ninja import Router

from dangjian.org.api import orgs, people, units

router = Router()
router.add_router("", orgs.router)
router.add_router("", units.router)
router.add_router("", people.router)
