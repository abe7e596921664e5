"""The demo's handbook on a miniature 旗能电铝: the standard procedures from the start of last year, a second version
of the 支部党员大会 procedure two months ago, the 三项清单 (the company's, each branch secretary's, the 组织委员's and
the members' of 电解三车间), all audited; a second run adds nothing."""

import datetime as dt
from io import StringIO

from dangjian.core.models import AuditLog
from dangjian.handbook import demo, selectors
from dangjian.handbook.models import DutyList, Procedure, ProcedureKind
from dangjian.org.models import CommitteeSeat
from tests.factories import PartyOrgFactory, PersonFactory

TODAY = dt.date(2026, 3, 15)


def test_demo_handbook(db):
    root = PartyOrgFactory(code="QNDL", kind="committee")
    dj3 = PartyOrgFactory(code="QNDL-DJ3", name="电解三车间党支部", parent=root)
    members = [PersonFactory(branch=dj3, member=True) for _ in range(4)]
    CommitteeSeat.objects.create(org=dj3, person=members[0], role="secretary", since=dt.date(2024, 1, 1))
    CommitteeSeat.objects.create(org=dj3, person=members[1], role="organisation_officer", since=dt.date(2024, 1, 1))
    out = StringIO()
    demo.seed(today=TODAY, stdout=out)
    assert "handbook:" in out.getvalue()
    assembly = Procedure.objects.get(company=root, kind=ProcedureKind.GENERAL_ASSEMBLY)
    versions = selectors.procedure_versions(assembly)
    assert [v.number for v in versions] == [2, 1] and versions[1].effective_from == dt.date(2025, 1, 1)
    assert Procedure.objects.filter(company=root).count() == 8
    lists = DutyList.objects.filter(year=2026)
    assert sorted(lists.values_list("kind", flat=True)) == [
        "committee",
        "company",
        "member",
        "member",
        "member",
        "member",
        "secretary",
    ]
    assert AuditLog.objects.filter(object_type="handbook.dutyitem").count() > 20
    before = AuditLog.objects.count()
    demo.seed(today=TODAY, stdout=StringIO())
    assert AuditLog.objects.count() == before
