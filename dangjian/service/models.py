"""Employees' concerns (我为群众办实事 / 必达): a request, its steps, its attachments, and the SLA configuration
(deadlines per category in working days, and the holiday calendar with its make-up working days)."""

from __future__ import annotations

import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangjian.core.scoping import ScopedManager


class Category(models.TextChoices):
    PRODUCTION = "production", _("Production")
    SAFETY = "safety", _("Safety")
    ENVIRONMENT = "environment", _("Working environment")
    WELFARE = "welfare", _("Welfare and care")
    CAREER = "career", _("Career and training")
    OTHER = "other", _("Other")


class State(models.TextChoices):
    # A context of their own: "submitted" elsewhere in the interface is a date column (提交时间).
    SUBMITTED = "submitted", pgettext_lazy("service state", "submitted")
    ACCEPTED = "accepted", pgettext_lazy("service state", "accepted")
    COORDINATING = "coordinating", pgettext_lazy("service state", "coordinating")
    RESOLVED = "resolved", pgettext_lazy("service state", "resolved")
    FEEDBACK = "feedback", pgettext_lazy("service state", "rated")
    CLOSED = "closed", pgettext_lazy("service state", "closed")


class Destination(models.TextChoices):
    BRANCH = "branch", _("My branch")
    LEADERS = "leaders", _("Straight to company leaders (必达)")


def new_token() -> str:
    """The private link's secret: 32 random bytes, URL-safe (not guessable, not derived from the id)."""
    return secrets.token_urlsafe(32)


class ServiceRequest(models.Model):
    """An employee's concern (诉求) and how it was answered: sent to the submitter's branch or straight to the company
    leaders (必达), accepted and assigned to an org and a handler, coordinated, resolved, rated by the submitter and
    closed. Deadlines are dates computed in working days when it is submitted (see sla.py). Scoped by the handling
    org; the submitter reaches their own through `self_q` and the private link (`token`)."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("subject"), max_length=100)
    description = models.TextField(_("description"), max_length=4000)
    destination = models.CharField(_("send to"), max_length=10, choices=Destination.choices, default=Destination.BRANCH)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    public = models.BooleanField(_("may be shown on the board of resolved matters"), default=False)
    submitter = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("submitter"))
    handling_org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("handling organisation")
    )
    handler = models.ForeignKey(
        "org.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("handler")
    )
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    state_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    submitted_on = models.DateField(_("submitted on"))
    accept_due = models.DateField(_("accept by"))
    resolve_due = models.DateField(_("resolve by"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    resolution = models.TextField(_("what was done"), blank=True, max_length=4000)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rated_on = models.DateField(_("rated on"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("reopened"), default=0)
    escalated_to = models.ForeignKey(
        "org.PartyOrg",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("escalated to"),
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    objects = ScopedManager()
    scope_resource = "service_request"
    scope_path_field = "handling_org__path"

    class Meta:
        verbose_name = _("employee request")
        verbose_name_plural = _("employee requests")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "resolve_due"]),
            models.Index(fields=["resolve_due"]),
            models.Index(fields=["rated_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="service_rating_1_5"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @staticmethod
    def self_q(user) -> Q:
        person_id = getattr(user, "person_id", None)
        return Q(submitter_id=person_id) if person_id else Q(pk__in=[])

    @property
    def number(self) -> str:
        """The number people quote (诉求编号), e.g. S2026-00042."""
        year = self.submitted_on.year if self.submitted_on else timezone.localdate().year
        return f"S{year}-{self.pk or 0:05d}"

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES

    def accept_breached(self, today) -> bool:
        """Not accepted within its deadline (judged on `today` while still waiting, on the day accepted after)."""
        if self.accepted_on:
            return self.accepted_on > self.accept_due
        return self.state == State.SUBMITTED and today > self.accept_due

    def resolve_breached(self, today) -> bool:
        if self.resolved_on:
            return self.resolved_on > self.resolve_due
        return self.state in OPEN_STATES and today > self.resolve_due

    def breached(self, today) -> bool:
        return self.accept_breached(today) or self.resolve_breached(today)

    def clean(self):
        if self.rating is not None and not 1 <= self.rating <= 5:
            raise ValidationError({"rating": _("Rate from 1 to 5.")})


# Waiting for the handling org: a request in these states can breach its deadlines.
OPEN_STATES = (State.SUBMITTED, State.ACCEPTED, State.COORDINATING)
# Answered: shown on the board when the submitter allows it.
ANSWERED_STATES = (State.RESOLVED, State.FEEDBACK, State.CLOSED)


class ServiceTransition(models.Model):
    """One step of a request (accept, coordinate, resolve, rate, reopen, close, escalate), never edited. Steps the
    submitter took are marked `by_submitter`, so pages can hide who took them when the request is anonymous."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("step"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150)
    by_submitter = models.BooleanField(default=False)
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("request step")
        verbose_name_plural = _("request steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.request_id} {self.action}"


def attachment_upload_to(instance, filename: str) -> str:
    """Random stored names: an original name can identify an anonymous submitter and must not collide."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"service/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ServiceAttachment(models.Model):
    """A photo or PDF sent with a request; its type was checked by its first bytes, not by its name. The shown name
    is generic ("附件1.jpg") so that a file name never identifies an anonymous submitter."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to)
    name = models.CharField(_("name"), max_length=100)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class SlaPolicy(models.Model):
    """How many working days a category allows to accept a request, and to resolve it (counted from submission).
    A category without a row uses DEFAULT_SLA (sla.py)."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices, unique=True)
    accept_days = models.PositiveSmallIntegerField(_("accept within (working days)"), validators=[MinValueValidator(1)])
    resolve_days = models.PositiveSmallIntegerField(
        _("resolve within (working days)"), validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("service deadline")
        verbose_name_plural = _("service deadlines")
        ordering = ["category"]

    def __str__(self):
        return self.get_category_display()

    def clean(self):
        if self.accept_days and self.resolve_days and self.resolve_days < self.accept_days:
            raise ValidationError({"resolve_days": _("Resolving cannot take fewer days than accepting.")})


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week: a public holiday on a weekday, or a make-up working day (调休) on a
    weekend. China's holidays move working days every year, so the calendar is data, not code."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("holiday")
        WORKDAY = "workday", _("make-up working day")

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} {self.get_kind_display()}"

    def clean(self):
        # A make-up working day only means something on a weekend; a weekday already works.
        if self.day and self.kind == self.Kind.WORKDAY and self.day.weekday() < 5:
            raise ValidationError({"day": _("A make-up working day falls on a Saturday or Sunday.")})
