from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lims.accounts import permissions
from lims.conclusions.models import Conclusion, PdfStatus
from lims.conclusions.selectors import conclusions_for
from lims.conclusions.services import conclusion_issue
from lims.intake.selectors import applications_for

PDF_LANGUAGES = {code for code, _name in settings.LANGUAGES}


@login_required
@require_POST
def issue(request, pk: int):
    if not permissions.can_issue_conclusion(request.user):
        raise PermissionDenied
    application = get_object_or_404(applications_for(request.user), pk=pk)
    language = request.POST.get("language", "ru")
    if language not in PDF_LANGUAGES:
        language = "ru"
    try:
        conclusion = conclusion_issue(actor=request.user, application=application, language=language)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Conclusion %(number)s issued.") % {"number": conclusion.number})
    return redirect("intake:application_detail", pk=pk)


@login_required
def conclusion_list(request):
    if not (
        permissions.is_control_officer(request.user)
        or permissions.can_view_lab_work(request.user)
        or permissions.is_applicant(request.user)
    ):
        raise PermissionDenied
    queryset = conclusions_for(request.user)
    number = request.GET.get("number", "").strip()
    if number:
        queryset = queryset.filter(number__icontains=number)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(request, "conclusions/conclusion_list.html", {"page": page, "number": number})


@login_required
def download(request, pk: int):
    conclusion = get_object_or_404(conclusions_for(request.user), pk=pk)
    if conclusion.pdf_status != PdfStatus.READY:
        raise Http404(_("The PDF is not ready yet."))
    return FileResponse(
        conclusion.pdf.open("rb"),
        as_attachment=True,
        filename=f"{conclusion.number}.pdf",
        content_type="application/pdf",
    )


@login_required
def pdf_status(request, pk: int):
    conclusion = get_object_or_404(conclusions_for(request.user), pk=pk)
    return JsonResponse(
        {
            "number": conclusion.number,
            "status": conclusion.pdf_status,
            "label": conclusion.get_pdf_status_display(),
        }
    )


def verify(request, token: str):
    """Public, no login: is this conclusion genuine, and what does it say in brief."""
    conclusion = get_object_or_404(
        Conclusion.objects.select_related("organization", "application"), verification_token=token
    )
    return render(request, "conclusions/verify.html", {"conclusion": conclusion})
