"""The burden meter (减负): what the system asks people to type, measured from its own requests.

`FormEvent` is the raw log the middleware writes (one row per form opened, one per form sent), kept for
`BURDEN_RAW_DAYS`; `MonthlyBurden` is its monthly sum per org, role, capability and form, kept for good; `DuplicateFact`
is a value typed by hand into two different forms for the same date in the same org (a defect to remove: 最多报一次).
Everything is scoped by the org of the role the person acted in (`org_path`), never shown per person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager


class FormEvent(models.Model):
    """One form opened (a GET of a page with a form that takes input) or sent (a POST carrying the form's token). A
    sent form names the open it came from (`open_key`, `opened_at`), how many fields carried typed input and how many
    were sent back as they were pre-filled (reused), and — as short hashes, never the values — what was typed, for
    the twice-typed check."""

    class Kind(models.TextChoices):
        OPEN = "open", _("opened")
        SUBMIT = "submit", _("sent")

    class Outcome(models.TextChoices):
        OK = "ok", _("accepted")
        INVALID = "invalid", _("returned with errors")
        REFUSED = "refused", _("refused")

    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=32, blank=True)
    org_path = models.CharField(_("org path"), max_length=255, blank=True, db_index=True)
    capability = models.CharField(_("capability"), max_length=40, blank=True)
    url_name = models.CharField(_("page or form"), max_length=120)
    page = models.CharField(_("opened on"), max_length=120, blank=True)
    open_key = models.CharField(max_length=32, db_index=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices, blank=True)
    fields = models.PositiveSmallIntegerField(_("fields"), default=0)
    typed = models.PositiveSmallIntegerField(_("typed"), default=0)
    reused = models.PositiveSmallIntegerField(_("reused"), default=0)
    typed_values = models.JSONField(default=dict, blank=True)
    dates = models.JSONField(default=list, blank=True)

    objects = ScopedManager()
    scope_resource = "burden"
    scope_path_field = "org_path"

    class Meta:
        verbose_name = _("form event")
        verbose_name_plural = _("form events")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.kind} {self.url_name} {self.at:%Y-%m-%d %H:%M}"


class MonthlyBurden(models.Model):
    """A month's input burden of one form for one role in one org: opens, sends (accepted, returned), repeats
    (sends after the first of the same open), input seconds (open to accepted send), fields typed and reused."""

    month = models.DateField(_("month"))
    org_path = models.CharField(_("org path"), max_length=255, db_index=True)
    role = models.CharField(_("role"), max_length=32)
    capability = models.CharField(_("capability"), max_length=40)
    form = models.CharField(_("form"), max_length=120)
    opens = models.PositiveIntegerField(_("opened"), default=0)
    submissions = models.PositiveIntegerField(_("sent"), default=0)
    successes = models.PositiveIntegerField(_("accepted"), default=0)
    failures = models.PositiveIntegerField(_("returned"), default=0)
    repeats = models.PositiveIntegerField(_("sent again"), default=0)
    seconds = models.PositiveIntegerField(_("input seconds"), default=0)
    typed = models.PositiveIntegerField(_("fields typed"), default=0)
    reused = models.PositiveIntegerField(_("fields reused"), default=0)

    objects = ScopedManager()
    scope_resource = "burden"
    scope_path_field = "org_path"

    class Meta:
        verbose_name = _("monthly burden")
        verbose_name_plural = _("monthly burdens")
        ordering = ["-month", "org_path", "role", "form"]
        constraints = [
            models.UniqueConstraint(fields=["month", "org_path", "role", "capability", "form"], name="burden_one_sum")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.role} {self.form}"


class DuplicateFact(models.Model):
    """A value typed by hand into two different forms for the same date by people acting in the same org within
    one month: a fact entered twice, to be removed by reusing the first entry."""

    month = models.DateField(_("month"))
    org_path = models.CharField(_("org path"), max_length=255, db_index=True)
    date = models.DateField(_("date in both forms"))
    first_form = models.CharField(_("first form"), max_length=120)
    first_field = models.CharField(_("first field"), max_length=120)
    second_form = models.CharField(_("second form"), max_length=120)
    second_field = models.CharField(_("second field"), max_length=120)
    first_at = models.DateTimeField(_("first typed"))
    second_at = models.DateTimeField(_("typed again"))

    objects = ScopedManager()
    scope_resource = "burden"
    scope_path_field = "org_path"

    class Meta:
        verbose_name = _("fact typed twice")
        verbose_name_plural = _("facts typed twice")
        ordering = ["-month", "-second_at"]

    def __str__(self):
        return f"{self.date} {self.first_form}.{self.first_field} = {self.second_form}.{self.second_field}"
