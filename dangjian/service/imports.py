"""The holiday-calendar import (节假日安排): one date per row — date, kind (节假日 or 调休上班) and name — as the State
Council's notice lists them, for the years the standard calendar does not hold yet or for a company's own rest days.
A date already marked is replaced when its kind or name differs and left alone otherwise; every row is written
through services.calendar_day_save, as the settings page marks a date."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, Choice, Column, Date, ImportKind, Text, register
from dangjian.core.permissions import CHANGE, IMPORT
from dangjian.core.scoping import can_anywhere
from dangjian.core.services import is_system
from dangjian.service import services
from dangjian.service.models import CalendarDay

KIND_ZH = {
    "节假日": "holiday",
    "法定节假日": "holiday",
    "放假": "holiday",
    "休": "holiday",
    "调休上班": "workday",
    "调休上班日": "workday",
    "补班": "workday",
    "上班": "workday",
    "班": "workday",
}


@register
class CalendarDaysImport(ImportKind):
    """Holidays and make-up working days (调休) of the working calendar the service deadlines count with."""

    slug = "calendar-days"
    label = _lazy("Holiday calendar")
    description = _lazy(
        "One date per row: the date, whether it is a holiday or a make-up working day (调休上班, on a Saturday or "
        "Sunday), and the holiday's name. A date already marked is replaced."
    )
    resource = "service_settings"
    result_url = "service:settings"
    columns = [
        Column("day", _lazy("date"), "日期", Date(), required=True, aliases=("date",), example=dt.date(2025, 10, 1)),
        Column(
            "kind",
            _lazy("kind"),
            "类型",
            Choice(CalendarDay.Kind, KIND_ZH),
            required=True,
            aliases=("类别", "kind"),
            help=_lazy("A holiday rests even on a weekday; a make-up working day works on a Saturday or Sunday."),
            example="节假日",
        ),
        Column("name", _lazy("name"), "名称", Text(50), aliases=("节日", "name"), example="国庆节"),
    ]

    def allowed(self, user) -> bool:
        """The calendar is 党群工作部's, as on the settings page."""
        if is_system(user):
            return True
        return (
            can_anywhere(user, "import", "add")
            and can_anywhere(user, self.resource, CHANGE)
            and can_anywhere(user, self.resource, IMPORT)
        )

    def check_rows(self, rows, ctx):
        marked = ctx.cache.setdefault("marked", {})
        wanted = {row.values["day"] for row in rows if row.values.get("day")} - set(marked)
        for found in CalendarDay.objects.filter(day__in=wanted):
            marked[found.day] = found
        super().check_rows(rows, ctx)

    def check_row(self, row, ctx):
        day = row.values.get("day")
        if day is None or not row.ok:
            return
        seen = ctx.state.setdefault("seen", {})
        if day in seen:
            row.error(
                _("%(day)s is also in row %(other)s.") % {"day": day, "other": seen[day]},
                self.column("day"),
            )
            return
        seen[day] = row.number
        kind, name = row.values["kind"], row.values.get("name", "")
        try:
            CalendarDay(day=day, kind=kind, name=name).full_clean(validate_unique=False)
        except ValidationError as exc:
            row.validation_errors(exc, self)
            return
        existing = ctx.cache["marked"].get(day)
        if existing is None:
            row.action = CREATE
        elif (existing.kind, existing.name) == (kind, name) or ("name" not in row.values and existing.kind == kind):
            row.action = UNCHANGED
        else:
            row.action, row.target = UPDATE, existing

    def commit_row(self, row, ctx):
        day = row.values["day"]
        name = row.values["name"] if "name" in row.values else (row.target.name if row.target else "")
        services.calendar_day_save(actor=ctx.actor, day=day, kind=row.values["kind"], name=name)
