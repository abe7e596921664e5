"""The daily-records import (班组核算数据): long format, one item of one record per row — date, unit, shift, hours,
item, quantity. The rows of one unit + date + shift make one record (their hours must agree). Every row is checked
(codes, the group's items, a price on the date, numbers, repeats, locked days), at the upload and again at the
commit; the records are written through services.records_write_checked in one call and one transaction, under the
same rules as the push API's records_write."""

from __future__ import annotations

import datetime as dt
import operator
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.errors import DomainError
from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, Choice, Column, Date, ImportKind, Text, register
from dangjian.value import services
from dangjian.value.checking import Catalogue, LineIn, RecordIn, check_record, record_head
from dangjian.value.models import AccountingUnit, DailyRecord, DayLock, Item, PeerGroup
from dangjian.value.models.records import Source

FIELD_COLUMN = {"unit": "unit", "date": "date", "shift": "shift", "hours": "hours", "items": "item"}
REFERENCE_ROWS = 2000


_MISSING = object()
_HEAD_CELLS = operator.itemgetter("unit", "date", "shift", "hours")  # a row's record: one tuple, built in C
_LINE_CELLS = operator.itemgetter("item", "quantity")


def _raw(v: dict) -> dict:
    """A row's parsed cells as checking.check_record reads a record (one item)."""
    return {
        "unit": v["unit"],
        "date": v["date"],
        "shift": v["shift"],
        "hours": v["hours"],
        "items": [{"item": v["item"], "quantity": v["quantity"]}],
    }


def _good_head(v: dict, catalogue: Catalogue) -> tuple | None:
    """(unit, date, shift, hours) when the row's unit, date, shift and hours pass every check, else None."""
    unit, parsed, problems = record_head(_raw(v), catalogue)
    if problems:
        return None
    return unit, parsed["date"], parsed["shift"], parsed["hours"]


def _good_line(v: dict, catalogue: Catalogue) -> LineIn | None:
    """The row's line (item, quantity, price of the day, amount) when the whole row passes check_record, else None.
    check_record's answer depends on the cells, the unit's group, the day and whether the hours are 0: the key the
    caller keeps the answer under."""
    record, errors = check_record(_raw(v), 0, catalogue)
    return None if errors else record.lines[0]


def _column_key(field: str) -> str:
    if field.startswith("items."):
        return field.rsplit(".", 1)[1]
    return FIELD_COLUMN.get(field, field)


@register
class RecordsImport(ImportKind):
    """Daily records of teams from MES/ERP exports or a team's sheet; a record already there is replaced (its earlier
    state kept as a revision); a record of a locked day is refused (correct it on its page, with a reason)."""

    slug = "value-records"
    label = _lazy("Team daily records")
    description = _lazy(
        "One item per row: date (YYYY-MM-DD), unit code, shift (A–D), hours worked by the shift, item code and "
        "quantity. The rows of one unit, date and shift make one record and give the same hours."
    )
    resource = "value"
    result_url = "value:overview"
    columns = [
        Column("date", _lazy("date"), "日期", Text(20), required=True, aliases=("date",), example="2024-03-05"),
        Column("unit", _lazy("unit"), "班组编码", Text(40), required=True, aliases=("班组", "unit"), example="ZZ-T001"),
        Column("shift", _lazy("shift"), "班次", Text(2), required=True, aliases=("班",), example="A"),
        Column(
            "hours",
            _lazy("hours"),
            "工时",
            Text(20),
            required=True,
            aliases=("hours", "当班工时"),
            help=_lazy("Person-hours of the whole shift: the people on it × the hours each worked (12 × 8 = 96)."),
            example="96",
        ),
        Column("item", _lazy("item"), "项目编码", Text(40), required=True, aliases=("项目", "item"), example="AL"),
        Column("quantity", _lazy("quantity"), "数量", Text(30), required=True, aliases=("quantity",), example="12.5"),
    ]

    def check_rows(self, rows, ctx) -> None:
        state = ctx.state
        catalogue = state.get("catalogue")
        units = {r.values.get("unit", "") for r in rows if not r.errors}
        items = {r.values.get("item", "") for r in rows if not r.errors}
        if catalogue is None:
            # Only the importer's companies' teams are found: another company's code is an unknown team.
            catalogue = state["catalogue"] = Catalogue(units - {""}, items - {""}, actor=ctx.actor)
        else:
            catalogue.extend(units - {""}, items - {""})
        records = state.setdefault("records", {})
        # The records the rows make so far, each with its lines (what the commit writes), in file order.
        merged = state.setdefault("merged", {})
        # A file repeats a few dates, shifts, hours, items and quantities on thousands of rows: a head (unit, date,
        # shift, hours) and a line (item and quantity for a group on a day) found good once are good on every row
        # that repeats them. Anything else goes through check_record, which gives every sentence.
        heads, lines = state.setdefault("good_heads", {}), state.setdefault("good_lines", {})
        checked = []
        for row in rows:
            if row.errors:
                continue
            v = row.values
            head_key = _HEAD_CELLS(v)
            head = heads.get(head_key, _MISSING)
            if head is _MISSING:
                head = heads[head_key] = _good_head(v, catalogue)
            line = None
            if head is not None:
                unit, day, shift, hours = head
                line_key = (*_LINE_CELLS(v), unit.group_id, day, hours == 0)
                line = lines.get(line_key, _MISSING)
                if line is _MISSING:
                    line = lines[line_key] = _good_line(v, catalogue)
            if line is None:
                record, errors = check_record(_raw(v), row.number, catalogue)
                for error in errors:
                    column = self.column(_column_key(error["field"]))
                    row.error(_("%(column)s: %(error)s") % {"column": column.title, "error": error["message"]}, column)
                if record is None:
                    continue
                unit, day, shift, hours, line = record.unit, record.date, record.shift, record.hours, record.lines[0]
            key = (unit.pk, day, shift)
            seen = records.get(key)
            code = line.item.code
            if seen is None:
                records[key] = {"hours": hours, "row": row.number, "items": {code: row.number}}
                target = merged[key] = RecordIn(row.number, unit, day, shift, hours, [line])
            elif seen["hours"] != hours:
                row.error(
                    _(
                        "row %(other)s gives %(unit)s on %(day)s shift %(shift)s %(hours)s hours; one record has one "
                        "number of hours."
                    )
                    % {"other": seen["row"], "unit": unit.code, "day": day, "shift": shift, "hours": seen["hours"]},
                    self.column("hours"),
                )
                continue
            elif code in seen["items"]:
                row.error(
                    _("row %(other)s already gives %(item)s for this unit, date and shift.")
                    % {"other": seen["items"][code], "item": code},
                    self.column("item"),
                )
                continue
            else:
                seen["items"][code] = row.number
                target = merged[key]
                target.lines.append(line)
            row.target = target
            checked.append(row)
        self._against_stored(checked)
        state["to_write"] = state.get("to_write", 0) + len(checked)

    def _against_stored(self, rows) -> None:
        """CREATE or UPDATE per row from the stored records; a stored record of a locked day is refused."""
        if not rows:
            return
        targets = list({id(r.target): r.target for r in rows}.values())  # the rows of a record share its target
        stored = set(
            DailyRecord.objects.filter(
                unit_id__in={t.unit.pk for t in targets}, date__in={t.date for t in targets}
            ).values_list("unit_id", "date", "shift")
        )
        locked = set(
            DayLock.objects.filter(
                group_id__in={t.unit.group_id for t in targets}, date__in={t.date for t in targets}
            ).values_list("group_id", "date")
        )
        actions = {}
        for t in targets:
            exists = t.key in stored
            actions[id(t)] = None if exists and (t.unit.group_id, t.date) in locked else UPDATE if exists else CREATE
        for row in rows:
            action = actions[id(row.target)]
            if action is None:
                t = row.target
                row.error(
                    _("%(unit)s's record of %(day)s shift %(shift)s is locked: correct it on its page, with a reason.")
                    % {"unit": t.unit.code, "day": t.date, "shift": t.shift}
                )
                continue
            row.action = action

    def check_row(self, row, ctx) -> None:
        self.check_rows([row], ctx)

    def commit_all(self, rows, ctx) -> None:
        """Write the records the checked rows make (ctx.state["merged"], built by check_rows at commit, each with
        all its lines) through services.records_write_checked, in one call: the rows were checked against the
        catalogue again when the upload was confirmed, so their cells are not parsed a third time."""
        services.records_write_checked(
            actor=ctx.actor, records=list(ctx.state["merged"].values()), source=Source.IMPORT
        )

    def commit_row(self, row, ctx) -> None:
        """One row at a time (the framework calls commit_all instead): with the last row, every record is written."""
        state = ctx.state
        state["written"] = state.get("written", 0) + 1
        if state["written"] >= state.get("to_write", 0):
            self.commit_all([], ctx)

    def reference_sheets(self, user):
        units = AccountingUnit.objects.restrict(user, "add").select_related("unit", "group")[:REFERENCE_ROWS]
        items = Item.objects.filter(active=True)[:REFERENCE_ROWS]
        return [
            (
                _("Units"),
                [_("Code"), _("Name"), _("Peer group")],
                [[u.unit.code, u.unit.name, u.group.name] for u in units],
            ),
            (
                _("Items"),
                [_("Code"), _("Name"), _("Unit of measure"), _("Kind")],
                [[i.code, i.name, i.unit_of_measure, i.get_kind_display()] for i in items],
            ),
        ]


# ---------------------------------------------------------------- the catalogue (party office)


class _OfficeImport(ImportKind):
    """An import of the value catalogue: for the party office of a whole company only."""

    resource = "value"
    result_url = "value:setup"

    def allowed(self, user) -> bool:
        return super().allowed(user) and bool(services.company_roots(user, "add"))


def _decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(str(text).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@register
class CatalogueImport(_OfficeImport):
    """Items with their unit of measure and a price from a day (产出/投入项目及价格): a code that exists changes the
    item's name and unit of measure; a price starts a price version from its day (earlier days keep theirs)."""

    slug = "value-catalogue"
    label = _lazy("Accounting items and prices")
    description = _lazy(
        "One item per row: code, name, output or input, unit of measure, and optionally a price with the day it holds "
        "from. An item that exists is changed; a price on an existing day replaces that version."
    )
    columns = [
        Column("code", _lazy("code"), "项目编码", Text(40), required=True, aliases=("编码", "item"), example="AL"),
        Column("name", _lazy("name"), "项目名称", Text(100), required=True, aliases=("名称",), example="原铝"),
        Column(
            "kind",
            _lazy("kind"),
            "类别",
            Choice(Item.Kind, {"产出": "output", "投入": "input"}),
            required=True,
            example="产出",
        ),
        Column("unit_of_measure", _lazy("unit of measure"), "计量单位", Text(20), aliases=("单位",), example="t"),
        Column("price", _lazy("price (元)"), "单价(元)", Text(30), aliases=("单价", "价格", "price"), example="15000"),
        Column(
            "effective_from",
            _lazy("effective from"),
            "执行日期",
            Date(),
            aliases=("生效日期",),
            help=_lazy("The day the price holds from; needed with a price."),
            example=dt.date(2024, 1, 1),
        ),
    ]

    def check_row(self, row, ctx) -> None:
        v = row.values
        code = v.get("code")
        if not code:
            return
        seen = ctx.state.setdefault("seen", {})
        if code in seen:
            row.error(_("code “%(code)s” is also in row %(other)s.") % {"code": code, "other": seen[code]})
            return
        seen[code] = row.number
        found = Item.objects.select_related("org").filter(code=code).first()
        if found is not None:
            try:
                services.require_item(ctx.actor, found)
            except DomainError:
                row.error(_("code “%(code)s” is already in use.") % {"code": code}, self.column("code"))
                return
            if v.get("kind") and v["kind"] != found.kind:
                row.error(
                    _("%(item)s is already an item of another kind; the kind of an item does not change.")
                    % {"item": found.name},
                    self.column("kind"),
                )
        price_text = v.get("price") or ""
        if price_text:
            price = _decimal(price_text)
            if price is None or price < 0:
                row.error(_("give a price of zero or more."), self.column("price"))
            elif not v.get("effective_from"):
                row.error(_("give the day the price holds from."), self.column("effective_from"))
            else:
                row.extra["price"] = price
        if found is None:
            row.action = CREATE
        else:
            row.target = found
            same = found.name == v.get("name") and found.unit_of_measure == v.get("unit_of_measure", "")
            row.action = UNCHANGED if same and "price" not in row.extra and found.active else UPDATE

    def commit_row(self, row, ctx) -> None:
        v = row.values
        if row.action == CREATE:
            item = services.item_create(
                actor=ctx.actor,
                code=v["code"],
                name=v["name"],
                kind=v["kind"],
                unit_of_measure=v.get("unit_of_measure", ""),
                sort_order=row.number,
            )
        else:
            item = services.item_update(
                actor=ctx.actor,
                item=row.target,
                name=v["name"],
                unit_of_measure=v.get("unit_of_measure", row.target.unit_of_measure),
                active=True,
            )
        if "price" in row.extra:
            services.price_set(actor=ctx.actor, item=item, effective_from=v["effective_from"], price=row.extra["price"])

    def reference_sheets(self, user):
        from dangjian.value import selectors

        items = selectors.item_list(user=user)[:REFERENCE_ROWS]
        return [
            (
                _("Items"),
                [_("Code"), _("Name"), _("Unit of measure"), _("Kind")],
                [[i.code, i.name, i.unit_of_measure, i.get_kind_display()] for i in items],
            )
        ]


@register
class EnrolmentImport(_OfficeImport):
    """Teams enrolled in peer groups (参加核算的班组): the team or shift crew, its peer group and the party org
    responsible for it. A team enrolled already moves to the group and org given."""

    slug = "value-enrolment"
    label = _lazy("Teams taking part in value accounting")
    description = _lazy(
        "One team per row: the code of the team or shift crew, the code of its peer group and the code of the party "
        "organisation responsible for it (whose people enter the team's days)."
    )
    columns = [
        Column(
            "unit", _lazy("unit code"), "班组编码", Text(40), required=True, aliases=("班组", "unit"), example="T01"
        ),
        Column(
            "group",
            _lazy("peer group code"),
            "对标组编码",
            Text(40),
            required=True,
            aliases=("对标组",),
            example="ELEC",
        ),
        Column(
            "org",
            _lazy("party org code"),
            "责任党组织编码",
            Text(40),
            required=True,
            aliases=("党组织编码",),
            example="B07",
        ),
    ]

    def check_row(self, row, ctx) -> None:
        from dangjian.org import tenancy
        from dangjian.org.models import PartyOrg, Unit

        v = row.values
        if not all(v.get(k) for k in ("unit", "group", "org")):
            return
        seen = ctx.state.setdefault("seen", {})
        if v["unit"] in seen:
            row.error(_("unit “%(code)s” is also in row %(other)s.") % {"code": v["unit"], "other": seen[v["unit"]]})
            return
        seen[v["unit"]] = row.number
        unit = tenancy.units(ctx.actor).filter(code=v["unit"]).first()
        group = PeerGroup.objects.restrict(ctx.actor).filter(code=v["group"]).select_related("org").first()
        roots = [r.path for r in services.company_roots(ctx.actor, "add")]
        org = PartyOrg.objects.filter(tenancy.paths_q(roots), code=v["org"]).first()
        if unit is None:
            row.error(_("there is no unit “%(code)s” in your company.") % {"code": v["unit"]}, self.column("unit"))
        elif unit.kind not in (Unit.Kind.TEAM, Unit.Kind.SHIFT_CREW):
            row.error(_("%(unit)s is not a team or a shift crew.") % {"unit": unit.name}, self.column("unit"))
        if group is None:
            row.error(_("there is no peer group “%(code)s”.") % {"code": v["group"]}, self.column("group"))
        if org is None:
            row.error(
                _("there is no party organisation “%(code)s” in your company.") % {"code": v["org"]}, self.column("org")
            )
        if not row.ok:
            return
        row.extra.update(unit=unit, group=group, org=org)
        found = AccountingUnit._base_manager.filter(unit=unit).first()
        if found is None:
            row.action = CREATE
        elif (found.group_id, found.org_id, found.active) == (group.pk, org.pk, True):
            row.action = UNCHANGED
        else:
            row.action = UPDATE

    def commit_row(self, row, ctx) -> None:
        services.unit_enrol(actor=ctx.actor, unit=row.extra["unit"], group=row.extra["group"], org=row.extra["org"])

    def reference_sheets(self, user):
        from dangjian.value import selectors

        groups = selectors.catalogue_groups(user=user).filter(active=True)[:REFERENCE_ROWS]
        units = selectors.enrollable_units(user=user, limit=REFERENCE_ROWS)
        return [
            (_("Peer groups"), [_("Code"), _("Name")], [[g.code, g.name] for g in groups]),
            (_("Teams not enrolled yet"), [_("Code"), _("Name")], [[u.code, u.name] for u in units]),
        ]
