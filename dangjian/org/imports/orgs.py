"""The party-org import (党组织): a code that exists updates the org; a parent may be an org created in a row above,
so a whole new subtree can come in one file."""

from __future__ import annotations

import copy
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.imports import (
    CREATE,
    UNCHANGED,
    UPDATE,
    Choice,
    Column,
    Date,
    ImportKind,
    Pending,
    Ref,
    RefList,
    Text,
    register,
)
from dangjian.core.services import is_system
from dangjian.org import services
from dangjian.org.imports.common import (
    cannot_import_into,
    dissolved,
    may_import,
    org_lookup,
    reference_orgs,
    reference_units,
    retired,
    unchanged,
    unit_lookup,
)
from dangjian.org.models import OrgUnitLink, PartyOrg

ORG_KIND_ZH = {
    "基层党委": "committee",
    "党委": "committee",
    "党总支": "general_branch",
    "总支": "general_branch",
    "党支部": "branch",
    "支部": "branch",
    "党小组": "group",
    "临时党支部": "temporary_branch",
    "联合党支部": "joint_branch",
}

ORG_FIELDS = ("code", "name", "kind", "founded_on", "term_start", "term_end")


@register
class OrgImport(ImportKind):
    """Party organisations (党组织): a code that exists updates the org; a parent may be an org created above."""

    slug = "orgs"
    label = _lazy("Party organisations")
    description = _lazy("Party organisations with their parent, term dates and the production units they cover.")
    resource = "org"
    result_url = "org:tree"
    columns = [
        Column(
            "code", _lazy("code"), "组织编码", Text(40), required=True, aliases=("编码", "党组织编码"), example="B07"
        ),
        Column(
            "name",
            _lazy("name"),
            "组织名称",
            Text(100),
            required=True,
            aliases=("名称", "党组织名称"),
            example="电解二车间党支部",
        ),
        Column(
            "kind",
            _lazy("kind"),
            "组织类别",
            Choice(PartyOrg.Kind, ORG_KIND_ZH),
            required=True,
            aliases=("类别",),
            example="党支部",
        ),
        Column(
            "parent",
            _lazy("parent code"),
            "上级组织编码",
            Ref(
                org_lookup,
                pending_ok=True,
                refuse=dissolved,
                describe=_lazy("An existing code, or the code of an organisation above."),
            ),
            aliases=("上级编码", "parent"),
            help=_lazy(
                "Empty only for the company's party committee itself (created when the company was set up; its row "
                "updates it). An organisation directly under the committee gives the committee's code."
            ),
            example="ROOT",
        ),
        Column("founded_on", _lazy("founded"), "成立日期", Date(), example=dt.date(2018, 7, 1)),
        Column(
            "term_start",
            _lazy("term start"),
            "本届开始日期",
            Date(),
            aliases=("换届日期",),
            example=dt.date(2024, 1, 1),
        ),
        Column(
            "term_end", _lazy("term end"), "本届届满日期", Date(), aliases=("届满日期",), example=dt.date(2027, 1, 1)
        ),
        Column(
            "units",
            _lazy("unit codes"),
            "覆盖单位编码",
            RefList(
                unit_lookup, refuse=retired, describe=_lazy("Codes of production units, separated by 、 or a comma.")
            ),
            aliases=("单位编码", "units"),
            example="W1",
        ),
    ]

    def check_rows(self, rows, ctx):
        orgs = ctx.cache.setdefault("orgs", {})
        wanted = {row.values["code"] for row in rows if row.values.get("code")} - set(orgs)
        for org in PartyOrg.objects.select_related("parent").prefetch_related("unit_links").filter(code__in=wanted):
            orgs[org.code] = org
        super().check_rows(rows, ctx)

    def check_row(self, row, ctx):
        code = row.values.get("code")
        if not code:
            return
        declared = ctx.state.setdefault("declared", {})
        if not self.first_in_file(row, ctx, code):
            return
        cells_ok = row.ok
        parent, parent_known = self._parent(row, declared)
        existing = ctx.cache["orgs"].get(code)
        fields = {k: row.values[k] for k in ORG_FIELDS if k in row.values}
        if existing is None:
            row.action = CREATE
            if parent_known:
                self._check_parent_scope(row, ctx, parent)
            org = PartyOrg(parent=parent, **fields)
        else:
            row.action, row.target = UPDATE, existing
            if not may_import(ctx.actor, "org", "change", existing):
                row.error(cannot_import_into(existing), self.column("code"))
                return
            org = copy.copy(existing)
            for name, value in fields.items():
                setattr(org, name, value)
            if parent is not None and parent.pk != existing.parent_id:
                self._check_parent_scope(row, ctx, parent)
                org.parent = parent
        if row.action == CREATE:
            # Later rows may name this org as their parent; a stand-in id lets the model's rules see it.
            org.pk = -row.number
            declared[code] = org
        if not (cells_ok and parent_known):
            return  # the model's rules would only repeat, less clearly, what is wrong with the cells
        try:
            org.full_clean(exclude=["id", "parent"], validate_unique=False)
        except ValidationError as exc:
            row.validation_errors(exc, self)
        units = row.values.get("units")
        if units == [] and existing is not None and existing.parent_id is None and existing.unit_links.all():
            # An empty cell clears a column's value; for the company committee that would take away every unit.
            row.error(services.company_units_needed(), self.column("units"))
        for unit in units or []:
            try:
                OrgUnitLink(org=org, unit=unit).clean()
            except ValidationError as exc:
                for message in exc.messages:
                    row.error(f"{self.column('units').title} “{unit.code}”: {message}", self.column("units"))
        if row.action == UPDATE and row.ok and org.parent_id == existing.parent_id and unchanged(existing, org):
            if units is None or {u.pk for u in units} == {link.unit_id for link in existing.unit_links.all()}:
                row.action = UNCHANGED

    def _parent(self, row, declared) -> tuple[PartyOrg | None, bool]:
        """The parent org (a stand-in if created by a row above) and whether the code was found at all."""
        parent = row.values.get("parent")
        if not isinstance(parent, Pending):
            return parent, True
        if parent.code in declared:
            return declared[parent.code], True
        row.error(
            _("%(column)s “%(code)s” is neither an existing organisation nor created in a row above.")
            % {"column": self.column("parent").title, "code": parent.code},
            self.column("parent"),
        )
        return None, False

    def _check_parent_scope(self, row, ctx, parent) -> None:
        if parent is None:
            if not is_system(ctx.actor):
                # A root org is a new company: `manage.py init_company` creates it, never an import.
                row.error(
                    _(
                        "give the parent organisation's code (your company committee's code for an organisation "
                        "directly under it); only the company committee itself has no parent."
                    ),
                    self.column("parent"),
                )
        elif parent.pk > 0 and not may_import(ctx.actor, "org", "add", parent):
            row.error(cannot_import_into(parent), self.column("parent"))

    def commit_row(self, row, ctx):
        created = ctx.state.setdefault("created", {})
        parent = row.values.get("parent")
        if isinstance(parent, Pending):
            parent = created[parent.code]
        fields = {k: row.values[k] for k in ORG_FIELDS if k in row.values}
        if row.action == CREATE:
            org = services.org_create(actor=ctx.actor, parent=parent, **fields)
            created[org.code] = org
        else:
            org = services.org_update(actor=ctx.actor, org=row.target, parent=parent, **fields)
        if "units" in row.values:
            services.org_set_units(actor=ctx.actor, org=org, units=row.values["units"])

    def reference_sheets(self, user):
        return [reference_orgs(user, "org"), reference_units(user)]
