"""Printable item labels: lab number, QR code, application and description."""

from lims.core.pdf import qr_svg_data_uri, render_pdf
from lims.intake.models import Item


def render_labels(items: list[Item], language: str) -> bytes:
    labels = [{"item": item, "qr": qr_svg_data_uri(item.lab_number, scale=4)} for item in items]
    return render_pdf("intake/labels.html", {"labels": labels}, language)
