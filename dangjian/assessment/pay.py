"""Performance-pay linkage (绩效挂钩): per person of each branch, the branch's combined score and rank in a locked
period and the coefficient the template's rule gives that rank. Who is listed is the template's pay scope: the
branch committee (支委, seats in force at the month's end), every party member, or everyone in the branch."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dangjian.assessment.models import Period, Sheet, Template
from dangjian.core import months
from dangjian.core.permissions import VIEW
from dangjian.org.models import CommitteeSeat, Person


def pay_rows(period: Period, *, user) -> tuple[list[str], list[list]]:
    """(headers, rows) for the export: the sheets the user may see (three queries)."""
    template = period.template
    sheets = {
        s.org_id: s
        for s in Sheet.objects.restrict(user, VIEW).filter(period=period).select_related("org").order_by("rank")
    }
    end = months.last_day(period.month)
    people: list[tuple] = []
    if template.pay_scope == Template.PayScope.COMMITTEE:
        seats = (
            CommitteeSeat.objects.filter(org_id__in=sheets)
            .filter(Q(since__isnull=True) | Q(since__lte=end), Q(until__isnull=True) | Q(until__gte=end))
            .select_related("person", "org")
            .order_by("org__path", "role")
        )
        people = [(seat.person, seat.get_role_display(), seat.org_id) for seat in seats]
    else:
        qs = Person.objects.filter(branch_id__in=sheets).order_by("branch__path", "employee_no")
        if template.pay_scope == Template.PayScope.MEMBERS:
            qs = qs.filter(party_status__in=[Person.PartyStatus.MEMBER, Person.PartyStatus.PROBATIONARY])
        people = [(p, p.get_party_status_display(), p.branch_id) for p in qs]
    headers = [
        _("Employee number"),
        pgettext("person", "Name"),
        _("Branch"),
        _("Post or status"),
        _("Month"),
        _("Party-work score"),
        _("Production score"),
        _("Combined score"),
        _("Rank"),
        _("Pay coefficient"),
    ]
    rows = []
    for person, post, org_id in people:
        sheet = sheets[org_id]
        rows.append(
            [
                person.employee_no,
                person.name,
                sheet.org.name,
                str(post),
                months.label(period.month),
                sheet.party_score,
                sheet.production_score,
                sheet.total,
                sheet.rank,
                template.coefficient(sheet.rank),
            ]
        )
    return headers, rows
