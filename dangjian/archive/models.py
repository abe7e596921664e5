"""The party records archive (党建资料档案): the office's categories with their retention periods, the items filed
in them (a finished record of another capability, pointed at by its source and id; a file uploaded from outside; or
a paper record kept in a box), and the year's zip of a branch built in the background."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager


def upload_to(instance, filename: str) -> str:
    """Random stored names: a file is served only through a scoped view, never by a guessable path."""
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"archive/{timezone.localdate():%Y}/{uuid.uuid4().hex}.{suffix}"


class Retention(models.TextChoices):
    """保管期限, as the office sets it per category."""

    PERMANENT = "permanent", _("permanent")
    LONG = "long", _("long-term")
    Y30 = "30y", _("30 years")
    Y10 = "10y", _("10 years")


class Category(models.Model):
    """档案类别: a company's category of party records, with its retention period and its place on the shelf (its
    order numbers the boxes). Set by 党群工作部; retired rather than deleted, so filed items keep their category."""

    company = models.ForeignKey("org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("company"))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=50)
    retention = models.CharField(_("retention period"), max_length=10, choices=Retention.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=10)
    description = models.CharField(_("what it holds"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    objects = ScopedManager()
    scope_resource = "archive_category"
    scope_path_field = "company__path"

    class Meta:
        verbose_name = _("archive category")
        verbose_name_plural = _("archive categories")
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="archive_category_code")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.code = (self.code or "").strip().upper()
        self.name = (self.name or "").strip()
        if self.code and not self.code.replace("-", "").replace("_", "").isalnum():
            raise ValidationError({"code": _("Letters, digits, - and _ only.")})


class Item(models.Model):
    """档案: one record in the archive of an org for a year, in a category. Filed automatically from a producing
    app (`source` + `object_id`, rendered when downloaded), uploaded from outside (`file`), or a paper record kept
    in a box (`box_no`). `text` is what the search reads besides the title."""

    class Kind(models.TextChoices):
        FILED = "filed", _("filed by the system")
        UPLOAD = "upload", _("uploaded")
        PAPER = "paper", _("paper record")

    org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("party organisation")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items", verbose_name=_("category"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text for search"), blank=True)
    day = models.DateField(_("date"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=60, blank=True)
    object_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=upload_to, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    box_no = models.CharField(_("box number"), max_length=30, blank=True)
    active = models.BooleanField(_("in the archive"), default=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)

    objects = ScopedManager()
    scope_resource = "archive"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("archive item")
        verbose_name_plural = _("archive items")
        ordering = ["category__order", "day", "id"]
        indexes = [models.Index(fields=["org", "year", "category"], name="archive_item_org_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "object_id"], condition=Q(kind="filed"), name="archive_item_filed_once"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        self.title = (self.title or "").strip()
        if self.year is not None and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": _("A year from 2000 to 2100.")})
        if self.category_id and self.org_id and self.category.company_id != int(self.org.path.strip("/").split("/")[0]):
            raise ValidationError({"category": _("Choose a category of this organisation's company.")})


class ZipJob(models.Model):
    """The year's archive of an org as one zip (documents by category and an index), built in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("packing")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    FINISHED = (Status.DONE, Status.FAILED)

    org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("party organisation")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    items = models.PositiveIntegerField(_("items"), default=0)
    file = models.FileField(_("zip file"), upload_to=upload_to, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ScopedManager()
    scope_resource = "archive"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("archive zip")
        verbose_name_plural = _("archive zips")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.org} {self.year}"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED
