"""The Excel import of an outside catalogue (core/imports): a list of paper records with their box numbers — org
code, year, category (code or name), title, date, box number, keywords. Written through `services.item_paper` as
the uploader, all rows or none; a row naming a record already catalogued (same org, year, category, title and box)
is left unchanged."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.archive import services
from dangjian.archive.models import Category, Item
from dangjian.core.imports import CREATE, UNCHANGED, CellError, Column, ImportKind, Ref, register
from dangjian.core.imports.columns import Date, Parser, Text, as_text
from dangjian.core.permissions import ADD, VIEW
from dangjian.core.scoping import can_at
from dangjian.core.services import is_system
from dangjian.org.models import PartyOrg


def orgs_lookup(ctx):
    return PartyOrg.objects.all() if is_system(ctx.actor) else PartyOrg.objects.restrict(ctx.actor, VIEW)


class Year(Parser):
    def parse(self, value, *, column, ctx):
        text = as_text(value)
        if not text.isdigit() or not 2000 <= int(text) <= 2100:
            raise CellError(
                _("%(column)s “%(value)s” is not a year from 2000 to 2100.")
                % {"column": column.title, "value": text[:20]}
            )
        return int(text)

    def describe(self):
        return _("A year, e.g. 2025.")


@register
class PaperCatalogueImport(ImportKind):
    slug = "archive-paper"
    label = _lazy("Archive: paper records")
    description = _lazy(
        "One paper record per row: the organisation's code, the year, the category (its code or name), the title, "
        "the date and the box (档案盒) it is kept in. A record already catalogued is left as it is."
    )
    resource = "archive"
    result_url = "archive:index"
    columns = [
        Column(
            "org",
            _lazy("organisation code"),
            "组织代码",
            Ref(orgs_lookup, describe=_lazy("The code of an organisation you may add records to.")),
            required=True,
            example="QN-DJ1",
        ),
        Column("year", _lazy("year"), "年度", Year(), required=True, example="2024"),
        Column(
            "category", _lazy("category"), "类别", Text(50), required=True, aliases=("类别代码",), example="组织生活"
        ),
        Column("title", _lazy("title"), "题名", Text(200), required=True, example="2024年第一季度支部党员大会记录"),
        Column("day", _lazy("date"), "日期", Date(), example="2024-03-28"),
        Column("box_no", _lazy("box number"), "盒号", Text(30), aliases=("档案盒号",), example="2024-LIFE-01"),
        Column("text", _lazy("keywords"), "关键词", Text(500), aliases=("摘要",)),
    ]

    def _category(self, org: PartyOrg, name: str, ctx) -> Category | None:
        company_pk = int(org.path.strip("/").split("/", 1)[0])
        cache = ctx.state.setdefault("categories", {})
        if company_pk not in cache:
            cache[company_pk] = {
                key: c
                for c in Category.objects.filter(company_id=company_pk, active=True)
                for key in (c.code.upper(), c.name)
            }
        return cache[company_pk].get(name.strip()) or cache[company_pk].get(name.strip().upper())

    def check_row(self, row, ctx):
        org, name = row.values.get("org"), row.values.get("category")
        if not isinstance(org, PartyOrg) or not name:
            return
        if not is_system(ctx.actor) and not can_at(ctx.actor, "archive", ADD, org):
            row.error(_("You may not add records to this organisation's archive."), self.column("org"))
            return
        category = self._category(org, name, ctx)
        if category is None:
            row.error(_("No category “%(name)s” in use.") % {"name": name[:50]}, self.column("category"))
            return
        row.values["category"] = category
        if not row.ok:
            return
        found = Item.objects.filter(
            org=org,
            year=row.values["year"],
            category=category,
            kind=Item.Kind.PAPER,
            title=row.values["title"],
            box_no=row.values.get("box_no") or "",
        ).first()
        row.target = found
        row.action = UNCHANGED if found else CREATE

    def commit_row(self, row, ctx):
        values = row.values
        services.item_paper(
            actor=ctx.actor,
            org=values["org"],
            category=values["category"],
            year=values["year"],
            title=values["title"],
            day=values.get("day"),
            box_no=values.get("box_no") or "",
            text=values.get("text") or "",
        )
