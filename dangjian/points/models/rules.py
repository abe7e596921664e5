"""The points rule catalogue (积分规则) of a company: what earns or costs points, how many, how often at most."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.permissions import VIEW
from dangjian.core.scoping import ScopedQuerySet, scope_for


class RuleQuerySet(ScopedQuerySet):
    def restrict(self, user, action: str = VIEW):
        """The catalogue is read by everyone in the company (a grant anywhere under its root reaches the company's
        rules); changing it needs the grant over the company itself."""
        if action != VIEW:
            return super().restrict(user, action)
        scope = scope_for(user, self.model.scope_resource, action)
        if scope.everywhere:
            return self
        roots = {f"/{p.strip('/').split('/')[0]}/" for p in scope.paths}
        return self.filter(company__path__in=roots)


class Category(models.TextChoices):
    BASIC = "basic", _("Basic points")
    MERIT = "merit", _("Merit points")
    DEDUCTION = "deduction", _("Deduction")


class CapPeriod(models.TextChoices):
    MONTH = "month", _("per month")
    QUARTER = "quarter", _("per quarter")
    YEAR = "year", _("per year")


class Source(models.TextChoices):
    """Facts other capabilities record once, which then give points by themselves (最多报一次)."""

    MEETING_ATTENDANCE = "meeting_attendance", _("Meeting attendance")
    MEETING_ABSENCE = "meeting_absence", _("Meeting absence")
    PROJECT_ROLE = "project_role", _("Role in an accepted 党建+X project")
    SERVICE_REQUEST_RESOLVED = "service_request_resolved", _("Employee request resolved")
    WINNING_TEAM = "winning_team", _("Member of a winning team")
    CHALLENGE_COMPLETED = "challenge_completed", _("Open challenge completed (揭榜挂帅)")
    DRILL_ATTENDANCE = "drill_attendance", _("Drill or member lecture attended (课后练兵、党员课堂)")


# The 2023 and 2026 anti-formalism rules ban points or rankings for logging in, time online, likes, shares and
# check-ins. A rule is refused if its automatic source or its wording names one of these.
BANNED_SOURCES = frozenset({"login", "online_time", "like", "share", "check_in", "checkin", "sign_in", "forward"})
BANNED_WORDS = re.compile(
    r"登录|登陆|在线时长|在线时间|点赞|转发|分享|签到|打卡|阅读时长|学习时长|刷课|"
    r"\blog ?in\b|\bsign ?in\b|\bonline time\b|\blikes?\b|\bshares?\b|\bcheck-?ins?\b",
    re.IGNORECASE,
)


def banned_reason(*texts: str) -> str | None:
    """The banned word found in `texts`, or None."""
    for text in texts:
        found = BANNED_WORDS.search(text or "")
        if found:
            return found.group(0)
    return None


class PointsRule(models.Model):
    """One version of a rule in a company's catalogue, e.g. ORG_LIFE 参加组织生活 +1, at most 30 a year.

    A rule is never edited once it has been used: a change is a new version (same code, version + 1) valid from a
    date, and the previous version ends the day before. `company` is the root party org whose subtree the rule serves.
    """

    company = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="points_rules", verbose_name=_("company")
    )
    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2, help_text=_("Negative for a deduction."))
    cap = models.DecimalField(
        _("cap"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The most points (or deductions) one person can get from this rule in one period; empty: no cap."),
    )
    cap_period = models.CharField(_("cap period"), max_length=10, choices=CapPeriod.choices, default=CapPeriod.YEAR)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    approval_required = models.BooleanField(_("approval required"), default=True)
    source = models.CharField(_("automatic source"), max_length=40, choices=Source.choices, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = models.Manager.from_queryset(RuleQuerySet)()
    scope_resource = "points_rule"
    scope_path_field = "company__path"

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        ordering = ["company", "category", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["company", "code", "version"], name="points_rule_version"),
            models.CheckConstraint(condition=Q(cap__isnull=True) | Q(cap__gt=0), name="points_rule_cap_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        errors = {}
        word = banned_reason(self.name, self.description, self.code)
        if self.source in BANNED_SOURCES or word:
            errors["source" if self.source in BANNED_SOURCES else "name"] = _(
                "Points cannot be given for logging in, time online, likes, shares or check-ins (“%(word)s”): the "
                "2023 and 2026 rules against formalism forbid scoring such activity. Score the work done instead."
            ) % {"word": word or self.source}
        if self.points is not None:
            if self.points == 0:
                errors["points"] = _("A rule gives or takes at least some points.")
            elif self.category == Category.DEDUCTION and self.points > 0:
                errors["points"] = _("A deduction takes points: give a negative number.")
            elif self.category in (Category.BASIC, Category.MERIT) and self.points < 0:
                errors["points"] = _("Only a deduction takes points away.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("A rule cannot end before it starts.")
        if errors:
            raise ValidationError(errors)

    def valid_on(self, day) -> bool:
        return self.active and self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)
