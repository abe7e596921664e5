"""The accounting catalogue (卓越行动): peer groups, items with versioned prices, and the accounting units.

Scope: the value accounting of a company is public inside that company (the ranking board hangs on the shop floor),
so viewing reaches every unit under the root of any org the user holds the "value" grant over; writing (entering a
team's day, correcting it) is scoped to the subtree of the party org responsible for the unit.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.permissions import EXPORT, VIEW
from dangjian.core.scoping import ScopedQuerySet, scope_for
from dangjian.org import tenancy

PRICE_DIGITS, PRICE_PLACES = 20, 6
MONEY_DIGITS, MONEY_PLACES = 20, 4
QTY_DIGITS, QTY_PLACES = 20, 6
HOURS_DIGITS, HOURS_PLACES = 10, 2
# Reads that are public inside a company; every other action is scoped to the responsible org's subtree.
COMPANY_WIDE = frozenset({VIEW, EXPORT})


# '/7/12/40/' → '/7/': the company committee a path belongs to (the company boundary, decided in one place).
root_path = tenancy.root_path


class ValueQuerySet(ScopedQuerySet):
    """`restrict(user, action)` for value accounting: reads company-wide, writes in the responsible org's subtree."""

    def restrict(self, user, action: str = VIEW):
        scope = scope_for(user, "value", action)
        if scope.everywhere:
            return self
        paths = scope.paths
        if action in COMPANY_WIDE:
            paths = sorted({root_path(p) for p in paths})
        if not paths:
            return self.none()
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(**{f"{self.model.scope_path_field}__startswith": path})
        return self.filter(q)


ValueManager = models.Manager.from_queryset(ValueQuerySet)


class Metric(models.TextChoices):
    """What a ranking orders by."""

    VALUE_PER_HOUR = "value_per_hour", _("value per hour")
    VALUE = "value", _("value created")
    IMPROVEMENT = "improvement", _("improvement on own 30-day baseline")


class PeerGroup(models.Model):
    """Comparable teams ranked against each other (e.g. all electrolysis shift crews), with the items they account
    for and the monthly assessment rule: `top_points` gives the points of ranks 1, 2, 3 … ("10,8,6")."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="value_groups", verbose_name=_("party organisation")
    )
    metric = models.CharField(
        _("assessment metric"), max_length=20, choices=Metric.choices, default=Metric.VALUE_PER_HOUR
    )
    top_points = models.CharField(
        _("points for the top ranks"),
        max_length=100,
        default="10,8,6",
        help_text=_("Points of ranks 1, 2, 3 … in the monthly assessment, separated by commas."),
    )
    target_value_per_hour = models.DecimalField(
        _("target value per hour (元)"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, null=True, blank=True
    )
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = ValueManager()
    scope_resource = "value"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    def points_table(self) -> list[Decimal]:
        return [Decimal(p.strip()) for p in self.top_points.split(",") if p.strip()]

    def clean(self):
        super().clean()
        try:
            points = self.points_table()
        except ArithmeticError:
            raise ValidationError({"top_points": _("Give numbers separated by commas, e.g. 10,8,6.")}) from None
        if any(p < 0 for p in points):
            raise ValidationError({"top_points": _("Points cannot be negative.")})


class Item(models.Model):
    """An output (原铝 t, 合格阳极块) valued at its internal price, or an input (电 kWh, 氧化铝 t …) at its standard
    price. Labour is not an item: value added is before labour, as in amoeba accounting."""

    class Kind(models.TextChoices):
        OUTPUT = "output", _("output")
        INPUT = "input", _("input")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # The company (its root org) whose party office keeps the item and its prices; empty on an item set up before
    # items had a company (the migration gives every item used by a peer group the company of that group).
    org = models.ForeignKey(
        "org.PartyOrg",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="value_items",
        verbose_name=_("company"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("accounting item")
        verbose_name_plural = _("accounting items")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return f"{self.name} ({self.unit_of_measure})" if self.unit_of_measure else self.name

    @property
    def sign(self) -> int:
        return 1 if self.kind == self.Kind.OUTPUT else -1


class ItemPrice(models.Model):
    """The price of an item from `effective_from` until the next version's date (元 per unit of measure)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="prices", verbose_name=_("item"))
    effective_from = models.DateField(_("effective from"))
    price = models.DecimalField(_("price (元)"), max_digits=PRICE_DIGITS, decimal_places=PRICE_PLACES)
    set_at = models.DateTimeField(_("set"), auto_now_add=True)

    class Meta:
        verbose_name = _("item price")
        verbose_name_plural = _("item prices")
        ordering = ["item", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["item", "effective_from"], name="value_price_key")]

    def __str__(self):
        return f"{self.item_id} {self.effective_from} {self.price}"

    def clean(self):
        super().clean()
        if self.price is not None and self.price < 0:
            raise ValidationError({"price": _("A price cannot be negative.")})


class GroupItem(models.Model):
    """An item a peer group accounts for (prefilled on the daily entry), with its target per hour worked."""

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="items", verbose_name=_("peer group"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="groups", verbose_name=_("item"))
    target_per_hour = models.DecimalField(
        _("target per hour"), max_digits=QTY_DIGITS, decimal_places=QTY_PLACES, null=True, blank=True
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("peer group item")
        verbose_name_plural = _("peer group items")
        ordering = ["group", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "item"], name="value_group_item_key")]

    def __str__(self):
        return f"{self.group_id} {self.item_id}"


class AccountingUnit(models.Model):
    """A team or shift crew (价值创造核算单元) taking part: its production unit, its peer group, and the party org
    responsible for it (the branch on its line or the party group on its crew) — whose subtree may enter its days."""

    unit = models.OneToOneField(
        "org.Unit", on_delete=models.PROTECT, related_name="accounting", verbose_name=_("production unit")
    )
    group = models.ForeignKey(PeerGroup, on_delete=models.PROTECT, related_name="units", verbose_name=_("peer group"))
    org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="accounting_units", verbose_name=_("responsible org")
    )
    active = models.BooleanField(_("active"), default=True)
    # The first shift day whose record is due: the day the team was enrolled (or enrolled again). Blank for teams
    # that took part before this was kept: their days are due from the company's go-live date, as before.
    since = models.DateField(_("taking part since"), null=True, blank=True)

    objects = ValueManager()
    scope_resource = "value"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("accounting unit")
        verbose_name_plural = _("accounting units")
        ordering = ["group", "unit__path"]

    def __str__(self):
        return self.unit.name

    @property
    def code(self) -> str:
        return self.unit.code

    def clean(self):
        super().clean()
        from dangjian.org.models import Unit

        if self.unit_id and self.unit.kind not in (Unit.Kind.TEAM, Unit.Kind.SHIFT_CREW):
            raise ValidationError({"unit": _("An accounting unit is a team or a shift crew.")})
