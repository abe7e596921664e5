"""Background work of the archive: the nightly filing of every company's finished records (this year and last,
idempotent), and the year's zip of an org, packed with progress."""

from __future__ import annotations

import logging

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dangjian.core.tasks import crontab, periodic_task, task

log = logging.getLogger(__name__)


@periodic_task(crontab(hour="2", minute="40"))
def archive_file_nightly() -> int:
    """Every night: file what every company finished this year and last (a record is filed once)."""
    from dangjian.archive import services
    from dangjian.archive.models import Category
    from dangjian.core.errors import InvalidInput
    from dangjian.core.services import SYSTEM
    from dangjian.org.models import PartyOrg

    year = timezone.localdate().year
    filed = 0
    companies = Category.objects.filter(active=True).values("company").distinct()
    for company in PartyOrg._base_manager.filter(pk__in=companies):
        for each in (year - 1, year):
            try:
                filed += services.file_year(actor=SYSTEM, org=company, year=each)["filed"]
            except InvalidInput:
                continue
    return filed


@task()
def build_zip(job_id: int) -> None:
    from dangjian.archive import services
    from dangjian.archive.documents import build_zip as pack
    from dangjian.archive.models import Item, ZipJob

    job = ZipJob.objects.select_related("org", "requested_by").filter(pk=job_id).first()
    if job is None or job.status != ZipJob.Status.PENDING:
        return
    services.zip_progress(job_id=job.pk, progress=1, status=ZipJob.Status.RUNNING)
    last = [1]

    def report(done: int, total: int) -> None:
        value = 1 + 98 * done // max(total, 1)
        if value - last[0] >= 2 or done == total:
            last[0] = value
            services.zip_progress(job_id=job.pk, progress=value)

    with translation.override(job.language):
        try:
            # The requester's reach, as they asked: the items they may read in the org's subtree.
            items = list(
                Item.objects.restrict(job.requested_by, "export")
                .filter(active=True, org__path__startswith=job.org.path, year=job.year)
                .select_related("org", "category")
                .order_by("category__order", "org__path", "day", "id")
            )
            content = pack(items, on_progress=report)
        except Exception:
            log.exception("archive zip %s failed", job.pk)
            services.zip_finish(job=job, content=None, error=_("The zip could not be made. Try again later."))
            return
        services.zip_finish(job=job, content=content, items=len(items))
