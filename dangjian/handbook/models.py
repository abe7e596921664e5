"""The standard handbook (标准化手册) and the responsibility lists (三项清单).

A `Procedure` is one of the company's checklists (how to hold a 支部党员大会, run a 换届 …), kept by the office
(党群工作部) in published `ProcedureVersion`s whose `ProcedureItem`s never change once published: a new version is a
new row set, so a meeting that followed version 2 keeps showing version 2. A `ProcedureUse` is one live use of a
version — for a meeting, or for an org's 换届 at the end of one term — and holds only the ticks nothing else proves
(a tick that the meeting's own data proves, such as attendance taken, is computed, never stored).

A `DutyList` is one list of the 三项清单 for a year: the company's list for 全面从严治党 (held by the root org), a
secretary's or committee member's list for party building, or a member's list of duties; its `DutyItem`s have an
owner and evidence — read from the records where a check names them (lectures given, meetings hosted …), or a note
the owner gives when no record exists."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangjian.core.scoping import ScopedManager, ScopedQuerySet, scope_for


class CompanyQuerySet(ScopedQuerySet):
    """A company's handbook is read by everyone who sees any part of the company (a secretary over a branch reads
    the procedures kept at the root): viewing is by company, the root of each subtree the user holds the grant
    over; every other action keeps the subtree rule (the office at the root keeps them)."""

    def restrict(self, user, action: str = "view"):
        if action != "view":
            return super().restrict(user, action)
        scope = scope_for(user, self.model.scope_resource, action)
        if scope.everywhere:
            return self.all()
        roots = {int(path.strip("/").split("/")[0]) for path in scope.paths}
        return self.filter(**{f"{self.model.scope_company_field}__in": roots})


class ProcedureKind(models.TextChoices):
    """What a procedure guides: a meeting type (codes as in meetings.MeetingType), a 换届 or 发展党员."""

    GENERAL_ASSEMBLY = "general_assembly", _("Branch general assembly (党员大会)")
    COMMITTEE = "committee", _("Branch committee meeting (支委会)")
    GROUP = "group", _("Party group meeting (党小组会)")
    LECTURE = "lecture", _("Party lecture (党课)")
    THEMED_DAY = "themed_day", _("Themed party day (主题党日)")
    REVIEW = "review", _("Organisational life meeting (组织生活会)")
    APPRAISAL = "appraisal", _("Democratic appraisal of members (民主评议党员)")
    TALK = "talk", _("Heart-to-heart talks (谈心谈话)")
    ELECTION = "election", _("Election at the end of a term (换届)")
    RECRUITMENT = "recruitment", _("Recruiting members (发展党员)")


class Phase(models.TextChoices):
    # With a context: "before"/"after" alone mean something else on the audit pages (修改前/修改后).
    BEFORE = "before", pgettext_lazy("procedure phase", "before")
    DURING = "during", pgettext_lazy("procedure phase", "during")
    AFTER = "after", pgettext_lazy("procedure phase", "after")


class Procedure(models.Model):
    """One checklist of the company's handbook for one kind; at most one in use per kind. Retired ones stay with
    their versions (meetings that followed them still show them)."""

    company = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="procedures", verbose_name=_("company")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProcedureKind.choices)
    name = models.CharField(_("name"), max_length=100)
    retired_on = models.DateField(_("retired"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = models.Manager.from_queryset(CompanyQuerySet)()
    scope_resource = "procedure"
    scope_path_field = "company__path"
    scope_company_field = "company_id"

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["company", "kind", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "kind"], condition=Q(retired_on__isnull=True), name="procedure_one_in_use"
            )
        ]

    def __str__(self):
        return self.name


class ProcedureVersion(models.Model):
    """A published version of a procedure: from `effective_from` it is what new uses follow. Never edited."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    effective_from = models.DateField(_("effective from"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    objects = models.Manager.from_queryset(CompanyQuerySet)()
    scope_resource = "procedure"
    scope_path_field = "procedure__company__path"
    scope_company_field = "procedure__company_id"

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure", "-number"]
        constraints = [models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_once")]

    def __str__(self):
        return f"{self.procedure_id} v{self.number}"


class ProcedureItem(models.Model):
    """One step: when (before / during / after), what, who does it, and optionally the check that proves it from
    the records (`check`, see handbook/checks.py) and, for a 换届, how many days before (negative) or after the term
    end it is due."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    text = models.CharField(_("step"), max_length=300)
    responsible = models.CharField(_("who"), max_length=60, blank=True)
    proof = models.CharField(_("proved by"), max_length=40, blank=True)
    due_days = models.SmallIntegerField(
        _("due (days from the term end)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-365), MaxValueValidator(365)],
    )

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["version", "position"]

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        from dangjian.handbook.checks import CHECKS

        if self.proof and self.proof not in CHECKS:
            raise ValidationError({"check": _("Unknown check: %(check)s.") % {"check": self.proof}})


class ProcedureUse(models.Model):
    """A procedure version followed once: for a meeting (`meeting`), or for an org's 换届 at the end of the term
    that ends on `term_end`. `ticks` holds the manual ticks only ({item id: date}); the data-proven ones are
    computed each time from the records."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.PROTECT, related_name="uses")
    org = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+")
    meeting = models.OneToOneField(
        "meetings.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="procedure_use"
    )
    term_end = models.DateField(_("term end"), null=True, blank=True)
    ticks = models.JSONField(_("ticked steps"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "meeting"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("procedure use")
        verbose_name_plural = _("procedure uses")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "term_end"], condition=Q(meeting__isnull=True), name="procedure_use_one_per_term"
            )
        ]

    def __str__(self):
        return f"{self.version} · {self.meeting_id or self.term_end}"


class DutyKind(models.TextChoices):
    COMPANY = "company", _("Company list for strict self-governance (全面从严治党责任清单)")
    SECRETARY = "secretary", _("Secretary's list for party building (书记抓党建责任清单)")
    COMMITTEE = "committee", _("Committee member's list (班子成员抓党建责任清单)")
    MEMBER = "member", _("Member's list of duties (党员履责清单)")


class DutyList(models.Model):
    """One responsibility list for one year: the org it belongs to, whose it is (none for the company's list)."""

    org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="duty_lists", verbose_name=_("party organisation")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DutyKind.choices)
    holder = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duty_lists",
        verbose_name=_("whose list"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=120)
    retired_on = models.DateField(_("retired"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "duty"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("responsibility list")
        verbose_name_plural = _("responsibility lists")
        ordering = ["-year", "org__path", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "kind", "holder", "year"],
                condition=Q(retired_on__isnull=True),
                name="duty_list_once",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.kind == DutyKind.COMPANY and self.holder_id:
            raise ValidationError({"holder": _("The company's list belongs to the organisation, not to a person.")})
        if self.kind and self.kind != DutyKind.COMPANY and not self.holder_id:
            raise ValidationError({"holder": _("Name whose list this is.")})


class DutyItem(models.Model):
    """One duty: what, who answers for it, by when, and how it is proved — a check over the records (counted
    against `target`) or, where no record exists, the owner's note and the day it was done."""

    duty_list = models.ForeignKey(DutyList, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("duty"), max_length=300)
    owner = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    proof = models.CharField(_("proved by"), max_length=40, blank=True)
    target = models.PositiveSmallIntegerField(
        _("times"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    done_on = models.DateField(_("done"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)

    objects = ScopedManager()
    scope_resource = "duty"
    scope_path_field = "duty_list__org__path"

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["duty_list", "position", "id"]

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        from dangjian.handbook.checks import DUTY_CHECKS

        if self.proof and self.proof not in DUTY_CHECKS:
            raise ValidationError({"check": _("Unknown check: %(check)s.") % {"check": self.proof}})
