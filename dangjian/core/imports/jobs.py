"""Import jobs: upload (check the file at once, queue the row check), confirm (queue the commit), and the two
background tasks. The commit writes every row through the domain services in ONE transaction as the uploader: one
bad row and nothing is written."""

from __future__ import annotations

import logging
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dangjian.core import audit
from dangjian.core.errors import Conflict, DomainError, NotFound, NotPermitted
from dangjian.core.imports.checking import (
    Outcome,
    check_file,
    count_rows,
    count_rows_surveyed,
    gc_paused,
    too_many_rows,
)
from dangjian.core.imports.files import ReadError, check_upload
from dangjian.core.imports.kinds import UNCHANGED, Row, get_kind, row_sentence
from dangjian.core.models import AuditLog, ImportJob
from dangjian.core.scoping import can_anywhere
from dangjian.core.tasks import task

log = logging.getLogger(__name__)
Status = ImportJob.Status


def jobs_for(user):
    """The user's own import jobs, newest first (none without the import grant)."""
    if not can_anywhere(user, "import", "view"):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(created_by=user).order_by("-created_at", "-id")


def job_for(user, pk: int) -> ImportJob:
    job = jobs_for(user).filter(pk=pk).first()
    if job is None:
        raise NotFound(_("There is no such import."))
    return job


def _kind_for(actor, slug: str):
    kind = get_kind(slug)
    if kind is None:
        raise NotFound(_("There is no such import."))
    if not kind.allowed(actor):
        raise NotPermitted(_("You do not have permission to import this."))
    return kind


@transaction.atomic
def import_start(*, actor, kind: str, upload) -> ImportJob:
    """Accept an uploaded file (refused at once if too large, not really .xlsx/.csv, or with more rows than
    IMPORT_MAX_ROWS) and queue the row check."""
    _kind_for(actor, kind)
    fmt = check_upload(upload)
    # Counted here, in a streaming pass that stops past the limit, so an oversized sheet never reaches the queue.
    total, plain = count_rows_surveyed(upload, fmt, upload.name or "")
    if total > settings.IMPORT_MAX_ROWS:
        raise ReadError(too_many_rows(total))
    job = ImportJob(
        kind=kind,
        created_by=actor,
        original_name=PurePath(upload.name).name[:255],
        language=translation.get_language() or settings.LANGUAGE_CODE,
        file=upload,
        total_rows=total,  # the stored file does not change: the background passes need not count it again
        summary={PLAIN: True} if plain else {},  # … nor survey a plain .xlsx again (files.Survey.plain)
    )
    job.save()
    transaction.on_commit(lambda: check_import(job.pk))
    return job


@transaction.atomic
def import_confirm(*, actor, job: ImportJob) -> ImportJob:
    """The uploader confirms a checked file: queue the commit."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.created_by_id != actor.pk:
        raise NotFound(_("There is no such import."))
    _kind_for(actor, job.kind)
    if job.status != Status.READY:
        raise Conflict(_("This import is not waiting for confirmation."))
    job.status, job.processed_rows = Status.IMPORTING, 0
    job.save(update_fields=["status", "processed_rows"])
    transaction.on_commit(lambda: commit_import(job.pk))
    return job


# The upload found the file a plain .xlsx: kept in the job's summary through the check for the commit's pass.
PLAIN = "plain_sheet"


def _kept(job: ImportJob) -> dict:
    return {PLAIN: True} if (job.summary or {}).get(PLAIN) else {}


def _progress(job: ImportJob):
    def report(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    return report


def _check(job: ImportJob, *, keep_rows: bool) -> Outcome:
    kind = get_kind(job.kind)
    fmt = PurePath(job.file.name).suffix.lower().lstrip(".")
    total = job.total_rows
    if not total:  # a job from before the upload stored its count
        with job.file.open("rb") as fileobj:
            total = count_rows(fileobj, fmt, job.original_name)
    if total > settings.IMPORT_MAX_ROWS:
        return Outcome(total=total, message=too_many_rows(total))
    ImportJob.objects.filter(pk=job.pk).update(total_rows=total, processed_rows=0)
    job.total_rows = total
    with job.file.open("rb") as fileobj:
        return check_file(
            kind=kind,
            actor=job.created_by,
            fileobj=fileobj,
            fmt=fmt,
            name=job.original_name,
            keep_rows=keep_rows,
            on_progress=_progress(job),
            plain=bool(_kept(job)),
        )


def _finish(job: ImportJob, status: str, outcome: Outcome | None = None, message: str = "") -> None:
    fields = {"status": status, "finished_at": timezone.now(), "message": (message or "")[:500]}
    if outcome is not None:
        fields.update(
            total_rows=outcome.total,
            processed_rows=outcome.total,
            errors=outcome.errors,
            error_count=outcome.error_count,
            preview=outcome.preview,
            summary={"columns": outcome.columns, **outcome.counts, **_kept(job)},
            message=(message or outcome.message)[:500],
        )
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def run_check(job_id: int) -> None:
    """Task body: check every row and leave the job READY (with a preview) or INVALID (with every error)."""
    if not ImportJob.objects.filter(pk=job_id, status=Status.PENDING).update(status=Status.VALIDATING):
        return  # already checked (a task delivered twice)
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            outcome = _check(job, keep_rows=False)
        except ReadError as exc:
            _finish(job, Status.INVALID, message=exc.message)
        except Exception:
            log.exception("import %s: check failed", job_id)
            _finish(job, Status.FAILED, message=_("The file could not be checked. Try again or ask for help."))
        else:
            _finish(job, Status.READY if outcome.ok else Status.INVALID, outcome)


def run_commit(job_id: int) -> None:
    """Task body: check again (the data may have changed), then write every row in one transaction."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != Status.IMPORTING:
        return
    with translation.override(job.language):
        try:
            outcome = _check(job, keep_rows=True)
        except ReadError as exc:
            _finish(job, Status.FAILED, message=exc.message)
            return
        except Exception:
            log.exception("import %s: re-check failed", job_id)
            _finish(job, Status.FAILED, message=_("The file could not be checked. Try again or ask for help."))
            return
        if not outcome.ok:
            _finish(
                job,
                Status.INVALID,
                outcome,
                message=outcome.message
                or _("The data changed after the file was checked, so nothing was imported. Correct these rows."),
            )
            return
        with gc_paused():  # the checked rows stay in memory while the write allocates as much again
            _commit(job, outcome)


def _commit(job: ImportJob, outcome: Outcome) -> None:
    kind, actor, ctx = get_kind(job.kind), job.created_by, outcome.ctx
    try:
        with transaction.atomic():
            kind.commit_all([row for row in outcome.rows if row.action != UNCHANGED], ctx)
            counts = dict(outcome.counts)
            audit.record(
                actor=actor,
                action=AuditLog.Action.IMPORT,
                obj=job,
                after={"kind": job.kind, "file": job.original_name, "rows": outcome.total, **counts},
                comment=job.original_name,
            )
            ImportJob.objects.filter(pk=job.pk).update(
                status=Status.DONE,
                finished_at=timezone.now(),
                processed_rows=outcome.total,
                errors=[],
                error_count=0,
                summary={"columns": outcome.columns, **counts, **_kept(job)},
                message="",
            )
    except DomainError as exc:
        _failed_row(job, ctx.row, exc.message)
    except ValidationError as exc:
        _failed_row(job, ctx.row, "; ".join(exc.messages))
    except IntegrityError:
        # Someone else wrote the same record (e.g. the same employee number) while this import ran.
        _failed_row(job, ctx.row, _("another change wrote the same record meanwhile. Upload the file again."))
    except Exception:
        log.exception("import %s: commit failed", job.pk)
        _finish(job, Status.FAILED, message=_("The import failed and nothing was written. Try again or ask for help."))


def _failed_row(job: ImportJob, row: Row | None, message: str) -> None:
    sentence = row_sentence(row.number if row else None, message)
    _finish(job, Status.FAILED, message=_("Nothing was imported. %(error)s") % {"error": sentence})


@task()
def check_import(job_id: int) -> None:
    run_check(job_id)


@task()
def commit_import(job_id: int) -> None:
    run_commit(job_id)
