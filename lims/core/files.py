"""Uploaded files kept as received: their SHA-256, read in chunks so a large upload is never held whole, and
the one check of an upload's type, size and emptiness, with messages in the user's language."""

import hashlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".tif", ".tiff")


def check_upload(file, *, extensions: tuple[str, ...], max_bytes: int, expected: str) -> None:
    """Refuse a file whose name does not end in one of `extensions` (saying `expected`), one over
    `max_bytes`, or an empty one. Nothing is saved before this passes."""
    name = (getattr(file, "name", "") or "").lower()
    if not name.endswith(extensions):
        raise ValidationError(expected)
    if file.size > max_bytes:
        raise ValidationError(_("The file is larger than %(limit)d MB.") % {"limit": max_bytes // 2**20})
    if file.size == 0:
        raise ValidationError(_("The file is empty."))


def file_sha256(file) -> str:
    """SHA-256 of an uploaded file; the file is rewound for saving afterwards."""
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()
