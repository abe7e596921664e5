"""Assessment templates (考核细则): a year's categories → items for one org's branches, each item with its maximum
points, scoring guide, frequency, whether evidence is required, and where its number comes from (typed by hand, or
an automatic metric with a rule turning the 0–1 rate into points). The template also holds the dual-assessment
weights (党建 × production) and the performance-pay rule (绩效挂钩: a coefficient by rank band)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.assessment import metrics
from dangjian.assessment.models.scope import UpAndDownQuerySet

POINTS = {"max_digits": 7, "decimal_places": 2}
RATE = {"max_digits": 6, "decimal_places": 4}
ZERO, ONE = Decimal(0), Decimal(1)


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")


def parse_bands(text: str) -> list[tuple[int, Decimal]]:
    """ "3:1.2, 10:1.0, *:0.9" → [(3, 1.2), (10, 1.0), (0, 0.9)]: ranks up to 3 get 1.2, up to 10 get 1.0, the rest
    0.9 (0 stands for "any rank"). Raises ValueError on a malformed band."""
    bands = []
    for part in [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]:
        rank, _sep, coefficient = part.partition(":")
        rank = rank.strip()
        value = Decimal(coefficient.strip())
        if value < 0:
            raise ValueError(part)
        bands.append((0 if rank == "*" else int(rank), value))
    return bands


def parse_thresholds(text: str) -> list[tuple[Decimal, Decimal]]:
    """ "0.95:1, 0.8:0.6" → [(0.95, 1), (0.8, 0.6)]: a rate at or above 0.95 earns all the points, at or above 0.8
    earns 60 % of them, below that none. Highest first. Raises ValueError on a malformed threshold."""
    pairs = []
    for part in [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]:
        rate, _sep, share = part.partition(":")
        try:
            pair = (Decimal(rate.strip()), Decimal(share.strip()))
        except InvalidOperation:
            raise ValueError(part) from None
        if not (ZERO <= pair[0] <= ONE and ZERO <= pair[1] <= ONE):
            raise ValueError(part)
        pairs.append(pair)
    return sorted(pairs, reverse=True)


class Template(models.Model):
    """The assessment rules of one org (usually the company committee) for one year."""

    class PayScope(models.TextChoices):
        COMMITTEE = "committee", _("The branch committee (支委)")
        MEMBERS = "members", _("Every party member of the branch")
        EVERYONE = "everyone", _("Everyone in the branch")

    org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="assessment_templates", verbose_name=_("organisation")
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    name = models.CharField(_("name"), max_length=200)
    party_weight = models.DecimalField(
        _("weight of the party-work score"), default=Decimal("0.5"), max_digits=4, decimal_places=2
    )
    production_weight = models.DecimalField(
        _("weight of the production score"), default=Decimal("0.5"), max_digits=4, decimal_places=2
    )
    pay_scope = models.CharField(
        _("who the pay coefficient applies to"), max_length=20, choices=PayScope.choices, default=PayScope.COMMITTEE
    )
    pay_bands = models.CharField(
        _("pay coefficient by rank"),
        max_length=200,
        default="1:1.20, 3:1.10, 10:1.00, *:0.90",
        help_text=_("rank:coefficient pairs, best ranks first; * is every other rank, e.g. 1:1.2, 3:1.1, *:0.9"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = models.Manager.from_queryset(UpAndDownQuerySet)()
    scope_resource = "assessment"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("assessment template")
        verbose_name_plural = _("assessment templates")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="assessment_template_org_year")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.party_weight is not None and self.production_weight is not None:
            if self.party_weight < 0 or self.production_weight < 0 or self.party_weight + self.production_weight != 1:
                raise ValidationError({"production_weight": _("The two weights are shares that add up to 1.")})
        try:
            parse_bands(self.pay_bands or "")
        except (ValueError, InvalidOperation):
            raise ValidationError(
                {"pay_bands": _("Write the bands as rank:coefficient pairs, e.g. 1:1.2, 3:1.1, *:0.9.")}
            ) from None

    def coefficient(self, rank: int | None) -> Decimal | None:
        """The pay coefficient for a rank: the first band whose rank limit reaches it (None without a rank)."""
        if rank is None:
            return None
        for limit, value in parse_bands(self.pay_bands):
            if limit == 0 or rank <= limit:
                return value
        return None


class Category(models.Model):
    """A class of items (考核类别), e.g. 组织建设. A retired category (`active` false) and its items are no longer
    assessed in the months opened after; the months already opened keep them."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="categories")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("assessment category")
        verbose_name_plural = _("assessment categories")
        ordering = ["template", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["template", "name"], name="assessment_category_name")]

    def __str__(self):
        return self.name


class Item(models.Model):
    """One assessment item (考核项). `source` is blank for an item scored by hand, or the code of an automatic metric
    (metrics.py); the rule turns the metric's 0–1 rate into points: linear between `zero_at` (no points) and
    `full_at` (all points), or thresholds ("0.95:1, 0.8:0.6"). The months it is scored in follow its frequency
    (`applies_in`). A retired item (`active` false) is not assessed in the months opened after."""

    class Rule(models.TextChoices):
        LINEAR = "linear", _("Linear between two rates")
        THRESHOLDS = "thresholds", _("Thresholds")

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="items")
    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=300)
    max_points = models.DecimalField(_("maximum points"), validators=[MinValueValidator(Decimal("0.01"))], **POINTS)
    guide = models.TextField(_("scoring guide"), blank=True)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    source = models.CharField(_("data source"), max_length=40, blank=True, help_text=_("Blank: scored by hand."))
    rule = models.CharField(_("rule"), max_length=12, choices=Rule.choices, default=Rule.LINEAR)
    zero_at = models.DecimalField(_("no points at or below (rate)"), default=ZERO, **RATE)
    full_at = models.DecimalField(_("all points from (rate)"), default=ONE, **RATE)
    thresholds = models.CharField(_("thresholds"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["template", "category__order", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="assessment_item_code")]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def automatic(self) -> bool:
        return bool(self.source)

    def clean(self):
        super().clean()
        errors = {}
        if self.source and self.source not in metrics.KNOWN:
            errors["source"] = _("“%(source)s” is not a data source; leave it blank for an item scored by hand.") % {
                "source": self.source
            }
        if self.zero_at is not None and self.full_at is not None and not ZERO <= self.zero_at < self.full_at <= ONE:
            errors["full_at"] = _("The rates lie between 0 and 1, the no-points rate below the all-points rate.")
        try:
            parsed = parse_thresholds(self.thresholds or "")
        except (ValueError, InvalidOperation):
            errors["thresholds"] = _("Write thresholds as rate:share pairs between 0 and 1, e.g. 0.95:1, 0.8:0.6.")
        else:
            if self.source and self.rule == self.Rule.THRESHOLDS and not parsed:
                errors["thresholds"] = _("Give at least one threshold.")
        if errors:
            raise ValidationError(errors)

    def applies_in(self, month: int) -> bool:
        """Is the item scored in this month (1–12)? Quarterly items at quarter ends, annual ones in December."""
        if self.frequency == Frequency.QUARTERLY:
            return month % 3 == 0
        if self.frequency == Frequency.ANNUAL:
            return month == 12
        return True

    def months(self) -> list[int]:
        """The months (1–12) the item is scored in."""
        return [month for month in range(1, 13) if self.applies_in(month)]
