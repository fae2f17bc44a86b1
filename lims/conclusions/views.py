from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lims.accounts import permissions
from lims.conclusions import content as conclusion_content
from lims.conclusions import present, services
from lims.conclusions.forms import PrepareForm, ReasonForm, VerifyForm
from lims.conclusions.models import Conclusion, ConclusionStatus, PdfStatus
from lims.conclusions.selectors import conclusions_for, public_facts
from lims.conclusions.throttling import verify_limited
from lims.intake.selectors import applications_for


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_POST
def prepare(request, pk: int):
    application = get_object_or_404(applications_for(request.user), pk=pk)
    if not permissions.can_record_results(request.user):
        raise PermissionDenied
    form = PrepareForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the languages of the document."))
        return redirect("intake:application_detail", pk=pk)
    try:
        conclusion = services.conclusion_prepare(
            actor=request.user, application=application, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, _message(error))
        return redirect("intake:application_detail", pk=pk)
    messages.success(request, _("Draft conclusion prepared; a second person reviews it next."))
    return redirect("conclusions:detail", pk=conclusion.pk)


def _step(request, pk: int, transition, done: str, **kwargs):
    conclusion = get_object_or_404(conclusions_for(request.user), pk=pk)
    if not permissions.can_view_lab_work(request.user):
        raise PermissionDenied
    try:
        transition(actor=request.user, conclusion=conclusion, **kwargs)
    except ValidationError as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, done)
    return redirect("conclusions:detail", pk=pk)


@login_required
@require_POST
def review(request, pk: int):
    return _step(request, pk, services.conclusion_review, _("Reviewed: the content is frozen for signing."))


@login_required
@require_POST
def sign(request, pk: int):
    return _step(request, pk, services.conclusion_sign, _("Signed."))


@login_required
@require_POST
def issue(request, pk: int):
    return _step(request, pk, services.conclusion_issue, _("Issued; the PDF is being prepared."))


def _with_reason(request, pk: int, transition, done: str):
    form = ReasonForm(request.POST)
    if not form.is_valid():
        get_object_or_404(conclusions_for(request.user), pk=pk)
        messages.error(request, _("Give the reason."))
        return redirect("conclusions:detail", pk=pk)
    return _step(request, pk, transition, done, reason=form.cleaned_data["reason"])


@login_required
@require_POST
def send_back(request, pk: int):
    return _with_reason(request, pk, services.conclusion_return, _("Returned to draft."))


@login_required
@require_POST
def withdraw(request, pk: int):
    return _with_reason(request, pk, services.conclusion_withdraw, _("Withdrawn."))


def _blockers(conclusion: Conclusion, user) -> dict:
    """The next step's guards for this user, so the page explains instead of offering a failing button."""
    step = {
        ConclusionStatus.DRAFT: ("review", services.review_blockers),
        ConclusionStatus.REVIEWED: ("sign", services.sign_blockers),
        ConclusionStatus.SIGNED: ("issue", services.issue_blockers),
    }.get(conclusion.status)
    if step is None:
        return {"next_step": None, "blockers": []}
    name, guard = step
    return {"next_step": name, "blockers": guard(conclusion, user)}


@login_required
def detail(request, pk: int):
    conclusion = get_object_or_404(
        conclusions_for(request.user).select_related(
            "amends", "prepared_by", "reviewed_by", "signed_by", "issued_by", "withdrawn_by"
        ),
        pk=pk,
    )
    user = request.user
    content = conclusion.content
    if not content:  # a draft shows the findings as they stand now
        application = conclusion.application
        content = conclusion_content.snapshot(application, services.required_kinds(application))
    is_staff = permissions.can_view_lab_work(user) and user.organization_id == conclusion.organization_id
    context = {
        "conclusion": conclusion,
        "rows": present.item_rows(content),
        "head": present.header(content),
        "is_staff": is_staff,
        "can_act": is_staff and permissions.can_record_results(user),
        "can_withdraw_issued": permissions.can_issue_conclusion(user) and is_staff,
        "amendments": conclusion.amendments.order_by("prepared_at"),
        "reason_form": ReasonForm(),
        **(_blockers(conclusion, user) if is_staff else {"next_step": None, "blockers": []}),
    }
    return render(request, "conclusions/detail.html", context)


@login_required
def conclusion_list(request):
    if not (
        permissions.is_control_officer(request.user)
        or permissions.can_view_lab_work(request.user)
        or permissions.is_applicant(request.user)
    ):
        raise PermissionDenied
    queryset = conclusions_for(request.user).order_by("-issued_at", "-prepared_at", "-id")
    number = request.GET.get("number", "").strip()
    if number:
        queryset = queryset.filter(number__icontains=number)
    status = request.GET.get("status", "")
    if status in ConclusionStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "conclusions/conclusion_list.html",
        {"page": page, "number": number, "status": status, "statuses": ConclusionStatus.choices},
    )


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
            "progress": conclusion.pdf_progress,
        }
    )


def _too_many(request):
    return render(request, "hallmarks/verify_limited.html", status=429)


def _verified(request, conclusion: Conclusion):
    return render(request, "conclusions/verify.html", {"facts": public_facts(conclusion)})


PUBLIC = Conclusion.objects.select_related("organization", "amends").filter(issued_at__isnull=False)


def verify(request, token: str):
    """Public, no login, reached from the QR code: is this conclusion genuine and current."""
    if verify_limited(request):
        return _too_many(request)
    conclusion = PUBLIC.filter(verification_token=token).first()
    if conclusion is None:
        return render(request, "conclusions/verify_unknown.html", {"form": VerifyForm()}, status=404)
    return _verified(request, conclusion)


def verify_form(request):
    """Public, no login: type the number and the code printed on the document."""
    form = VerifyForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return render(request, "conclusions/verify_form.html", {"form": form})
    if verify_limited(request):
        return _too_many(request)
    conclusion = PUBLIC.filter(
        number=form.cleaned_data["number"], short_code=form.cleaned_data["code"]
    ).first()
    if conclusion is None:
        return render(request, "conclusions/verify_unknown.html", {"form": form}, status=404)
    return _verified(request, conclusion)
