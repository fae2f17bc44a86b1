"""The conclusion document, rendered from the conclusion's frozen content."""

from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lims.conclusions import present
from lims.conclusions.models import Conclusion
from lims.core.pdf import absolute_url, qr_svg_data_uri, render_pdf


def verification_url(conclusion: Conclusion) -> str:
    return absolute_url(reverse("conclusions:verify", args=[conclusion.verification_token]))


def amends_phrase(conclusion: Conclusion) -> present.Phrase | None:
    original = conclusion.amends
    if original is None:
        return None
    return present.Phrase(
        _("This conclusion amends and supersedes conclusion %(number)s of %(date)s."),
        number=original.number,
        date=timezone.localtime(original.issued_at).date(),
    )


def render_conclusion(
    conclusion: Conclusion, progress: Callable[[int], None] = lambda percent: None
) -> bytes:
    verify_url = verification_url(conclusion)
    languages = conclusion.language_codes
    context = {
        "conclusion": conclusion,
        "languages": languages,
        "head": present.header(conclusion.content),
        "rows": present.item_rows(conclusion.content),
        "verify_url": verify_url,
        "verify_page": absolute_url(reverse("conclusions:verify_form")),
        "qr": qr_svg_data_uri(verify_url),
        "amends_phrase": amends_phrase(conclusion),
    }
    progress(20)
    return render_pdf("conclusions/pdf.html", context, languages[0], progress=progress)
