"""The demo's meetings on a miniature 旗能电铝 (the orgs the seeder singles out): two years written through the
services with audit rows, the designed gaps (a silent party group, a late 组织生活会, a temporary branch that lived
seven months), and a second run that adds nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.utils import timezone

from dangjian.core.models import AuditLog
from dangjian.meetings import compliance, demo
from dangjian.meetings.models import Meeting
from dangjian.org.models import PartyOrg, Person
from tests.factories import PartyOrgFactory, PersonFactory

TODAY = dt.date(2026, 3, 15)


@pytest.fixture
def mini(db):
    root = PartyOrgFactory(code="QNDL", kind="committee", founded_on=dt.date(2010, 7, 1))
    ly = PartyOrgFactory(code="QNDL-LY", kind="committee", parent=root)
    dj1 = PartyOrgFactory(code="QNDL-DJ1", name="电解一车间党支部", parent=ly)
    gd = PartyOrgFactory(code="QNDL-GD", name="供电车间党支部", parent=ly)
    jh = PartyOrgFactory(code="QNDL-JH", name="净化车间党支部", parent=ly)
    silent = PartyOrgFactory(code="QNDL-JH-G1", kind="group", parent=jh)
    for _ in range(6):
        PersonFactory(branch=dj1, member=True)
    for _ in range(3):
        PersonFactory(branch=gd, member=True)
    PersonFactory(branch=jh, group=silent, member=True)
    return {"dj1": dj1, "gd": gd, "silent": silent}


def test_demo_meetings(mini):
    out = StringIO()
    demo.seed(today=TODAY, stdout=out)
    assert "meetings of organisational life" in out.getvalue()
    meetings = Meeting.objects.all()
    assert meetings.count() > 80
    assert not meetings.filter(held_on__gte=TODAY).exists()
    assert not meetings.filter(org=mini["silent"]).exists()
    late = meetings.get(org=mini["gd"], meeting_type="review", counts_for__year=2025)
    assert (late.held_on, late.counts_for) == (dt.date(2026, 1, 15), dt.date(2025, 12, 31))
    review = {r.meeting_type: r for r in compliance.org_year(mini["gd"], 2025, TODAY)}["review"]
    assert review.states[0].state == "late"
    temp = PartyOrg.objects.get(code=demo.TEMP_CODE)
    assert (temp.founded_on, temp.dissolved_on, temp.status) == (
        dt.date(2025, 4, 1),
        dt.date(2025, 10, 31),
        "dissolved",
    )
    held = meetings.filter(org=temp)
    assert held.count() == 9 and all(dt.date(2025, 4, 1) <= m.held_on <= dt.date(2025, 10, 31) for m in held)
    assert held.first().attendance.count() == 5
    assert Person.objects.filter(branch=mini["dj1"]).count() == 6
    # Every meeting has its audit row, written on the day it was held (the demo clock).
    created = AuditLog.objects.filter(object_type="meetings.meeting", action="create")
    assert created.count() == meetings.count()
    row = created.get(object_id=str(late.pk))
    assert timezone.localtime(row.at).date() == late.held_on
    before = (Meeting.objects.count(), AuditLog.objects.count())
    demo.seed(today=TODAY, stdout=StringIO())
    assert (Meeting.objects.count(), AuditLog.objects.count()) == before
