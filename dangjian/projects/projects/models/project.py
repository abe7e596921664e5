"""The 党建+X project itself, its people and the history of its lifecycle moves."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager


class Domain(models.TextChoices):
    """The X of 党建+X: the production theme a project takes on."""

    SAFETY_ENV = "safety_env", _("Safety and environment")
    PRODUCTION = "production", _("Production efficiency")
    COST = "cost", _("Cost reduction")
    INNOVATION = "innovation", _("Technology and innovation")
    WORKFORCE = "workforce", _("Workforce building")
    REFORM = "reform", _("Reform and development")
    HARMONY = "harmony", _("Harmonious enterprise")
    CUSTOM = "custom", _("Other")


class State(models.TextChoices):
    """立项 → 报批 → 实施 → 检查 → 验收 → 评比; the allowed moves live in projects/lifecycle.py."""

    PROPOSED = "proposed", _("Proposed")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    IN_PROGRESS = "in_progress", _("In progress")
    INSPECTED = "inspected", _("Inspected")
    ACCEPTED = "accepted", _("Accepted")
    RATED = "rated", _("Rated")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class Project(models.Model):
    """A party-building project fused with a production theme (党建+X 项目), owned by one party org.

    The plan (goals, measures, sub-plans, tasks, rules revised) hangs off it; `state` only changes through
    `services.project_transition`, which also writes a ProjectTransition and an audit row."""

    owner = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="projects", verbose_name=_("party organisation")
    )
    code = models.CharField(_("code"), max_length=40, unique=True, help_text=_("For example QNDL-2022-017."))
    title = models.CharField(_("title"), max_length=200)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices, db_index=True)
    custom_domain = models.CharField(_("other domain"), max_length=60, blank=True)
    # The plan year the project is filed under; the period itself may span years.
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    secretary = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects_responsible",
        verbose_name=_("responsible secretary"),
    )
    members = models.ManyToManyField(
        "org.Person", through="projects.ProjectMember", related_name="projects", blank=True, verbose_name=_("members")
    )
    problem = models.TextField(_("problem taken on"), blank=True)
    rationale = models.TextField(_("why this project"), blank=True)
    highlights = models.TextField(_("highlights"), blank=True)
    results_summary = models.TextField(_("results"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PROPOSED, db_index=True)
    state_changed_at = models.DateTimeField(_("state changed"), default=timezone.now)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()
    scope_resource = "project"
    scope_path_field = "owner__path"

    class Meta:
        verbose_name = _("党建+X project")
        verbose_name_plural = _("党建+X projects")
        ordering = ["-year", "code"]
        indexes = [
            models.Index(fields=["year", "domain"], name="project_year_domain"),
            models.Index(fields=["owner", "year"], name="project_owner_year"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def domain_label(self) -> str:
        return self.custom_domain if self.domain == Domain.CUSTOM and self.custom_domain else self.get_domain_display()

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The project cannot end before it starts.")})
        if self.domain == Domain.CUSTOM and not self.custom_domain.strip():
            raise ValidationError({"custom_domain": _("Name the domain when you choose “Other”.")})
        if self.domain != Domain.CUSTOM:
            self.custom_domain = ""
        period = (self.starts_on, self.ends_on)
        if all(period) and self.year and not (self.starts_on.year <= self.year <= self.ends_on.year):
            raise ValidationError({"year": _("The plan year must fall within the project's period.")})


class ProjectMember(models.Model):
    """A person working on a project: its leader(s) and members."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        MEMBER = "member", _("Member")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="project_memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    scope_resource = "project"
    scope_path_field = "project__owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        ordering = ["project", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="project_member_unique")]

    def __str__(self):
        return f"{self.project.code} {self.person} {self.get_role_display()}"


class ProjectTransition(models.Model):
    """One lifecycle move of a project (who moved it from which state to which, when, and why). Never edited."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    scope_resource = "project"
    scope_path_field = "project__owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("project transition")
        verbose_name_plural = _("project history")
        ordering = ["project", "at", "id"]

    def __str__(self):
        return f"{self.project.code} {self.from_state} → {self.to_state}"
