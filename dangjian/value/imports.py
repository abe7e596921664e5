"""The daily-records import (班组核算数据): long format, one item of one record per row — date, unit, shift, hours,
item, quantity. The rows of one unit + date + shift make one record (their hours must agree). Every row is checked
(codes, the group's items, a price on the date, numbers, repeats, locked days); the file is written through
services.records_write in one transaction, exactly as the push API would write the same records."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.imports import CREATE, UPDATE, Column, ImportKind, Text, register
from dangjian.value import services
from dangjian.value.checking import Catalogue, check_record
from dangjian.value.models import AccountingUnit, DailyRecord, DayLock, Item
from dangjian.value.models.records import Source

FIELD_COLUMN = {"unit": "unit", "date": "date", "shift": "shift", "hours": "hours", "items": "item"}
REFERENCE_ROWS = 2000


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
        Column("hours", _lazy("hours"), "工时", Text(20), required=True, aliases=("hours",), example="96"),
        Column("item", _lazy("item"), "项目编码", Text(40), required=True, aliases=("项目", "item"), example="AL"),
        Column("quantity", _lazy("quantity"), "数量", Text(30), required=True, aliases=("quantity",), example="12.5"),
    ]

    def check_rows(self, rows, ctx) -> None:
        state = ctx.state
        catalogue = state.get("catalogue")
        units = {r.values.get("unit", "") for r in rows if r.ok}
        items = {r.values.get("item", "") for r in rows if r.ok}
        if catalogue is None:
            # Only the importer's companies' teams are found: another company's code is an unknown team.
            catalogue = state["catalogue"] = Catalogue(units - {""}, items - {""}, actor=ctx.actor)
        else:
            catalogue.extend(units - {""}, items - {""})
        records = state.setdefault("records", {})
        checked = []
        for row in rows:
            if not row.ok:
                continue
            v = row.values
            raw = {
                "unit": v["unit"],
                "date": v["date"],
                "shift": v["shift"],
                "hours": v["hours"],
                "items": [{"item": v["item"], "quantity": v["quantity"]}],
            }
            record, errors = check_record(raw, row.number, catalogue)
            for error in errors:
                column = self.column(_column_key(error["field"]))
                row.error(_("%(column)s: %(error)s") % {"column": column.title, "error": error["message"]}, column)
            if record is None:
                continue
            line = record.lines[0]
            seen = records.get(record.key)
            if seen is None:
                records[record.key] = {"hours": record.hours, "row": row.number, "items": {line.item.code: row.number}}
            elif seen["hours"] != record.hours:
                row.error(
                    _(
                        "row %(other)s gives %(unit)s on %(day)s shift %(shift)s %(hours)s hours; one record has one "
                        "number of hours."
                    )
                    % {
                        "other": seen["row"],
                        "unit": record.unit.code,
                        "day": record.date,
                        "shift": record.shift,
                        "hours": seen["hours"],
                    },
                    self.column("hours"),
                )
                continue
            elif line.item.code in seen["items"]:
                row.error(
                    _("row %(other)s already gives %(item)s for this unit, date and shift.")
                    % {"other": seen["items"][line.item.code], "item": line.item.code},
                    self.column("item"),
                )
                continue
            else:
                seen["items"][line.item.code] = row.number
            row.target = record
            checked.append(row)
        self._against_stored(checked)
        state["to_write"] = state.get("to_write", 0) + len(checked)

    def _against_stored(self, rows) -> None:
        """CREATE or UPDATE per row from the stored records; a stored record of a locked day is refused."""
        if not rows:
            return
        targets = [r.target for r in rows]
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
        for row in rows:
            t = row.target
            exists = t.key in stored
            if exists and (t.unit.group_id, t.date) in locked:
                row.error(
                    _("%(unit)s's record of %(day)s shift %(shift)s is locked: correct it on its page, with a reason.")
                    % {"unit": t.unit.code, "day": t.date, "shift": t.shift}
                )
                continue
            row.action = UPDATE if exists else CREATE

    def check_row(self, row, ctx) -> None:
        self.check_rows([row], ctx)

    def commit_row(self, row, ctx) -> None:
        state = ctx.state
        buffer = state.setdefault("buffer", {})
        t = row.target
        record = buffer.setdefault(
            t.key, {"unit": t.unit.code, "date": t.date, "shift": t.shift, "hours": t.hours, "items": []}
        )
        line = t.lines[0]
        record["items"].append({"item": line.item.code, "quantity": line.quantity})
        state["written"] = state.get("written", 0) + 1
        if state["written"] >= state.get("to_write", 0):
            rows = list(buffer.values())
            for start in range(0, len(rows), services.MAX_BATCH):
                services.records_write(
                    actor=ctx.actor, rows=rows[start : start + services.MAX_BATCH], source=Source.IMPORT
                )

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
