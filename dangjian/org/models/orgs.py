from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models import TreeNode
from dangjian.core.scoping import ScopedManager, ScopedQuerySet, can_anywhere


class PartyOrg(TreeNode):
    """A party organisation (党组织): committee, general branch, branch, party group, temporary or joint branch."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Party committee")
        GENERAL_BRANCH = "general_branch", _("General branch")
        BRANCH = "branch", _("Branch")
        GROUP = "group", _("Party group")
        TEMPORARY_BRANCH = "temporary_branch", _("Temporary branch")
        JOINT_BRANCH = "joint_branch", _("Joint branch")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        DISSOLVED = "dissolved", _("dissolved")

    # Kinds whose members are counted directly (branch-like orgs hold members; groups sit inside a branch).
    BRANCH_KINDS = (Kind.BRANCH, Kind.TEMPORARY_BRANCH, Kind.JOINT_BRANCH)
    # Term length in years, for 换届 reminders (基层党委 5 years; 总支 and 支部 3 years).
    TERM_YEARS = {
        Kind.COMMITTEE: 5,
        Kind.GENERAL_BRANCH: 3,
        Kind.BRANCH: 3,
        Kind.TEMPORARY_BRANCH: 3,
        Kind.JOINT_BRANCH: 3,
    }

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    founded_on = models.DateField(_("founded"), null=True, blank=True)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    dissolved_on = models.DateField(_("dissolved"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    # Only a company's root org has one (dangjian/org/tenancy.go_live): the day the company started using the system.
    # Compliance, reviews and assessments count from it, never before: a branch founded in 2015 owes no meeting
    # for the years before the system existed.
    go_live = models.DateField(
        _("go-live date"),
        null=True,
        blank=True,
        help_text=_("The day the company started to use the system; nothing is counted as due before it."),
    )
    units = models.ManyToManyField("org.Unit", through="org.OrgUnitLink", related_name="orgs", blank=True)

    objects = ScopedManager()
    scope_resource = "org"
    scope_path_field = "path"

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})
        if self.status == self.Status.DISSOLVED and not self.dissolved_on:
            raise ValidationError({"dissolved_on": _("Give the date the organisation was dissolved.")})
        if self.parent_id and self.parent.kind == self.Kind.GROUP:
            raise ValidationError({"parent": _("A party group cannot contain other organisations.")})
        if self.kind == self.Kind.GROUP and self.parent_id and self.parent.kind not in self.BRANCH_KINDS:
            raise ValidationError({"parent": _("A party group must sit inside a branch.")})

    @property
    def is_branch(self) -> bool:
        return self.kind in self.BRANCH_KINDS


class UnitQuerySet(ScopedQuerySet):
    def restrict(self, user, action: str = "view"):
        """The production structure of the user's companies: whoever holds a unit grant anywhere in a company reaches
        that company's whole unit tree, and never another company's (see dangjian/org/tenancy.py)."""
        from dangjian.org import tenancy

        if not can_anywhere(user, "unit", action):
            return self.none()
        return self.filter(tenancy.unit_q(user))


class Unit(TreeNode):
    """A production unit (生产单位): company, division, workshop, team or shift crew (横大班)."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        DIVISION = "division", _("Division")
        WORKSHOP = "workshop", _("Workshop")
        TEAM = "team", _("Team")
        SHIFT_CREW = "shift_crew", _("Shift crew")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    objects = models.Manager.from_queryset(UnitQuerySet)()
    scope_resource = "unit"
    scope_path_field = "path"

    class Meta:
        verbose_name = _("production unit")
        verbose_name_plural = _("production units")
        ordering = ["path"]

    def __str__(self):
        return self.name


class OrgUnitLink(models.Model):
    """支部建在生产线上 / 党小组设在横大班上: which production units a party org covers."""

    org = models.ForeignKey(
        PartyOrg, on_delete=models.CASCADE, related_name="unit_links", verbose_name=_("party organisation")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="org_links", verbose_name=_("production unit")
    )

    class Meta:
        verbose_name = _("coverage")
        verbose_name_plural = _("coverage")
        constraints = [models.UniqueConstraint(fields=["org", "unit"], name="org_unit_link_unique")]

    def __str__(self):
        return f"{self.org} → {self.unit}"

    def clean(self):
        if self.org.kind == PartyOrg.Kind.GROUP and self.unit.kind != Unit.Kind.SHIFT_CREW:
            raise ValidationError({"unit": _("A party group covers a shift crew.")})


class CommitteeSeat(models.Model):
    """A seat on an org's committee (支委会/党委): secretary, deputy secretary, or a committee officer."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
        ORGANISATION_OFFICER = "organisation_officer", _("Organisation officer")
        PUBLICITY_OFFICER = "publicity_officer", _("Publicity officer")
        DISCIPLINE_OFFICER = "discipline_officer", _("Discipline officer")
        MEMBER = "member", _("Committee member")

    org = models.ForeignKey(
        PartyOrg, on_delete=models.CASCADE, related_name="seats", verbose_name=_("party organisation")
    )
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="seats", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        ordering = ["org", "role"]

    def __str__(self):
        return f"{self.org} {self.get_role_display()} {self.person}"
