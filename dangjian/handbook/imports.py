"""Spreadsheet import of responsibility-list duties (core/imports): one duty per row, grouped into lists by
organisation, kind, whose list and year (a list not there yet is created with the row's title). A duty already on
its list with the same text is changed; a new text is added. Each row is written through handbook.services as the
uploader."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, Choice, Column, Date, ImportKind, Ref, Text, register
from dangjian.core.permissions import ADD, CHANGE, VIEW
from dangjian.core.services import is_system
from dangjian.handbook import services
from dangjian.handbook.checks import DutyCheck
from dangjian.handbook.models import DutyItem, DutyKind, DutyList
from dangjian.indicators.imports import Whole
from dangjian.org.imports.common import cannot_import_into, dissolved, may_import, reference_orgs
from dangjian.org.models import PartyOrg, Person


def org_lookup(ctx):
    # Only the orgs the uploader sees: another company's code is unknown, never named back.
    return PartyOrg.objects.all() if is_system(ctx.actor) else PartyOrg.objects.restrict(ctx.actor, VIEW)


def people_lookup(ctx):
    return Person.objects.all() if is_system(ctx.actor) else Person.objects.restrict(ctx.actor, VIEW)


PERSON = Ref(people_lookup, field="employee_no", describe=_lazy("An employee number you may see."))
KIND_ALIASES = {"全面从严治党": "company", "书记": "secretary", "班子成员": "committee", "党员": "member"}
CHECK_ALIASES = {
    "讲党课": "lectures_given",
    "主持会议": "meetings_hosted",
    "参加组织生活": "meetings_attended",
    "按期落实": "actions_done",
    "党员大会": "org_general_assembly",
    "支委会": "org_committee",
    "组织生活会": "org_review",
    "谈心谈话": "org_talk",
}


def _list_key(values) -> tuple:
    holder = values.get("holder")
    return (values["org"].pk, values["kind"], holder.pk if holder else None, values["year"])


@register
class DutyItemsImport(ImportKind):
    slug = "duty-items"
    label = _lazy("Responsibility-list duties")
    description = _lazy(
        "One duty per row of the 三项清单: organisation code, kind of list, whose list (employee number; empty for "
        "the company's list), year, the list's title, the duty, its owner, how the records prove it (optional), how "
        "many times and by when. A list not there yet is created; a duty with the same text on its list is changed."
    )
    resource = "duty"
    result_url = "handbook:duties"
    columns = [
        Column(
            "org",
            _lazy("organisation code"),
            "组织编码",
            Ref(org_lookup, describe=_lazy("The code of a party organisation."), refuse=dissolved),
            required=True,
            example="B07",
        ),
        Column(
            "kind", _lazy("kind of list"), "清单类型", Choice(DutyKind, KIND_ALIASES), required=True, example="书记"
        ),
        Column("holder", _lazy("whose list (employee number)"), "清单人工号", PERSON, example="QN0001"),
        Column("year", _lazy("year"), "年度", Whole(2000, 2100), required=True, example=2025),
        Column("title", _lazy("title"), "清单名称", Text(120), example="2025年书记抓党建责任清单"),
        Column("text", _lazy("duty"), "责任事项", Text(300), required=True, example="每年至少讲一次党课"),
        Column("owner", _lazy("owner (employee number)"), "落实人工号", PERSON, help=_lazy("Empty: whose list it is.")),
        Column(
            "proof",
            _lazy("proved by"),
            "数据核验",
            Choice(DutyCheck, CHECK_ALIASES),
            help=_lazy("Empty: the owner reports it with a note."),
            example="讲党课",
        ),
        Column("target", _lazy("times"), "次数", Whole(1, 100), example=1),
        Column("due_on", _lazy("due"), "完成期限", Date()),
    ]

    def check_rows(self, rows, ctx):
        """The lists and duties the chunk names, in one query each."""
        lists = ctx.cache.setdefault("lists", {})
        orgs = {r.values["org"].pk for r in rows if isinstance(r.values.get("org"), PartyOrg)}
        years = {r.values.get("year") for r in rows if r.values.get("year")}
        if orgs and years:
            found = DutyList.objects.filter(org_id__in=orgs, year__in=years, retired_on=None).prefetch_related("items")
            for duty_list in found:
                lists[(duty_list.org_id, duty_list.kind, duty_list.holder_id, duty_list.year)] = duty_list
        super().check_rows(rows, ctx)

    def check_row(self, row, ctx):
        values = row.values
        org = values.get("org")
        if not isinstance(org, PartyOrg) or not values.get("kind") or not values.get("year"):
            return
        if values["kind"] == DutyKind.COMPANY and values.get("holder"):
            row.error(
                _("The company's list belongs to the organisation: leave whose list empty."), self.column("holder")
            )
        if values["kind"] != DutyKind.COMPANY and not values.get("holder"):
            row.error(_("Name whose list this is."), self.column("holder"))
        if not row.ok:
            return
        key = _list_key(values)
        duty_list = ctx.cache.get("lists", {}).get(key)
        if not may_import(ctx.actor, "duty", CHANGE if duty_list else ADD, org):
            row.error(cannot_import_into(org), self.column("org"))
            return
        seen = ctx.state.setdefault("seen", {})
        if (key, values["text"]) in seen:
            row.error(_("row %(other)s already gives this duty.") % {"other": seen[(key, values["text"])]})
            return
        seen[(key, values["text"])] = row.number
        item = next((i for i in duty_list.items.all() if i.text == values["text"]), None) if duty_list else None
        row.target = item
        if item is None:
            row.action = CREATE
            return
        fields = self.fields(row)
        same = all(getattr(item, k if k != "owner" else "owner_id") == (v.pk if k == "owner" and v else v)
                   for k, v in fields.items())  # fmt: skip
        row.action = UNCHANGED if same else UPDATE

    def fields(self, row) -> dict:
        keys = ("owner", "proof", "target", "due_on")
        out = {k: row.values[k] for k in keys if k in row.values}
        if "target" in out and out["target"] is None:
            out["target"] = 1
        if "proof" in out and out["proof"] is None:
            out["proof"] = ""
        return out

    def commit_row(self, row, ctx):
        values = row.values
        key = _list_key(values)
        lists = ctx.state.setdefault("committed_lists", {})
        duty_list = lists.get(key) or ctx.cache.get("lists", {}).get(key)
        if duty_list is None:
            title = values.get("title") or _("%(year)s %(kind)s") % {
                "year": values["year"],
                "kind": DutyKind(values["kind"]).label,
            }
            duty_list = services.duty_list_save(
                actor=ctx.actor,
                org=values["org"],
                kind=values["kind"],
                holder=values.get("holder"),
                year=values["year"],
                title=title,
            )
        lists[key] = duty_list
        services.duty_item_save(
            actor=ctx.actor, duty_list=duty_list, obj=row.target, text=values["text"], **self.fields(row)
        )

    def reference_sheets(self, user):
        return [reference_orgs(user, "duty")]


__all__ = ["DutyItem"]
