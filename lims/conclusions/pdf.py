"""The conclusion document."""

from django.db.models import Prefetch
from django.urls import reverse

from lims.assay.models import InvestmentAssessment, Method, Result, ResultStatus
from lims.conclusions.models import Conclusion
from lims.core.pdf import absolute_url, qr_svg_data_uri, render_pdf
from lims.gems.models import Stone
from lims.hallmarks.models import HallmarkCheck


def render_conclusion(conclusion: Conclusion) -> bytes:
    application = conclusion.application
    # The conclusion cites verified results of decisive methods only; XRF screening never appears.
    items = application.items.prefetch_related(
        Prefetch(
            "results",
            queryset=Result.objects.filter(status=ResultStatus.VERIFIED).exclude(method=Method.XRF),
            to_attr="findings",
        ),
        Prefetch(
            "stones",
            queryset=Stone.objects.decided().select_related("material").order_by("number"),
            to_attr="identified_stones",
        ),
        Prefetch(
            "hallmark_checks", queryset=HallmarkCheck.objects.filter(current=True), to_attr="current_checks"
        ),
        Prefetch(
            "investment_assessments",
            queryset=InvestmentAssessment.objects.filter(current=True),
            to_attr="assessments",
        ),
    ).order_by("sequence")
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
