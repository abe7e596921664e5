"""Party dues (党费): each member's base for a dues year (July–June), the months paid, the reasons a branch noted
for a member not paying, and each branch's month closed and handed up (reconciled). Scoped by the member's branch
(bases, reasons) or the collecting branch (payments, reconciliations)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.affairs.dues.rates import Category
from dangjian.core.scoping import ScopedManager

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


def _own(user) -> Q:
    return Q(person_id=user.person_id) if getattr(user, "person_id", None) else Q(pk__in=[])


class DuesBase(models.Model):
    """党费基数: a member's monthly after-tax fixed pay for one dues year (July to June), with the category and the
    monthly dues it gives under the 2008 rules (rates.py), kept as computed so a later change of rules or category
    does not rewrite what was expected in the past."""

    class Source(models.TextChoices):
        IMPORT = "import", _("payroll import")
        API = "api", _("pushed by payroll (API)")
        PAGE = "page", _("entered on the page")
        CARRIED = "carried", _("carried forward at the July recalculation")

    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    year = models.PositiveSmallIntegerField(_("dues year (from July)"))
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, default=Category.EMPLOYED)
    base = models.DecimalField(_("monthly after-tax fixed pay (元)"), **MONEY)
    rate = models.DecimalField(_("rate"), max_digits=6, decimal_places=4, null=True, blank=True)
    monthly = models.DecimalField(_("monthly dues (元)"), max_digits=10, decimal_places=2)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.PAGE)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "dues_base"
    scope_path_field = "person__branch__path"
    self_q = staticmethod(_own)

    class Meta:
        verbose_name = _("dues base")
        verbose_name_plural = _("dues bases")
        ordering = ["-year", "person__employee_no"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="dues_one_base_a_year")]

    def __str__(self):
        return f"{self.person_id} {self.year}"

    @property
    def rate_percent(self) -> str:
        """The rate as the notice writes it ("1.5%"); empty for the flat 0.2 元."""
        return "" if self.rate is None else f"{(self.rate * 100).normalize():f}%"

    def clean(self):
        super().clean()
        if self.year is not None and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": _("A dues year from 2000 to 2100.")})


class DuesPayment(models.Model):
    """One month's dues paid by a member (党费收缴): the month's expected amount as it stood, what was paid (the
    expected amount, in full), the voluntary extra (自愿多交, kept apart), when and how. The collecting branch is
    kept so the totals up the tree stay as collected after a member moves."""

    class Channel(models.TextChoices):
        CASH = "cash", _("cash")
        BANK = "bank", _("bank transfer")
        WECHAT = "wechat", _("WeChat Pay")
        ALIPAY = "alipay", _("Alipay")
        PAYROLL = "payroll", _("deducted from pay")

    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    branch = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("collecting branch")
    )
    month = models.DateField(_("month"))
    expected = models.DecimalField(_("dues (元)"), **MONEY)
    amount = models.DecimalField(_("paid (元)"), **MONEY)
    extra = models.DecimalField(_("voluntary extra (元)"), default=Decimal("0"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "dues"
    scope_path_field = "branch__path"
    self_q = staticmethod(_own)

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["-month", "person__employee_no"]
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="dues_one_payment_a_month")]
        indexes = [models.Index(fields=["branch", "month"])]

    def __str__(self):
        return f"{self.person_id} {self.month:%Y-%m}"


class ArrearsReason(models.Model):
    """Why a member has not paid (long illness, hardship, abroad …), noted by the branch. A reason noted during a run
    of unpaid months lifts the six-month warning for that run; nothing is ever done to the member automatically."""

    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    noted_on = models.DateField(_("noted on"))
    reason = models.CharField(_("reason"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()
    scope_resource = "dues"
    scope_path_field = "person__branch__path"

    class Meta:
        verbose_name = _("reason for arrears")
        verbose_name_plural = _("reasons for arrears")
        ordering = ["-noted_on", "-id"]

    def __str__(self):
        return self.reason


class Reconciliation(models.Model):
    """A branch's month closed (对账): the totals the secretary confirmed and handed up to the general branch and the
    committee. Once closed, the month's payments of the branch are not changed."""

    org = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("branch"))
    month = models.DateField(_("month"))
    members = models.PositiveIntegerField(_("members"))
    expected = models.DecimalField(_("expected (元)"), **MONEY)
    paid = models.DecimalField(_("paid (元)"), **MONEY)
    extra = models.DecimalField(_("voluntary extra (元)"), **MONEY)
    arrears = models.DecimalField(_("arrears (元)"), **MONEY)
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reconciled_at = models.DateTimeField(_("reconciled"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "dues"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("dues reconciliation")
        verbose_name_plural = _("dues reconciliations")
        ordering = ["-month", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "month"], name="dues_one_reconciliation_a_month")]

    def __str__(self):
        return f"{self.org_id} {self.month:%Y-%m}"
