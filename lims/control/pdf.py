"""The state control act and Kazakhstan's Kimberley Process certificate as documents."""

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lims.control.countries import MIXED, country_name
from lims.control.models import (
    ControlCase,
    Direction,
    DocumentKind,
    GoodsCategory,
    KimberleyCertificate,
    QuantityUnit,
)
from lims.control.services.guards import certificate_totals
from lims.core.pdf import render_pdf


class CountryName:
    """A country named in whichever language is active when it is printed (for `{% bi %}`)."""

    def __init__(self, code: str):
        self.code = code

    def __str__(self) -> str:
        return str(_("mixed")) if self.code == MIXED else country_name(self.code)


def _authority():
    from lims.control.services import authorized_body_name

    class Authority:
        def __str__(self) -> str:
            return authorized_body_name()

    return Authority()


def render_act(case: ControlCase, progress: Callable[[int], None] = lambda percent: None) -> bytes:
    """The act in Kazakh and Russian side by side."""
    context = {
        "case": case,
        "languages": ["kk", "ru"],
        "authority": _authority(),
        "partner": CountryName(case.partner_country),
        "decided_on": timezone.localtime(case.decided_at).date(),
        "received_on": timezone.localtime(case.documents_received_at).date(),
        # Choice labels stay lazy, so `{% bi %}` prints each in both languages.
        "direction": Direction(case.direction).label,
        "category": GoodsCategory(case.category).label,
        "unit": QuantityUnit(case.unit).label,
        "documents": [(DocumentKind(doc.kind).label, doc) for doc in case.documents.all()],
        "certificate": getattr(case, "kp_certificate", None),
    }
    return render_pdf("control/act_pdf.html", context, "kk", progress=progress)


def render_kp_certificate(certificate: KimberleyCertificate) -> bytes:
    """Kazakhstan's KP certificate: English (the scheme's language) with Kazakh and Russian."""
    carats, value = certificate_totals(certificate)
    context = {
        "certificate": certificate,
        "case": certificate.case,
        "languages": ["en", "kk", "ru"],
        "origin": CountryName(certificate.origin),
        "issuing_country": CountryName(certificate.issuing_country),
        "carats": carats,
        "value": value,
        "lines": list(certificate.lines.all()),
        "seals": list(certificate.seals.all()),
    }
    return render_pdf("control/kp_certificate_pdf.html", context, "en")
