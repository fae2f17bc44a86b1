"""HTML templates to PDF with WeasyPrint, and QR codes for printed documents."""

from collections.abc import Callable

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def qr_svg_data_uri(data: str, scale: int = 3) -> str:
    return segno.make(data, error="m").svg_data_uri(scale=scale, border=1)


def render_pdf(
    template_name: str, context: dict, language: str, progress: Callable[[int], None] | None = None
) -> bytes:
    """Render the template in `language` and lay it out; `progress` hears 40 (HTML ready), 80 (laid out)."""
    from weasyprint import HTML  # heavy import; only where a PDF is made

    with translation.override(language):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": language})
    if progress:
        progress(40)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    if progress:
        progress(80)
    return document.write_pdf()


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
