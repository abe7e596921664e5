"""Writes for the annual compilation: a request (checked, audited, queued) and the task's progress reports."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.permissions import EXPORT
from dangjian.core.services import require_at, validate
from dangjian.org.models import PartyOrg
from dangjian.projects.boards.models import CompilationJob

Status = CompilationJob.Status


@transaction.atomic
def compilation_request(*, actor, org: PartyOrg, year: int) -> CompilationJob:
    """Ask for the book of `year` for `org`'s subtree. The compilation is an export of project data, so it needs the
    project "export" grant over the org. A request while the same book is still being made returns that job instead
    of starting another. The work is queued once the request commits; this returns at once."""
    require_at(actor, "project", EXPORT, org)
    if not 2000 <= year <= 2100:
        raise InvalidInput(_("Choose a year between 2000 and 2100."), errors={"year": [_("Not a plan year.")]})
    running = (
        CompilationJob.objects.select_for_update()
        .filter(org=org, year=year, status__in=(Status.PENDING, Status.RUNNING))
        .order_by("-created_at")
        .first()
    )
    if running is not None:
        return running
    job = CompilationJob(
        org=org,
        year=year,
        requested_by=actor,
        language=translation.get_language() or "zh-hans",
    )
    validate(job)
    job.save()
    audit.record(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        obj=job,
        after=audit.snapshot(job, exclude=("docx", "pdf")),
        comment=_("Annual compilation requested."),
    )
    from dangjian.projects.boards.tasks import compile_book

    transaction.on_commit(lambda: compile_book(job.pk))
    return job


def compilation_progress(*, job_id: int, progress: int, status: str | None = None) -> None:
    """The task's progress (0–100), written at once so the polling page sees it while the task runs."""
    fields = {"progress": max(0, min(int(progress), 100))}
    if status:
        fields["status"] = status
    CompilationJob.objects.filter(pk=job_id).update(**fields)


def compilation_finish(*, job: CompilationJob, docx: bytes | None, pdf: bytes | None, error: str = "") -> None:
    """Store the files (or the error) and close the job."""
    from django.core.files.base import ContentFile

    name = f"dangjian-{job.year}-{job.org.code}"
    if error:
        job.status, job.error = Status.FAILED, error[:500]
    else:
        job.docx.save(f"{name}.docx", ContentFile(docx), save=False)
        job.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        job.status, job.progress, job.error = Status.DONE, 100, ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "error", "docx", "pdf", "finished_at", "projects"])
