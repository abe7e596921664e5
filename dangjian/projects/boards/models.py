"""The annual compilation (汇编成册): one request for a year's book of an org subtree's projects, built in the
background as a Word file and a PDF."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.core.scoping import ScopedManager


def compilation_upload_to(instance, filename: str) -> str:
    """Random stored names: the book is served only through a scoped view, never by a guessable path."""
    suffix = filename.rsplit(".", 1)[-1].lower()[:5]
    return f"compilations/{timezone.localdate():%Y}/{uuid.uuid4().hex}.{suffix}"


class CompilationJob(models.Model):
    """A compilation of the projects of `year` owned in `org`'s subtree, as `requested_by` may see them.

    Scoped like the projects it contains (resource "project", through the org): whoever may export projects over the
    org sees the job and downloads the book. `progress` runs 0–100 while the task works."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("compiling")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    FINISHED = (Status.DONE, Status.FAILED)

    year = models.PositiveSmallIntegerField(_("year"))
    org = models.ForeignKey(
        "org.PartyOrg", on_delete=models.PROTECT, related_name="+", verbose_name=_("party organisation")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    # The requester's language: the background task writes the book's headings in it.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    projects = models.PositiveIntegerField(_("projects"), default=0)
    docx = models.FileField(_("Word file"), upload_to=compilation_upload_to, blank=True)
    pdf = models.FileField(_("PDF file"), upload_to=compilation_upload_to, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ScopedManager()
    scope_resource = "project"
    scope_path_field = "org__path"

    class Meta:
        verbose_name = _("annual compilation")
        verbose_name_plural = _("annual compilations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["org", "year", "status"], name="compilation_org_year_status")]

    def __str__(self):
        return f"{self.org} {self.year}"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED
