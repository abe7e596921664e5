"""Spreadsheet imports (core/imports): a forum session's presenters, and the news columns. Each row is written
through the services as the uploader; a row naming what is there already changes it."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, Column, ImportKind, Ref, Text, register
from dangjian.core.permissions import CHANGE, VIEW
from dangjian.core.services import is_system
from dangjian.org.imports.common import dissolved, reference_orgs
from dangjian.org.models import PartyOrg
from dangjian.projects.projects.imports import people_lookup
from dangjian.projects.projects.models import Project
from dangjian.publicity import services
from dangjian.publicity.models import Column as NewsColumn
from dangjian.publicity.models import ForumSession, ForumState, Presentation


def org_lookup(ctx):
    return PartyOrg.objects.all() if is_system(ctx.actor) else PartyOrg.objects.restrict(ctx.actor, VIEW)


def project_lookup(ctx):
    return Project.objects.all() if is_system(ctx.actor) else Project.objects.restrict(ctx.actor, VIEW)


ORG = Ref(
    org_lookup, describe=_lazy("The code of a party organisation (see the sheet of organisations)."), refuse=dissolved
)


def _may(actor, resource: str, org) -> bool:
    from dangjian.core.scoping import can_at

    return is_system(actor) or can_at(actor, resource, CHANGE, org)


@register
class PresentersImport(ImportKind):
    """A session's presenters, one per row: the host org's code and the session's code name the session; the
    presenter's employee number names the presentation (the same person again changes it)."""

    slug = "forum-presenters"
    label = _lazy("Forum presenters")
    description = _lazy(
        "One presenter of a forum session per row: the host organisation's code and the session's code, the "
        "presenter's employee number, the title of what they show, a summary, the order, and the 党建+X project code "
        "or the drill session (its date and topic) it is linked to (optional). The same presenter again changes "
        "their row."
    )
    resource = "forum"
    result_url = "publicity:forums"
    columns = [
        Column("org", _lazy("host organisation code"), "主办组织编码", ORG, required=True, example="QNDL"),
        Column("session", _lazy("session code"), "论坛场次编码", Text(40), required=True, example="LT-2025-1"),
        Column(
            "presenter",
            _lazy("presenter (employee number)"),
            "发布人工号",
            Ref(people_lookup, field="employee_no", describe=_lazy("An employee number you may see.")),
            required=True,
            example="QN0001",
        ),
        Column("title", _lazy("title"), "发布题目", Text(150), required=True, example="支部建在生产线上的实践"),
        Column("summary", _lazy("what was shown"), "成果简介", Text(5000)),
        Column("order", _lazy("order"), "顺序", Text(4), example="1"),
        Column(
            "project",
            _lazy("党建+X project code"),
            "项目编号",
            Ref(project_lookup, describe=_lazy("The code of a 党建+X project you may see.")),
            help=_lazy("Empty: not linked to a project."),
        ),
        Column(
            "drill",
            _lazy("drill session (date and topic)"),
            "课后练兵",
            Text(170),
            example="2025-05-20 槽况判断练兵",
            help=_lazy("The date and topic of a drill session you may see, as the ranking export writes them."),
        ),
    ]

    def check_row(self, row, ctx):
        org, code, presenter = row.values.get("org"), row.values.get("session"), row.values.get("presenter")
        if not isinstance(org, PartyOrg) or not code or presenter is None:
            return
        sessions = ctx.cache.setdefault("sessions", {})
        if (org.pk, code) not in sessions:
            sessions[(org.pk, code)] = ForumSession.objects.filter(org=org, code=code).select_related("org").first()
        session = sessions[(org.pk, code)]
        if session is None:
            row.error(
                _("%(org)s has no forum session “%(code)s”.") % {"org": org, "code": code}, self.column("session")
            )
            return
        if not _may(ctx.actor, "forum", org):
            row.error(_("You cannot change the forum sessions of %(org)s.") % {"org": org}, self.column("org"))
            return
        if session.state == ForumState.CLOSED:
            row.error(_("The vote of this session is closed; its presenters stay as they were."))
            return
        order = (row.values.get("order") or "0").strip()
        if not order.isdigit():
            row.error(_("The order is a whole number."), self.column("order"))
            return
        key = (session.pk, presenter.pk)
        seen = ctx.state.setdefault("seen", {})
        if key in seen:
            row.error(_("row %(other)s already names this presenter.") % {"other": seen[key]})
            return
        seen[key] = row.number
        row.values["order"] = int(order)
        if not self._drill(row, ctx):
            return
        target = Presentation.objects.filter(session=session, presenter=presenter).first()
        row.target = target
        fields = self.fields(row)
        if target is None:
            row.action = CREATE
        elif all(getattr(target, k) == v for k, v in fields.items()):
            row.action = UNCHANGED
        else:
            row.action = UPDATE

    def fields(self, row) -> dict:
        keys = ("presenter", "title", "summary", "order", "project", "drill")
        return {k: row.values.get(k) if k != "summary" else (row.values.get(k) or "") for k in keys if k in row.values}

    def _drill(self, row, ctx) -> bool:
        """The drill cell ("2025-05-20 槽况判断练兵") as the drill session the uploader sees; False on a row error."""
        from dangjian.talent.models import Drill

        text = (row.values.get("drill") or "").strip()
        if "drill" not in row.values:
            return True
        row.values["drill"] = None
        if not text:
            return True
        day, _sep, topic = text.partition(" ")
        try:
            held_on = dt.date.fromisoformat(day)
        except ValueError:
            held_on = None
        rows = Drill.objects.all() if is_system(ctx.actor) else Drill.objects.restrict(ctx.actor, VIEW)
        found = list(rows.filter(held_on=held_on, topic=topic.strip()).select_related("org")[:2]) if held_on else []
        if len(found) != 1:
            row.error(_("No single drill session “%(text)s” that you may see.") % {"text": text}, self.column("drill"))
            return False
        if row.values.get("project") is not None:
            message = _("Link the result to one project, challenge or drill session, not more.")
            row.error(message, self.column("drill"))
            return False
        row.values["drill"] = found[0]
        return True

    def commit_row(self, row, ctx):
        org, code = row.values["org"], row.values["session"]
        session = ctx.cache.get("sessions", {}).get((org.pk, code)) or ForumSession.objects.get(org=org, code=code)
        services.presentation_save(actor=ctx.actor, session=session, obj=row.target, **self.fields(row))

    def reference_sheets(self, user):
        return [reference_orgs(user, "forum")]


@register
class ColumnsImport(ImportKind):
    """The news columns (专栏), one per row: the org's code and the column's name (the same name again changes it)."""

    slug = "news-columns"
    label = _lazy("News columns")
    description = _lazy(
        "One news column (专栏) per row: the organisation's code, the column's name, a description and the order. "
        "An organisation code and name already there change that column."
    )
    resource = "column"
    result_url = "publicity:columns"
    columns = [
        Column("org", _lazy("organisation code"), "组织编码", ORG, required=True, example="QNDL"),
        Column("name", _lazy("name"), "专栏名称", Text(60), required=True, example="基层动态"),
        Column("description", _lazy("description"), "说明", Text(300)),
        Column("order", _lazy("order"), "顺序", Text(4), example="1"),
    ]

    def check_row(self, row, ctx):
        org, name = row.values.get("org"), row.values.get("name")
        if not isinstance(org, PartyOrg) or not name:
            return
        if not _may(ctx.actor, "column", org):
            row.error(_("You cannot keep the columns of %(org)s.") % {"org": org}, self.column("org"))
            return
        order = (row.values.get("order") or "0").strip()
        if not order.isdigit():
            row.error(_("The order is a whole number."), self.column("order"))
            return
        if not self.first_in_file(row, ctx, f"{org.pk}:{name}"):
            return
        row.values["order"] = int(order)
        row.values["description"] = row.values.get("description") or ""
        row.target = NewsColumn.objects.filter(org=org, name=name).first()
        fields = {k: row.values[k] for k in ("name", "description", "order")}
        if row.target is None:
            row.action = CREATE
        elif all(getattr(row.target, k) == v for k, v in fields.items()):
            row.action = UNCHANGED
        else:
            row.action = UPDATE

    def commit_row(self, row, ctx):
        services.column_save(
            actor=ctx.actor,
            org=row.values["org"],
            obj=row.target,
            **{k: row.values[k] for k in ("name", "description", "order")},
        )

    def reference_sheets(self, user):
        return [reference_orgs(user, "column")]
