from dangjian.org.models.orgs import CommitteeSeat, OrgUnitLink, PartyOrg, Unit
from dangjian.org.models.people import Person, StatusChange

__all__ = ["CommitteeSeat", "OrgUnitLink", "PartyOrg", "Person", "StatusChange", "Unit"]
