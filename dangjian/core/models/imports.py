import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def import_upload_to(instance, filename: str) -> str:
    """Store uploads under a random name: the file holds personal data and its original name is kept in a field."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"imports/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ImportJob(models.Model):
    """An uploaded spreadsheet on its way in: validated in the background, previewed, then committed all at once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        VALIDATING = "validating", _("checking")
        INVALID = "invalid", _("has errors")
        READY = "ready", _("ready to import")
        IMPORTING = "importing", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=40)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to=import_upload_to)
    original_name = models.CharField(_("file name"), max_length=255)
    # The uploader's language: the background checks write their sentences in it.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("processed"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # All errors are counted; only the first IMPORT_MAX_ERRORS are kept in `errors`.
    error_count = models.PositiveIntegerField(_("error count"), default=0)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"], name="importjob_user_created")]

    def __str__(self):
        return f"{self.kind} {self.original_name}"

    @property
    def progress(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.INVALID, self.Status.READY, self.Status.DONE, self.Status.FAILED}
