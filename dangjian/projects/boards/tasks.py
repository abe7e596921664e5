"""The background task that makes an annual compilation: gather the book as the requester sees it, write the Word
file, then the PDF, reporting progress as it goes (gathering 0–20 %, Word 20–60 %, PDF 60–100 %)."""

from __future__ import annotations

import logging

from django.utils import translation
from django.utils.translation import gettext as _

from dangjian.core.pdf import render_pdf
from dangjian.core.tasks import task
from dangjian.projects.boards import services
from dangjian.projects.boards.book import collect
from dangjian.projects.boards.docx_writer import book_title, summary_header, summary_rows, write_docx
from dangjian.projects.boards.models import CompilationJob

log = logging.getLogger(__name__)
Status = CompilationJob.Status


def _stage(job_id: int, start: int, end: int):
    """A progress callback mapping (done, total) of one stage onto start…end %, written every few percent."""
    last = [start]

    def report(done: int, total: int) -> None:
        value = start + (end - start) * done // max(total, 1)
        if value - last[0] >= 2 or done == total:
            last[0] = value
            services.compilation_progress(job_id=job_id, progress=value)

    return report


def build(job: CompilationJob) -> tuple[bytes, bytes, int]:
    """The .docx and .pdf bytes of a job's book and its number of projects."""
    user = job.requested_by
    book = collect(user=user, org=job.org, year=job.year, on_progress=_stage(job.pk, 2, 20))
    docx = write_docx(book, on_progress=_stage(job.pk, 20, 60))
    services.compilation_progress(job_id=job.pk, progress=60)
    context = {
        "book": book,
        "title": book_title(book),
        "summary_header": summary_header(),
        "summary_rows": summary_rows(book),
        "LANGUAGE_CODE": job.language,
    }
    pdf = render_pdf("boards/book.html", context)
    return docx, pdf, len(book.entries)


@task()
def compile_book(job_id: int) -> None:
    job = CompilationJob.objects.select_related("org", "requested_by").filter(pk=job_id).first()
    if job is None or job.status != Status.PENDING:
        return
    services.compilation_progress(job_id=job.pk, progress=1, status=Status.RUNNING)
    with translation.override(job.language):
        try:
            docx, pdf, job.projects = build(job)
        except Exception:
            # Any failure ends the job with a sentence; the details go to the log, not to the page.
            log.exception("compilation %s failed", job.pk)
            services.compilation_finish(
                job=job, docx=None, pdf=None, error=_("The compilation could not be made. Try again later.")
            )
            return
        services.compilation_finish(job=job, docx=docx, pdf=pdf)
