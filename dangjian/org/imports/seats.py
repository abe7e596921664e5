"""The committee-seat import (支委会/党委委员): one seat per row — org code, employee number, seat (书记, 副书记,
组织委员 … 委员) and the term's dates — so the committees elected at a 换届 come in with one file, not seat by seat.

A row is the same seat as one on record when the org, person, seat and start date match: it is left alone, or ended
when the row gives an end date the seat does not have yet (as the seats page ends a seat). Every other row seats the
person through services.seat_assign, and the check applies the service's own rules beforehand (the person on the
roll of the org or below, one seat per person and one secretary at a time, including the rows above), so a file that
passes the check commits.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, Choice, Column, Date, ImportKind, Ref, Text, register
from dangjian.core.services import is_system
from dangjian.org import services
from dangjian.org.imports.common import ORG_CODE, cannot_import_into, may_import, reference_orgs
from dangjian.org.models import CommitteeSeat, PartyOrg, Person

# The first name of each seat is the one the template's explanation shows.
SEAT_ZH = {
    "书记": "secretary",
    "党委书记": "secretary",
    "党总支书记": "secretary",
    "支部书记": "secretary",
    "党支部书记": "secretary",
    "副书记": "deputy_secretary",
    "党委副书记": "deputy_secretary",
    "组织委员": "organisation_officer",
    "宣传委员": "publicity_officer",
    "纪检委员": "discipline_officer",
    "纪律检查委员": "discipline_officer",
    "委员": "member",
    "党委委员": "member",
    "支委": "member",
    "支部委员": "member",
}
REFERENCE_ROWS = 2000


def people_lookup(ctx):
    # Only the people the importer sees: another branch's or company's employee number reads as unknown.
    people = Person.objects.select_related("branch")
    return people if is_system(ctx.actor) else people.restrict(ctx.actor, "view")


def overlap(since_a, until_a, since_b, until_b) -> bool:
    """Do two terms share a day? An open end reaches forever, as in services._overlaps."""
    return (since_a is None or until_b is None or since_a <= until_b) and (
        since_b is None or until_a is None or since_b <= until_a
    )


@register
class CommitteeSeatImport(ImportKind):
    """Committee seats (委员): a row seats a person on an org's committee for a term, or ends a seat on record."""

    slug = "committee-seats"
    label = _lazy("Committee seats")
    description = _lazy(
        "One seat per row: the organisation's code, the person's employee number, the seat (secretary, deputy "
        "secretary, an officer or a committee member) and the term's first and last day. A row repeating a seat on "
        "record (same organisation, person, seat and start) is left alone, or ends the seat on the end date given."
    )
    resource = "org"
    result_url = "org:terms"
    columns = [
        Column(
            "org",
            _lazy("organisation code"),
            "组织编码",
            ORG_CODE,
            required=True,
            aliases=("党组织编码", "编码", "org"),
            help=_lazy("A party committee, general branch or branch (a party group has no committee)."),
            example="BA",
        ),
        Column(
            "person",
            _lazy("employee number"),
            "工号",
            Ref(
                people_lookup,
                field="employee_no",
                describe=_lazy("The employee number of a person on the roll of the organisation or one below it."),
            ),
            required=True,
            aliases=("员工编号", "职工编号", "person"),
            example="E10001",
        ),
        Column(
            "name",
            _lazy("name"),
            "姓名",
            Text(50),
            help=_lazy("Optional: when given, it must be the name of the person with that employee number."),
            example="张伟",
        ),
        Column(
            "role",
            _lazy("seat"),
            "职务",
            Choice(CommitteeSeat.Role, SEAT_ZH),
            required=True,
            aliases=("委员职务", "role"),
            help=_lazy("One secretary per committee at a time."),
            example="书记",
        ),
        Column(
            "since",
            _lazy("term start"),
            "任期开始",
            Date(),
            aliases=("任职日期", "当选日期", "since"),
            help=_lazy("The day of the election; the first seat with a start date starts the organisation's term."),
            example=dt.date(2024, 1, 10),
        ),
        Column(
            "until",
            _lazy("term end"),
            "任期结束",
            Date(),
            aliases=("离任日期", "until"),
            help=_lazy("Empty while the seat lasts; a date ends it on that day."),
            example="",
        ),
    ]

    def check_rows(self, rows, ctx):
        # The seats on record of this chunk's orgs, in one query; those of earlier chunks are kept.
        seats = ctx.state.setdefault("seats", {})
        wanted = {row.values["org"].pk for row in rows if isinstance(row.values.get("org"), PartyOrg)} - set(seats)
        for org_id in wanted:
            seats[org_id] = []
        for seat in CommitteeSeat.objects.filter(org_id__in=wanted).order_by("pk"):
            seats[seat.org_id].append([seat.pk, seat.person_id, seat.role, seat.since, seat.until, None])
        super().check_rows(rows, ctx)

    def check_row(self, row, ctx):
        org, person = row.values.get("org"), row.values.get("person")
        if not row.ok or org is None or person is None:
            return
        role, since, until = row.values["role"], row.values.get("since"), row.values.get("until")
        if not may_import(ctx.actor, "org", "change", org):
            row.error(cannot_import_into(org), self.column("org"))
            return
        name = row.values.get("name")
        if name and name != person.name:
            row.error(
                _("employee number “%(no)s” is %(person)s, not %(name)s.")
                % {"no": person.employee_no, "person": person.name, "name": name},
                self.column("name"),
            )
        if org.kind == PartyOrg.Kind.GROUP:
            row.error(_("%(org)s is a party group, which has no committee.") % {"org": org}, self.column("org"))
        if not person.branch.path.startswith(org.path):
            row.error(
                _("%(person)s is not on the roll of %(org)s or of an organisation under it.")
                % {"person": person.name, "org": org.name},
                self.column("person"),
            )
        if since and until and until < since:
            row.error(_("the seat cannot end before it starts."), self.column("until"))
        if not row.ok:
            return
        # [pk or None, person id, role, since, until, row number of the file that seats it]
        seats = ctx.state["seats"][org.pk]
        same = next((s for s in seats if s[0] and s[1:4] == [person.pk, role, since]), None)
        if same is not None:
            self._check_same(row, same, until)
            return
        for seat in seats:
            if not overlap(seat[3], seat[4], since, until):
                continue
            where = _("in row %(row)s") % {"row": seat[5]} if seat[5] else _("on record")
            if seat[1] == person.pk:
                row.error(
                    _("%(person)s already holds a seat on this committee for these dates (%(where)s): end it first.")
                    % {"person": person.name, "where": where},
                    self.column("person"),
                )
                return
            if role in services.SINGLE_SEAT_ROLES and seat[2] == role:
                row.error(
                    _("the committee already has a %(role)s for these dates (%(where)s): end that seat first.")
                    % {"role": CommitteeSeat.Role(role).label, "where": where},
                    self.column("role"),
                )
                return
        row.action = CREATE
        seats.append([None, person.pk, role, since, until, row.number])

    def _check_same(self, row, same: list, until: dt.date | None) -> None:
        """A row repeating a seat on record: unchanged, or ended on a day before the end it has."""
        pk, ended = same[0], same[4]
        if until == ended:
            row.action = UNCHANGED
            return
        if until is None or (ended is not None and until > ended):
            row.error(
                _("this seat ended on %(date)s; a seat that has ended is not extended by import.") % {"date": ended},
                self.column("until"),
            )
            return
        row.action, row.target = UPDATE, pk
        same[4] = until

    def commit_row(self, row, ctx):
        if row.action == UPDATE:
            seat = CommitteeSeat.objects.get(pk=row.target)
            services.seat_end(actor=ctx.actor, seat=seat, on=row.values["until"])
            return
        services.seat_assign(
            actor=ctx.actor,
            org=row.values["org"],
            person=row.values["person"],
            role=row.values["role"],
            since=row.values.get("since"),
            until=row.values.get("until"),
        )

    def reference_sheets(self, user):
        people = Person.objects.restrict(user, "view").select_related("branch").order_by("branch__path", "name")
        rows = [[p.employee_no, p.name, p.branch.code] for p in people[:REFERENCE_ROWS]]
        return [reference_orgs(user, "org"), (_("People"), [_("Employee number"), _("Name"), _("Branch")], rows)]
