"""Writes of the archive, each one transaction that checks the grant, validates, saves and writes its audit rows:
the office's categories (create, edit, retire, load the defaults), filing a year's finished records of an org's
subtree from every producing app (idempotent: a record is filed once; run nightly and on demand), an upload from
outside, a paper record (page and Excel import), editing and retiring an item, and the request of a year's zip."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dangjian.archive.catalogue import DEFAULTS
from dangjian.archive.models import Category, Item, Retention, ZipJob
from dangjian.core import audit
from dangjian.core.archiving import sources
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.models import AuditLog
from dangjian.core.permissions import ADD, CHANGE, DELETE, EXPORT
from dangjian.core.services import require_at, save_audited, validate
from dangjian.org.models import PartyOrg

MAX_UPLOAD = 20 * 1024 * 1024
UPLOAD_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "txt", "ofd", "zip")
CATEGORY_FIELDS = ("code", "name", "retention", "order", "description")
ITEM_FIELDS = ("title", "category", "year", "day", "box_no", "text")


def _snap(item: Item) -> dict:
    """An item's audit state: its fields, the stored file by name (a file field is not JSON)."""
    return {**audit.snapshot(item, exclude=("file",)), "file": item.file.name or ""}


def _save_item(item: Item, *, actor, before: dict | None = None, comment: str = "") -> Item:
    """save_audited for an item (validate, save, the audit row in the same transaction), its file by name."""
    validate(item)
    item.save()
    action = AuditLog.Action.CREATE if before is None else AuditLog.Action.UPDATE
    audit.record(actor=actor, action=action, obj=item, before=before, after=_snap(item), comment=comment)
    return item


def company_of(org: PartyOrg) -> PartyOrg:
    """The company (root org) above `org`."""
    root_pk = int(org.path.strip("/").split("/", 1)[0])
    return org if org.pk == root_pk else PartyOrg._base_manager.get(pk=root_pk)


def _year(year) -> int:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        message = _("A year from 2000 to 2100.")
        raise InvalidInput(message, errors={"year": [message]})
    return year


def _unique_code(category: Category) -> None:
    code = (category.code or "").strip().upper()
    taken = Category.objects.filter(company_id=category.company_id, code=code).exclude(pk=category.pk).exists()
    if taken:
        message = _("The company already has a category with this code.")
        raise Conflict(message, errors={"code": [message]})


def _retention(value: str) -> None:
    if value not in Retention.values:
        message = _("Choose one of the retention periods.")
        raise InvalidInput(message, errors={"retention": [message]})


# --- categories ------------------------------------------------------------------------------------------------


@transaction.atomic
def category_create(
    *, actor, company: PartyOrg, code: str, name: str, retention: str, order: int = 10, description: str = ""
) -> Category:
    """A new category of the company's archive (党群工作部 of the company)."""
    require_at(actor, "archive_category", ADD, company)
    _retention(retention)
    category = Category(
        company=company, code=code, name=name, retention=retention, order=order, description=description
    )
    _unique_code(category)
    return save_audited(category, actor=actor, conflict=_("The company already has a category with this code."))


@transaction.atomic
def category_update(*, actor, category: Category, **fields) -> Category:
    """Change a category's name, code, retention period, order or description."""
    require_at(actor, "archive_category", CHANGE, category.company)
    if "retention" in fields:
        _retention(fields["retention"])
    before = audit.snapshot(category)
    for name in CATEGORY_FIELDS:
        if name in fields:
            setattr(category, name, fields[name])
    _unique_code(category)
    return save_audited(
        category, actor=actor, before=before, conflict=_("The company already has a category with this code.")
    )


@transaction.atomic
def category_retire(*, actor, category: Category, active: bool = False) -> Category:
    """Retire a category (nothing new is filed in it; its items stay) or bring it back."""
    require_at(actor, "archive_category", DELETE if not active else CHANGE, category.company)
    before = audit.snapshot(category)
    category.active = active
    return save_audited(category, actor=actor, before=before, comment=_("Retired.") if not active else _("Restored."))


@transaction.atomic
def categories_load_defaults(*, actor, company: PartyOrg) -> int:
    """Create the default categories (catalogue.DEFAULTS) the company does not have yet; returns how many. The demo
    and the set-up centre's button call this; loading again adds nothing."""
    require_at(actor, "archive_category", ADD, company)
    have = set(Category.objects.filter(company=company).values_list("code", flat=True))
    created = 0
    for order, (code, name, retention, description) in enumerate(DEFAULTS, start=1):
        if code in have:
            continue
        category = Category(
            company=company, code=code, name=name, retention=retention, order=order * 10, description=description
        )
        save_audited(category, actor=actor, comment=_("Default category loaded."))
        created += 1
    return created


# --- filing ----------------------------------------------------------------------------------------------------


@transaction.atomic
def file_year(*, actor, org: PartyOrg, year: int) -> dict:
    """File every finished record of `year` in `org`'s subtree from every producing app (core/archiving.py) under
    the company's category of the source's code. A record filed before is left alone (its title and text are
    brought up to date), so running it again files only what is new. Records whose category the company does not
    have (or has retired) are counted as skipped. Returns {"filed", "updated", "skipped"}."""
    require_at(actor, "archive", CHANGE, org)
    _year(year)
    company = company_of(org)
    categories = {c.code: c for c in Category.objects.filter(company=company, active=True)}
    if not categories:
        message = _("The company has no archive categories yet: load the default categories first.")
        raise InvalidInput(message, errors={"category": [message]})
    orgs = {o.pk: o for o in PartyOrg._base_manager.filter(path__startswith=org.path)}
    counts = {"filed": 0, "updated": 0, "skipped": 0}
    for source in sources().values():
        category = categories.get(source.category)
        records = [r for r in source.records(org_paths=[org.path], year=year) if r.org_id in orgs]
        existing = {
            i.object_id: i
            for i in Item.objects.filter(
                kind=Item.Kind.FILED, source=source.code, object_id__in=[r.object_id for r in records]
            )
        }
        new = []
        for record in records:
            found = existing.get(record.object_id)
            if found is not None:
                if (found.title, found.text) != (record.title[:200], record.text):
                    before = _snap(found)
                    found.title, found.text = record.title[:200], record.text
                    _save_item(found, actor=actor, before=before, comment="brought up to date by filing")
                    counts["updated"] += 1
                continue
            if category is None:
                counts["skipped"] += 1
                continue
            item = Item(
                org=orgs[record.org_id],
                year=record.year,
                category=category,
                kind=Item.Kind.FILED,
                title=record.title[:200],
                text=record.text,
                day=record.day,
                source=source.code,
                object_id=record.object_id,
                filed_by=actor if getattr(actor, "pk", None) else None,
            )
            new.append(item)
        if new:
            Item.objects.bulk_create(new)
            counts["filed"] += len(new)
    if counts["filed"]:
        # One row for the run (a year can file hundreds of records): what was filed where, by whom.
        audit.record(
            actor=actor,
            action=AuditLog.Action.CREATE,
            object_type="archive.item",  # the items filed (one row for the run), named by the org and year
            object_id=str(org.pk),
            object_repr=f"{org.name} {year}",
            after={"year": year, **counts},
        )
    return counts


def _upload_checks(upload) -> str:
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:200]
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in UPLOAD_TYPES:
        message = _("Upload a PDF, Word, Excel, OFD, image, text or zip file.")
        raise InvalidInput(message, errors={"file": [message]})
    if upload.size > MAX_UPLOAD:
        message = _("A file of at most 20 MB.")
        raise InvalidInput(message, errors={"file": [message]})
    return name


def _item_new(*, actor, org, category, year, title, kind, **extra) -> Item:
    require_at(actor, "archive", ADD, org)
    _year(year)
    if category is not None and not category.active:
        message = _("This category is retired: choose another.")
        raise InvalidInput(message, errors={"category": [message]})
    item = Item(
        org=org,
        category=category,
        year=year,
        title=title,
        kind=kind,
        filed_by=actor if getattr(actor, "pk", None) else None,
        **extra,
    )
    return item


@transaction.atomic
def item_upload(
    *,
    actor,
    org: PartyOrg,
    category: Category,
    year: int,
    title: str,
    upload,
    day=None,
    text: str = "",
    box_no: str = "",
) -> Item:
    """A document that comes from outside (a scanned record, a file from the higher committee), kept as uploaded."""
    item = _item_new(
        actor=actor,
        org=org,
        category=category,
        year=year,
        title=title,
        kind=Item.Kind.UPLOAD,
        day=day,
        text=text,
        box_no=box_no,
    )
    item.file_name = _upload_checks(upload)
    validate(item)
    item.file.save(item.file_name, upload, save=False)
    return _save_item(item, actor=actor)


@transaction.atomic
def item_paper(
    *, actor, org: PartyOrg, category: Category, year: int, title: str, box_no: str = "", day=None, text: str = ""
) -> Item:
    """A paper record kept in a box (档案盒), catalogued with its box number (page, API and Excel import)."""
    item = _item_new(
        actor=actor,
        org=org,
        category=category,
        year=year,
        title=title,
        kind=Item.Kind.PAPER,
        day=day,
        text=text,
        box_no=box_no,
    )
    return _save_item(item, actor=actor)


@transaction.atomic
def item_update(*, actor, item: Item, **fields) -> Item:
    """Change an item's title, category, year, date, box number or search text (党群工作部)."""
    require_at(actor, "archive", CHANGE, item.org)
    category = fields.get("category")
    if category is not None and category != item.category and not category.active:
        message = _("This category is retired: choose another.")
        raise InvalidInput(message, errors={"category": [message]})
    if "year" in fields:
        _year(fields["year"])
    before = _snap(item)
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    return _save_item(item, actor=actor, before=before)


@transaction.atomic
def item_retire(*, actor, item: Item, active: bool = False) -> Item:
    """Take an item out of the archive (it stays recorded; filing does not bring it back) or put it back."""
    require_at(actor, "archive", DELETE, item.org)
    before = _snap(item)
    item.active = active
    return _save_item(item, actor=actor, before=before, comment=_("Retired.") if not active else _("Restored."))


# --- the year's zip --------------------------------------------------------------------------------------------


@transaction.atomic
def zip_request(*, actor, org: PartyOrg, year: int) -> ZipJob:
    """Ask for the year's archive of `org`'s subtree as one zip; built in the background once this commits. A
    request while the same zip is still being packed returns that job."""
    require_at(actor, "archive", EXPORT, org)
    _year(year)
    running = (
        ZipJob.objects.select_for_update()
        .filter(org=org, year=year, requested_by=actor, status__in=(ZipJob.Status.PENDING, ZipJob.Status.RUNNING))
        .first()
    )
    if running is not None:
        return running
    job = ZipJob(org=org, year=year, requested_by=actor, language=translation.get_language() or "zh-hans")
    validate(job)
    job.save()
    audit.record(
        actor=actor,
        action=AuditLog.Action.EXPORT,
        obj=job,
        after=audit.snapshot(job, exclude=("file",)),
    )
    from dangjian.archive.tasks import build_zip

    transaction.on_commit(lambda: build_zip(job.pk))
    return job


def zip_progress(*, job_id: int, progress: int, status: str | None = None) -> None:
    """The task's progress (0–100), written at once so the polling page sees it."""
    fields = {"progress": max(0, min(int(progress), 100))}
    if status:
        fields["status"] = status
    ZipJob.objects.filter(pk=job_id).update(**fields)


def zip_finish(*, job: ZipJob, content: bytes | None, items: int = 0, error: str = "") -> None:
    from django.core.files.base import ContentFile

    if error:
        job.status, job.error = ZipJob.Status.FAILED, error[:500]
    else:
        job.file.save(f"archive-{job.year}-{job.org.code}.zip", ContentFile(content), save=False)
        job.status, job.progress, job.error, job.items = ZipJob.Status.DONE, 100, "", items
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "error", "file", "items", "finished_at"])
