"""Org app pages, split by sub-domain: orgs (tree, org page, seats, health, 换届), people, units."""

from dangjian.org.views.orgs import (
    org_create,
    org_detail,
    org_dissolve,
    org_edit,
    org_health,
    org_seat_end,
    org_seats,
    org_terms,
    org_tree,
    org_tree_node,
)
from dangjian.org.views.people import (
    people_export,
    people_list,
    person_create,
    person_detail,
    person_edit,
    person_status,
)
from dangjian.org.views.units import unit_create, unit_edit, unit_list, unit_tree_node

__all__ = [
    "org_create",
    "org_detail",
    "org_dissolve",
    "org_edit",
    "org_health",
    "org_seat_end",
    "org_seats",
    "org_terms",
    "org_tree",
    "org_tree_node",
    "people_export",
    "people_list",
    "person_create",
    "person_detail",
    "person_edit",
    "person_status",
    "unit_create",
    "unit_edit",
    "unit_list",
    "unit_tree_node",
]
