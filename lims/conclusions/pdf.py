"""The conclusion document."""

from django.urls import reverse

from lims.conclusions.models import Conclusion
from lims.core.pdf import absolute_url, qr_svg_data_uri, render_pdf


def render_conclusion(conclusion: Conclusion) -> bytes:
    application = conclusion.application
    items = application.items.prefetch_related("results").order_by("sequence")
    verify_url = absolute_url(reverse("conclusions:verify", args=[conclusion.verification_token]))
    context = {
        "conclusion": conclusion,
        "application": application,
        "organization": conclusion.organization,
        "applicant": application.applicant,
        "items": items,
        "verify_url": verify_url,
        "qr": qr_svg_data_uri(verify_url),
    }
    return render_pdf("conclusions/pdf.html", context, conclusion.language)
