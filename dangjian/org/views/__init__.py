"""Org app pages, split by sub-domain: orgs (tree, org page, health, 换届), people, units."""

from dangjian.org.views.orgs import org_create, org_detail, org_dissolve, org_edit, org_health, org_terms, org_tree
from dangjian.org.views.people import (
    people,
    people_export,
    person_create,
    person_detail,
    person_edit,
    person_status,
)
from dangjian.org.views.units import unit_create, unit_edit, units

__all__ = [
    "org_create",
    "org_detail",
    "org_dissolve",
    "org_edit",
    "org_health",
    "org_terms",
    "org_tree",
    "people",
    "people_export",
    "person_create",
    "person_detail",
    "person_edit",
    "person_status",
    "unit_create",
    "unit_edit",
    "units",
]
