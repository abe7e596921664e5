"""An item's document and the year's zip: a filed record is rendered by its producer when asked (nothing stored
twice), an upload is served as uploaded, a paper record has no file (the index names its box). The zip holds the
documents by category (`01-组织生活/…`) and an index workbook (目录.xlsx) listing every item, paper ones included."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from dangjian.archive.models import Item
from dangjian.core.archiving import Document, sources
from dangjian.core.exports import build_workbook

INDEX_NAME = "目录.xlsx"
UNSAFE = re.compile(r'[\\/:*?"<>|\r\n\t]+')


def document(item: Item) -> Document | None:
    """The item's document, or None (a paper record, or a source record that no longer exists)."""
    if item.kind == Item.Kind.UPLOAD and item.file:
        with item.file.open("rb") as handle:
            content = handle.read()
        return Document(
            content=content,
            filename=item.file_name or item.file.name.rsplit("/", 1)[-1],
            content_type="application/octet-stream",
        )
    if item.kind == Item.Kind.FILED:
        source = sources().get(item.source)
        if source is not None and item.object_id is not None:
            return source.render(item.object_id)
    return None


def safe_name(text: str, limit: int = 60) -> str:
    return UNSAFE.sub("_", text).strip(" .")[:limit] or "-"


def index_headers() -> list[str]:
    return ["序号", "类别", "保管期限", "题名", "组织", "年度", "日期", "载体", "盒号", "文件"]


def build_zip(items: list[Item], *, on_progress: Callable[[int, int], None] | None = None) -> bytes:
    """The zip of `items` (in shelf order) with its index."""
    buffer = io.BytesIO()
    rows = []
    total = len(items)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for number, item in enumerate(items, start=1):
            folder = f"{item.category.order:02d}-{safe_name(item.category.name, 30)}"
            path = ""
            found = document(item)
            if found is not None:
                suffix = found.filename.rsplit(".", 1)[-1] if "." in found.filename else "bin"
                path = f"{folder}/{number:04d}-{safe_name(item.title)}.{suffix}"
                archive.writestr(path, found.content)
            rows.append(
                [
                    number,
                    item.category.name,
                    item.category.get_retention_display(),
                    item.title,
                    item.org.name,
                    item.year,
                    item.day,
                    item.get_kind_display(),
                    item.box_no,
                    path,
                ]
            )
            if on_progress is not None:
                on_progress(number, total)
        index = io.BytesIO()
        build_workbook(index_headers(), rows, sheet_title="目录").save(index)
        archive.writestr(INDEX_NAME, index.getvalue())
    return buffer.getvalue()
