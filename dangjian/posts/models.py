"""Demonstration posts (党员示范岗位): responsibility zones, pioneer posts, task forces, pairings with their
check-ins, and open challenges (揭榜挂帅) with their applications. Each belongs to a party org and is scoped by its
subtree (the "post" grant)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.permissions import VIEW
from dangjian.core.scoping import ScopedManager, ScopedQuerySet, scope_for


class Post(models.Model):
    """What every demonstration post has: the org it belongs to, a name, dates, and who recorded it."""

    org = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("party org"))
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "post"
    scope_path_field = "org__path"

    class Meta:
        abstract = True
        ordering = ["org__path", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A post cannot end before it starts.")})

    def active_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class ResponsibilityZone(Post):
    """党员责任区: an area of the plant (e.g. 电解三车间 1–40 号槽) that members answer for, with goals."""

    area = models.CharField(_("area"), max_length=200)
    goals = models.TextField(_("goals"), blank=True)
    leader = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("leader")
    )
    members = models.ManyToManyField("org.Person", related_name="zones", blank=True, verbose_name=_("members"))

    class Meta(Post.Meta):
        verbose_name = _("responsibility zone")
        verbose_name_plural = _("responsibility zones")


class PioneerPost(Post):
    """党员先锋岗: a post held by one member for a period, e.g. 整流所值班长先锋岗."""

    holder = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="pioneer_posts", verbose_name=_("holder")
    )
    duties = models.TextField(_("commitments"), blank=True)

    class Meta(Post.Meta):
        verbose_name = _("pioneer post")
        verbose_name_plural = _("pioneer posts")


class TaskForce(Post):
    """党员攻坚小组: members taking on one production problem, optionally as part of a 党建+X project."""

    problem = models.TextField(_("problem taken on"))
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="task_forces",
        verbose_name=_("党建+X project"),
    )
    leader = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("leader")
    )
    members = models.ManyToManyField("org.Person", related_name="task_forces", blank=True, verbose_name=_("members"))

    class Meta(Post.Meta):
        verbose_name = _("task force")
        verbose_name_plural = _("task forces")


class Pairing(Post):
    """结对帮扶: a member paired with a colleague (a new hire, a worker with difficulties, an activist) with goals;
    progress is kept as check-ins. `name` says what the pairing is for."""

    member = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="pairings_led", verbose_name=_("party member")
    )
    colleague = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="pairings_helped", verbose_name=_("colleague")
    )
    goals = models.TextField(_("goals"), blank=True)

    class Meta(Post.Meta):
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")

    def clean(self):
        super().clean()
        if self.member_id and self.member_id == self.colleague_id:
            raise ValidationError({"colleague": _("A member is paired with someone else.")})
        if self.member_id and not self.member.is_party_member:
            raise ValidationError({"member": _("The first of a pairing is a party member.")})


class PairingCheckIn(models.Model):
    """One progress note of a pairing (a talk, a lesson, help given). It records work; it gives no points."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="check_ins")
    on = models.DateField(_("date"))
    note = models.CharField(_("what was done"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("pairing check-in")
        verbose_name_plural = _("pairing check-ins")
        ordering = ["pairing", "-on", "-id"]

    def __str__(self):
        return f"{self.pairing_id} {self.on}"


def _ancestors(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return [f"/{'/'.join(parts[:n])}/" for n in range(1, len(parts))]


class ChallengeQuerySet(ScopedQuerySet):
    def restrict(self, user, action: str = VIEW):
        """A challenge posted above you is open to you too (a company's 揭榜挂帅 is read in every branch); changing
        it needs the grant over its org."""
        if action != VIEW:
            return super().restrict(user, action)
        scope = scope_for(user, self.model.scope_resource, action)
        if scope.everywhere:
            return self
        q = Q(pk__in=[])
        for path in scope.paths:
            q |= Q(org__path__startswith=path) | Q(org__path__in=_ancestors(path))
        return self.filter(q)


class OpenChallenge(models.Model):
    """揭榜挂帅: a problem posted with a reward; people or teams apply, one is appointed, and an accepted result
    gives each of the appointed team the reward points (through points.auto_award, source challenge_completed)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for applications")
        APPOINTED = "appointed", _("Appointed")
        ACCEPTED = "accepted", _("Result accepted")
        CANCELLED = "cancelled", _("Cancelled")

    org = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("party org"))
    title = models.CharField(_("title"), max_length=150)
    problem = models.TextField(_("problem"))
    reward = models.CharField(_("reward"), max_length=200, blank=True)
    reward_points = models.DecimalField(
        _("reward points"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: the points rule's own."),
    )
    deadline = models.DateField(_("applications until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    appointed = models.ForeignKey(
        "posts.ChallengeApplication",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("appointed"),
    )
    result = models.TextField(_("result"), blank=True)
    accepted_on = models.DateField(_("accepted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = models.Manager.from_queryset(ChallengeQuerySet)()
    scope_resource = "post"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("open challenge")
        verbose_name_plural = _("open challenges")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class ChallengeApplication(models.Model):
    """An application to an open challenge: one person, or a team led by them, with a plan."""

    challenge = models.ForeignKey(OpenChallenge, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("applicant"))
    team_name = models.CharField(_("team"), max_length=100, blank=True)
    members = models.ManyToManyField("org.Person", related_name="+", blank=True, verbose_name=_("team members"))
    plan = models.TextField(_("plan"))
    created_at = models.DateTimeField(_("applied"), default=timezone.now)

    class Meta:
        verbose_name = _("challenge application")
        verbose_name_plural = _("challenge applications")
        ordering = ["challenge", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["challenge", "applicant"], name="posts_one_application_each")]

    def __str__(self):
        return self.team_name or str(self.applicant_id)
