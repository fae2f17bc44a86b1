"""Every upload is checked for its type, size and emptiness before anything is saved, with a clear message
(the gems, hallmarks and control tests show it at each upload)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lims.core.files import check_upload

PHOTO = {"extensions": (".jpg", ".png"), "max_bytes": 2**20, "expected": "A photo, please."}


def upload(name, content=b"data"):
    return SimpleUploadedFile(name, content)


def test_the_type_size_and_emptiness_of_an_upload_are_checked():
    check_upload(upload("Ring.JPG"), **PHOTO)
    with pytest.raises(ValidationError, match="A photo, please."):
        check_upload(upload("ring.exe"), **PHOTO)
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        check_upload(upload("ring.png", b"x" * (2**20 + 1)), **PHOTO)
    with pytest.raises(ValidationError, match="The file is empty."):
        check_upload(upload("ring.png", b""), **PHOTO)
