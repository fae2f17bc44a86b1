"""Uploaded files kept as received: their SHA-256, read in chunks so a large upload is never held whole."""

import hashlib


def file_sha256(file) -> str:
    """SHA-256 of an uploaded file; the file is rewound for saving afterwards."""
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()
