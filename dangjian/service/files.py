"""Attachment checks: a file is accepted by what its first bytes say it is (JPEG, PNG, WebP or PDF), never by its
name or the browser's claimed type, and only up to a size."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from dangjian.core.errors import InvalidInput

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILES = 5
# (content type, extension, test on the first 12 bytes)
SIGNATURES = (
    ("image/jpeg", ".jpg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ("image/png", ".png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/webp", ".webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    ("application/pdf", ".pdf", lambda head: head.startswith(b"%PDF-")),
)


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) for the file that starts with `head`, or None if it is not an allowed kind."""
    for content_type, ext, test in SIGNATURES:
        if test(head):
            return content_type, ext
    return None


def check_files(files: list) -> list[tuple[object, str, str]]:
    """[(file, content type, extension)] for uploaded files, or InvalidInput on "attachments" naming the first bad
    file by its position (its name is not repeated: it may identify the sender)."""
    if len(files) > MAX_FILES:
        raise InvalidInput(
            _("Attach at most %(n)d files.") % {"n": MAX_FILES},
            errors={"attachments": [_("Attach at most %(n)d files.") % {"n": MAX_FILES}]},
        )
    checked = []
    for n, upload in enumerate(files, start=1):
        if upload.size > MAX_FILE_BYTES:
            message = _("File %(n)d is larger than %(mb)d MB.") % {"n": n, "mb": MAX_FILE_BYTES // (1024 * 1024)}
            raise InvalidInput(message, errors={"attachments": [message]})
        upload.seek(0)
        head = upload.read(12)
        upload.seek(0)
        kind = sniff(head)
        if kind is None:
            message = _("File %(n)d is not a photo (JPEG, PNG, WebP) or a PDF.") % {"n": n}
            raise InvalidInput(message, errors={"attachments": [message]})
        checked.append((without_metadata(upload, kind[0]), *kind))
    return checked


PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


def without_metadata(upload, content_type: str):
    """A photo re-encoded without its EXIF, XMP and text chunks: camera, time and GPS position could identify an
    anonymous sender, and the handler needs none of them. The orientation the EXIF gave is applied first. A PDF, or
    an image Pillow cannot decode, is kept as it came."""
    fmt = PILLOW_FORMATS.get(content_type)
    if fmt is None:
        return upload
    try:
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            if fmt == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format=fmt, quality=90)
    except (OSError, ValueError, Image.DecompressionBombError):
        upload.seek(0)
        return upload
    return ContentFile(out.getvalue(), name=getattr(upload, "name", "photo"))
