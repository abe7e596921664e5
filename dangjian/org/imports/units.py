"""The production-unit import (生产单位): a code that exists updates the unit; a parent may be a unit created in a row
above, so a whole unit tree can come in one file. An empty parent is a top-level unit of the uploader's company (the
company itself or another plant beside it), which only the company's party office may create."""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dangjian.core.errors import NotPermitted
from dangjian.core.imports import CREATE, UNCHANGED, UPDATE, Choice, Column, ImportKind, Pending, Ref, Text, register
from dangjian.core.imports.columns import Parser
from dangjian.core.scoping import can_anywhere
from dangjian.core.services import is_system
from dangjian.org import services, tenancy
from dangjian.org.imports.common import reference_orgs, reference_units, retired, unchanged, unit_lookup
from dangjian.org.models import Unit

UNIT_KIND_ZH = {
    "公司": "company",
    "分公司": "division",
    "分厂": "division",
    "厂": "division",
    "车间": "workshop",
    "作业区": "workshop",
    "班组": "team",
    "班": "team",
    "横大班": "shift_crew",
}
UNIT_FIELDS = ("code", "name", "kind", "sort_order")


class Order(Parser):
    """A sort order: a whole number from 0."""

    blank = 0

    def parse(self, value, *, column, ctx):
        from dangjian.core.imports.columns import CellError, as_text

        text = as_text(value)
        try:
            number = int(text)
        except ValueError:
            number = -1
        if number < 0:
            raise CellError(_("%(column)s must be a whole number from 0.") % {"column": column.title})
        return number

    def describe(self):
        return _("A whole number from 0; smaller numbers come first.")


@register
class UnitImport(ImportKind):
    """Production units (生产单位): a code that exists updates the unit; a parent may be a unit created above."""

    slug = "units"
    label = _lazy("Production units")
    description = _lazy("The production structure: company, divisions, workshops, teams and shift crews, with parents.")
    resource = "unit"
    result_url = "org:units"
    columns = [
        Column("code", _lazy("code"), "单位编码", Text(40), required=True, aliases=("编码",), example="W1"),
        Column("name", _lazy("name"), "单位名称", Text(100), required=True, aliases=("名称",), example="电解一车间"),
        Column(
            "kind",
            _lazy("kind"),
            "单位类别",
            Choice(Unit.Kind, UNIT_KIND_ZH),
            required=True,
            aliases=("类别", "层级"),
            example="车间",
        ),
        Column(
            "parent",
            _lazy("parent code"),
            "上级单位编码",
            Ref(
                unit_lookup,
                pending_ok=True,
                refuse=retired,
                describe=_lazy("An existing code, or the code of a unit above."),
            ),
            aliases=("上级编码", "parent"),
            help=_lazy(
                "Empty for a top-level unit of your company (the company itself, or a plant beside it; company "
                "party office only)."
            ),
            example="C1",
        ),
        Column("sort_order", _lazy("order"), "排序", Order(), aliases=("顺序",), example=1),
    ]

    def check_rows(self, rows, ctx):
        units = ctx.cache.setdefault("units", {})
        wanted = {row.values["code"] for row in rows if row.values.get("code")} - set(units)
        # Existence is checked everywhere: a code held by another company must not become a second unit.
        for unit in Unit._base_manager.select_related("parent").filter(code__in=wanted):
            units[unit.code] = unit
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
        existing = ctx.cache["units"].get(code)
        fields = {k: row.values[k] for k in UNIT_FIELDS if k in row.values}
        if existing is not None and not tenancy.in_company(ctx.actor, existing):
            row.error(_("code “%(code)s” is already used by another unit.") % {"code": code}, self.column("code"))
            return
        if existing is None:
            row.action = CREATE
            if not self._may(ctx.actor, "add"):
                row.error(_("you may not add production units."), self.column("code"))
            elif parent_known and parent is None:
                self._check_top(row, ctx)
            unit = Unit(parent=parent, **fields)
            unit.pk = -row.number  # a stand-in id, so later rows may name it as their parent
            declared[code] = unit
        else:
            row.action, row.target = UPDATE, existing
            if not self._may(ctx.actor, "change"):
                row.error(_("you may not change production units."), self.column("code"))
                return
            if parent_known and "parent" in row.values and (parent.pk if parent else None) != existing.parent_id:
                row.error(
                    _("units are not moved by import: the parent of “%(code)s” is %(parent)s.")
                    % {"code": code, "parent": existing.parent.code if existing.parent_id else "—"},
                    self.column("parent"),
                )
                return
            unit = copy.copy(existing)
            for name, value in fields.items():
                setattr(unit, name, value)
        if not (cells_ok and parent_known):
            return
        try:
            unit.full_clean(exclude=["id", "parent", "path", "depth"], validate_unique=False)
        except ValidationError as exc:
            row.validation_errors(exc, self)
        if row.action == UPDATE and row.ok and unchanged(existing, unit):
            row.action = UNCHANGED

    def _may(self, actor, action: str) -> bool:
        return is_system(actor) or (can_anywhere(actor, "unit", action) and can_anywhere(actor, "unit", "import"))

    def _check_top(self, row, ctx) -> None:
        try:
            services.top_unit_company(ctx.actor, None)
        except NotPermitted:
            row.error(_("give the parent unit's code."), self.column("parent"))
        except Exception as exc:  # InvalidInput: several companies
            row.error(getattr(exc, "message", str(exc)), self.column("parent"))

    def _parent(self, row, declared) -> tuple[Unit | None, bool]:
        parent = row.values.get("parent")
        if not isinstance(parent, Pending):
            return parent, True
        if parent.code in declared:
            return declared[parent.code], True
        row.error(
            _("%(column)s “%(code)s” is neither an existing unit nor created in a row above.")
            % {"column": self.column("parent").title, "code": parent.code},
            self.column("parent"),
        )
        return None, False

    def commit_row(self, row, ctx):
        created = ctx.state.setdefault("created", {})
        parent = row.values.get("parent")
        if isinstance(parent, Pending):
            parent = created[parent.code]
        fields = {k: row.values[k] for k in UNIT_FIELDS if k in row.values}
        if row.action == CREATE:
            unit = services.unit_create(actor=ctx.actor, parent=parent, **fields)
            created[unit.code] = unit
            # The actor's company units were read before this unit existed: a top-level one joins them now.
            for name in ("_tenancy_unit_paths", "_tenancy_write_paths"):
                ctx.actor.__dict__.pop(name, None)
        else:
            services.unit_update(actor=ctx.actor, unit=row.target, **fields)

    def reference_sheets(self, user):
        return [reference_units(user), reference_orgs(user, "org")]
