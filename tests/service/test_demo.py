"""The demo's concerns: a year lived through the services — answered and rated, anonymous, 必达, late and escalated,
open — with the holiday calendar; loaded once and fast."""

import datetime as dt
import time
from io import StringIO

import pytest

from dangjian.accounts.models import User
from dangjian.core.models import AuditLog
from dangjian.demo.builder import DemoBuilder
from dangjian.demo.data import qineng
from dangjian.service import demo
from dangjian.service.models import CalendarDay, ServiceRequest, ServiceTransition, SlaPolicy
from dangjian.service.selectors import satisfaction, sla_rate

TODAY = dt.date(2026, 3, 15)


@pytest.mark.django_db
@pytest.mark.slow
def test_the_demo_lives_a_year_of_concerns_once():
    DemoBuilder(today=TODAY, password=qineng.DEFAULT_PASSWORD).build()
    out = StringIO()
    started = time.monotonic()
    demo.seed(today=TODAY, stdout=out)
    elapsed = time.monotonic() - started
    print(out.getvalue(), f"{elapsed:.1f} s")
    assert "Loaded employee concerns" in out.getvalue()
    requests = ServiceRequest.objects.all()
    answered = requests.filter(state__in=["resolved", "feedback", "closed"])
    assert answered.count() >= 40
    assert requests.filter(state__in=["submitted", "accepted", "coordinating"]).count() >= 5
    assert requests.filter(anonymous=True).count() >= 8 and requests.filter(destination="leaders").count() >= 6
    assert requests.filter(escalated_to__isnull=False).count() >= 2
    assert requests.filter(reopen_count=1).exists()
    assert requests.filter(public=True, state__in=["resolved", "feedback", "closed"]).count() >= 20
    assert requests.filter(submitted_on__lt=TODAY - dt.timedelta(days=300)).exists()
    employee = User.objects.get(username="employee")
    assert requests.filter(submitter_id=employee.person_id).exists()
    # every request has its history, dated on its own days
    first = requests.order_by("submitted_on").first()
    assert first.submitted_at.date() <= first.submitted_on + dt.timedelta(days=1)
    assert ServiceTransition.objects.filter(action="submit").count() == requests.count()
    assert CalendarDay.objects.filter(kind="workday", day=dt.date(2026, 2, 14)).exists()
    assert SlaPolicy.objects.count() == 6
    root = ServiceRequest.objects.filter(destination="leaders").first().handling_org
    rate = sla_rate(org=root, start=TODAY - dt.timedelta(days=365), end=TODAY, today=TODAY)
    mean = satisfaction(org=root, start=TODAY - dt.timedelta(days=365), end=TODAY)
    assert rate is not None and 0 < rate < 1
    assert mean is not None and 3 <= mean <= 5
    assert elapsed < 60
    # old notices were read at the time; the last week's are new
    from dangjian.core.models import Notification

    notices = Notification.objects.filter(kind__startswith="service.")
    assert notices.exists() and notices.filter(read_at__isnull=True).exists()
    assert not notices.filter(read_at__isnull=True, created_at__date__lt=TODAY - dt.timedelta(days=8))
    # a second run changes nothing
    before = (requests.count(), AuditLog.objects.count(), CalendarDay.objects.count())
    demo.seed(today=TODAY, stdout=StringIO())
    assert (requests.count(), AuditLog.objects.count(), CalendarDay.objects.count()) == before
