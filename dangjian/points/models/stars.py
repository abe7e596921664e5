"""Member stars (星级党员, 1–5 a year) and branch stars (星级党支部, 三星/四星/五星 a year)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager


class Appraisal(models.TextChoices):
    """The result of the annual democratic appraisal of members (民主评议党员)."""

    EXCELLENT = "excellent", _("Excellent")
    QUALIFIED = "qualified", _("Qualified")
    BASIC = "basic", _("Basically qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


class StarPolicy(models.Model):
    """A company's rule for member stars: the annual points a star needs, what the appraisal allows, and the vetoes.

    Stars = the highest level whose threshold the year's approved points reach, then capped: five stars need an
    excellent appraisal; a basically-qualified appraisal allows at most `basic_cap`; an unqualified one or a
    disciplinary sanction in the year (veto items) allow at most `veto_cap`."""

    company = models.OneToOneField(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="star_policy", verbose_name=_("company")
    )
    two_stars = models.DecimalField(_("points for 2 stars"), max_digits=8, decimal_places=2, default=Decimal(60))
    three_stars = models.DecimalField(_("points for 3 stars"), max_digits=8, decimal_places=2, default=Decimal(80))
    four_stars = models.DecimalField(_("points for 4 stars"), max_digits=8, decimal_places=2, default=Decimal(100))
    five_stars = models.DecimalField(_("points for 5 stars"), max_digits=8, decimal_places=2, default=Decimal(120))
    five_needs_excellent = models.BooleanField(_("5 stars need an excellent appraisal"), default=True)
    basic_cap = models.PositiveSmallIntegerField(_("most stars when basically qualified"), default=2)
    veto_cap = models.PositiveSmallIntegerField(_("most stars with a veto item"), default=1)

    objects = ScopedManager()
    scope_resource = "stars"
    scope_path_field = "company__path"

    class Meta:
        verbose_name = _("star policy")
        verbose_name_plural = _("star policies")

    def __str__(self):
        return str(self.company)

    def clean(self):
        super().clean()
        levels = [self.two_stars, self.three_stars, self.four_stars, self.five_stars]
        if None not in levels and levels != sorted(levels):
            raise ValidationError(_("Each star level needs at least as many points as the one below."))
        if not 1 <= (self.veto_cap or 0) <= 5 or not 1 <= (self.basic_cap or 0) <= 5:
            raise ValidationError(_("A cap on stars is between 1 and 5."))


class AppraisalInput(models.Model):
    """The year's inputs for one person's stars besides points: the democratic appraisal result and veto items
    (a disciplinary sanction). Entered by the branch or imported; changing it recomputes the person's stars."""

    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="appraisals", verbose_name=_("person")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    appraisal = models.CharField(_("democratic appraisal"), max_length=12, choices=Appraisal.choices)
    sanctioned = models.BooleanField(_("disciplinary sanction in the year"), default=False)
    veto_note = models.CharField(_("veto item"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope_resource = "stars"
    scope_path_field = "person__branch__path"
    scope_kind_fields = {"group": "person__group__path"}

    class Meta:
        verbose_name = _("appraisal result")
        verbose_name_plural = _("appraisal results")
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="points_appraisal_person_year")]

    def __str__(self):
        return f"{self.person_id} {self.year} {self.get_appraisal_display()}"

    @staticmethod
    def self_q(user) -> Q:
        return Q(person_id=user.person_id) if getattr(user, "person_id", None) else Q(pk__in=[])


class MemberStar(models.Model):
    """One computation of a person's stars for a year. Every change adds a row (history); `current` marks the one
    in force, so the distribution reads one row per person."""

    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="stars", verbose_name=_("person"))
    year = models.PositiveSmallIntegerField(_("year"))
    stars = models.PositiveSmallIntegerField(_("stars"))
    points_total = models.DecimalField(_("points"), max_digits=9, decimal_places=2)
    appraisal = models.CharField(_("democratic appraisal"), max_length=12, choices=Appraisal.choices, blank=True)
    explanation = models.CharField(_("how it was rated"), max_length=300)
    current = models.BooleanField(_("current"), default=True)
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "stars"
    scope_path_field = "person__branch__path"
    scope_kind_fields = {"group": "person__group__path"}

    class Meta:
        verbose_name = _("member stars")
        verbose_name_plural = _("member stars")
        ordering = ["-year", "-computed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"], condition=Q(current=True), name="points_member_star_current"
            ),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="points_member_star_range"),
        ]
        indexes = [models.Index(fields=["year", "current"], name="points_star_year_current")]

    def __str__(self):
        return f"{self.person_id} {self.year} {self.stars}★"

    @staticmethod
    def self_q(user) -> Q:
        return Q(person_id=user.person_id) if getattr(user, "person_id", None) else Q(pk__in=[])


# The standard 100-point criteria for branch stars (星级党支部), after the seeds' 标准化党支部 practice, and the
# standard veto items: what a company's first year starts from until 党群工作部 sets its own.
DEFAULT_CRITERIA = [
    ("班子建设坚强有力", 15),
    ("组织生活规范（三会一课、主题党日）", 20),
    ("党员队伍管理（积分、星级党员）", 15),
    ("党建+X项目与中心工作融合", 20),
    ("示范岗位作用发挥（责任区、先锋岗、攻坚小组）", 15),
    ("我为群众办实事", 10),
    ("基础资料与阵地建设", 5),
]
DEFAULT_VETOES = "发生较大及以上安全环保事故\n班子成员受到党纪政务处分\n发生群体性事件或重大负面舆情"


class BranchTemplate(models.Model):
    """A company's criteria for branch stars (星级党支部): items worth 100 points in all, the pass mark of each tier,
    and veto items (any one of them and the branch gets no star that year)."""

    company = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="branch_templates", verbose_name=_("company")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    three_star_mark = models.DecimalField(_("pass mark for 三星"), max_digits=5, decimal_places=1, default=75)
    four_star_mark = models.DecimalField(_("pass mark for 四星"), max_digits=5, decimal_places=1, default=85)
    five_star_mark = models.DecimalField(_("pass mark for 五星"), max_digits=5, decimal_places=1, default=95)
    vetoes = models.TextField(_("veto items"), blank=True, help_text=_("One per line."))

    objects = ScopedManager()
    scope_resource = "stars"
    scope_path_field = "company__path"

    class Meta:
        verbose_name = _("branch star criteria")
        verbose_name_plural = _("branch star criteria")
        constraints = [models.UniqueConstraint(fields=["company", "year"], name="points_branch_template_year")]

    def __str__(self):
        return f"{self.company} {self.year}"

    @property
    def veto_list(self) -> list[str]:
        return [line.strip() for line in self.vetoes.splitlines() if line.strip()]


class BranchCriterion(models.Model):
    """One item of the branch criteria, e.g. 组织生活规范 (20 points)."""

    template = models.ForeignKey(BranchTemplate, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=100)
    max_points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["template", "sort_order", "id"]

    def __str__(self):
        return self.name


class BranchRating(models.Model):
    """A branch's stars for a year (三星/四星/五星 or none), from its criteria scores and the veto items found.
    Rated afresh each year, so a branch can go down."""

    org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="star_ratings", verbose_name=_("branch")
    )
    template = models.ForeignKey(BranchTemplate, on_delete=models.PROTECT, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    scores = models.JSONField(_("scores"), default=dict, help_text=_("criterion id → points"))
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=1)
    vetoes_found = models.TextField(_("veto items found"), blank=True)
    stars = models.PositiveSmallIntegerField(_("stars"), default=0, help_text=_("3, 4, 5 or 0 for none"))
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    rated_at = models.DateTimeField(_("rated"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "stars"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("branch star rating")
        verbose_name_plural = _("branch star ratings")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="points_branch_rating_year")]

    def __str__(self):
        return f"{self.org_id} {self.year} {self.stars}"
