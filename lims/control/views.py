"""The control officer's pages: cases, the documents checklist, the act and the KP certificate.
Applicants see their own cases read-only; laboratory staff see none (403)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lims.accounts import permissions
from lims.conclusions.selectors import conclusions_for
from lims.control import services
from lims.control.countries import country_name
from lims.control.forms import (
    CaseFilter,
    CaseForm,
    CertificateForm,
    ConclusionForm,
    DocumentForm,
    ExemptForm,
    RefuseForm,
    RegistrationForm,
    SealForm,
)
from lims.control.models import CaseStatus, ControlDocument, Direction
from lims.control.selectors import cases_for
from lims.control.services.guards import certificate_of
from lims.core.audit import AuditEvent
from lims.core.deadlines import deadline_state, working_calendar


def _may_view(user) -> bool:
    return permissions.is_control_officer(user) or permissions.is_applicant(user)


def _officer_only(request) -> None:
    if not permissions.is_control_officer(request.user):
        raise PermissionDenied


def _case(request, pk: int):
    if not _may_view(request.user):
        raise PermissionDenied
    return get_object_or_404(cases_for(request.user), pk=pk)


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


@login_required
def case_list(request):
    if not _may_view(request.user):
        raise PermissionDenied
    filterset = CaseFilter(request.GET or None, queryset=cases_for(request.user))
    page = Paginator(filterset.qs.order_by("-opened_at", "-id"), 50).get_page(request.GET.get("page"))
    now, calendar = timezone.now(), working_calendar()
    for case in page:
        case.partner_name = country_name(case.partner_country)
        case.deadline = (
            deadline_state(case.act_due_at, now, calendar)
            if case.status == CaseStatus.DOCUMENTS_RECEIVED and case.act_due_at
            else None
        )
    return render(
        request,
        "control/list.html",
        {"filter": filterset, "page": page, "is_officer": permissions.is_control_officer(request.user)},
    )


@login_required
def case_create(request):
    _officer_only(request)
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = services.case_open(actor=request.user, **data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, _("Case %(number)s opened; add its documents.") % {"number": case.number}
            )
            return redirect("control:detail", pk=case.pk)
    return render(request, "control/create.html", {"form": form})


def _detail(request, case, status: int = 200, **forms):
    today = timezone.localdate()
    certificate = certificate_of(case)
    is_officer = permissions.is_control_officer(request.user)
    certificate_initial = {}
    if certificate is not None:
        certificate_initial = {
            name: getattr(certificate, name)
            for name in (
                "number",
                "issuing_country",
                "issuing_authority",
                "authority_email",
                "issued_on",
                "expires_on",
                "origin",
                "exporter",
                "importer",
                "parcels",
            )
        }
        for line in certificate.lines.all():
            key = line.hs_code.replace(".", "_")
            certificate_initial[f"carats_{key}"] = line.carats
            certificate_initial[f"usd_{key}"] = line.value_usd
    elif case.direction == Direction.IMPORT:
        certificate_initial = {"issuing_country": case.partner_country, "importer": case.applicant.name}
    else:
        certificate_initial = {"origin": "KZ", "exporter": case.applicant.name}
    context = {
        "case": case,
        "partner_name": country_name(case.partner_country),
        "is_officer": is_officer,
        "checklist": services.checklist(case, today),
        "documents": list(case.documents.select_related("uploaded_by")),
        "registrations": list(case.applicant.special_registrations.all()),
        "certificate": certificate,
        "lines": list(certificate.lines.all()) if certificate else [],
        "seals": list(certificate.seals.all()) if certificate else [],
        "history": AuditEvent.objects.filter(object_type="control.ControlCase", object_id=str(case.pk))
        .select_related("actor")
        .order_by("at", "id"),
        "today": today,
    }
    if is_officer and case.status in (CaseStatus.OPEN, CaseStatus.DOCUMENTS_RECEIVED):
        blockers = (
            services.receive_blockers(case, today)
            if case.status == CaseStatus.OPEN
            else services.act_blockers(case, today)
        )
        listed = {problem for check in context["checklist"] if check.applies for problem in check.problems}
        context |= {
            "blockers": blockers,
            # The checklist above already shows its problems; the step names only what it does not.
            "other_blockers": [reason for reason in blockers if reason not in listed],
            "document_form": forms.get("document_form") or DocumentForm(),
            "conclusion_form": forms.get("conclusion_form") or ConclusionForm(),
            "registration_form": forms.get("registration_form") or RegistrationForm(),
            "certificate_form": forms.get("certificate_form")
            or CertificateForm(direction=case.direction, initial=certificate_initial),
            "seal_form": forms.get("seal_form") or SealForm(),
            "refuse_form": forms.get("refuse_form") or RefuseForm(initial={"reason": "\n".join(blockers)}),
            "exempt_form": forms.get("exempt_form") or ExemptForm(),
        }
    return render(request, "control/detail.html", context, status=status)


@login_required
def case_detail(request, pk: int):
    return _detail(request, _case(request, pk))


def _act(request, pk: int, form_name: str, make_form, call, done: str):
    """One officer's action on a case: parse the form (`make_form(case)`, or None for a bare step), call
    the service, report; on error show the page again with the form and its errors (nothing typed is
    lost)."""
    case = _case(request, pk)
    _officer_only(request)
    form = make_form(case) if make_form else None
    if form is not None and not form.is_valid():
        return _detail(request, case, status=400, **{form_name: form})
    try:
        call(case, form.cleaned_data if form is not None else {})
    except ValidationError as error:
        if form is None:
            for message in error.messages:
                messages.error(request, message)
            return redirect("control:detail", pk=pk)
        _errors_to_form(form, error)
        return _detail(request, case, status=400, **{form_name: form})
    messages.success(request, done)
    return redirect("control:detail", pk=pk)


@login_required
@require_POST
def document_add(request, pk: int):
    return _act(
        request,
        pk,
        "document_form",
        lambda case: DocumentForm(request.POST, request.FILES),
        lambda case, data: services.document_add(actor=request.user, case=case, **data),
        _("Document kept."),
    )


@login_required
@require_POST
def conclusion_attach(request, pk: int):
    def attach(case, data):
        number = data["number"].strip().upper()
        conclusion = conclusions_for(request.user).filter(number=number).first()
        if conclusion is None:
            raise ValidationError(
                {"number": _("No issued conclusion has the number %(number)s.") % {"number": number}}
            )
        services.conclusion_attach(actor=request.user, case=case, conclusion=conclusion)

    return _act(
        request,
        pk,
        "conclusion_form",
        lambda case: ConclusionForm(request.POST),
        attach,
        _("Conclusion attached."),
    )


@login_required
@require_POST
def registration_add(request, pk: int):
    return _act(
        request,
        pk,
        "registration_form",
        lambda case: RegistrationForm(request.POST, request.FILES),
        lambda case, data: services.registration_record(actor=request.user, applicant=case.applicant, **data),
        _("Special registration recorded."),
    )


@login_required
@require_POST
def certificate_record(request, pk: int):
    return _act(
        request,
        pk,
        "certificate_form",
        lambda case: CertificateForm(request.POST, direction=case.direction),
        lambda case, data: services.certificate_record(actor=request.user, case=case, **data),
        _("Kimberley Process certificate recorded."),
    )


@login_required
@require_POST
def seal_add(request, pk: int):
    return _act(
        request,
        pk,
        "seal_form",
        lambda case: SealForm(request.POST),
        lambda case, data: services.seal_record(actor=request.user, case=case, **data),
        _("Seal recorded."),
    )


@login_required
@require_POST
def receive(request, pk: int):
    return _act(
        request,
        pk,
        "",
        None,
        lambda case, data: services.case_receive_documents(actor=request.user, case=case),
        _("Documents received: the act is due within one working day."),
    )


@login_required
@require_POST
def issue_act(request, pk: int):
    return _act(
        request,
        pk,
        "",
        None,
        lambda case, data: services.act_issue(actor=request.user, case=case),
        _("State control act issued: the lot is released for customs declaration."),
    )


@login_required
@require_POST
def refuse(request, pk: int):
    return _act(
        request,
        pk,
        "refuse_form",
        lambda case: RefuseForm(request.POST),
        lambda case, data: services.act_refuse(actor=request.user, case=case, **data),
        _("Refusal recorded."),
    )


@login_required
@require_POST
def exempt(request, pk: int):
    return _act(
        request,
        pk,
        "exempt_form",
        lambda case: ExemptForm(request.POST),
        lambda case, data: services.case_exempt(actor=request.user, case=case, **data),
        _("Recorded: state control does not apply."),
    )


# --- Files ------------------------------------------------------------------------------------------------


@login_required
def document_download(request, pk: int, document_pk: int):
    case = _case(request, pk)
    document = get_object_or_404(ControlDocument, case=case, pk=document_pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


@login_required
def act_pdf(request, pk: int):
    case = _case(request, pk)
    if not case.act_pdf:
        raise Http404
    return FileResponse(case.act_pdf.open("rb"), as_attachment=True, filename=f"{case.act_number}.pdf")


@login_required
def kp_pdf(request, pk: int):
    case = _case(request, pk)
    certificate = certificate_of(case)
    if certificate is None or not certificate.pdf:
        raise Http404
    return FileResponse(certificate.pdf.open("rb"), as_attachment=True, filename=f"{certificate.number}.pdf")


@login_required
def kp_json(request, pk: int):
    """The certificate as structured data for electronic exchange (R8)."""
    case = _case(request, pk)
    certificate = certificate_of(case)
    if certificate is None:
        raise Http404
    data = services.exchange_data(certificate)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{certificate.number or case.number}.json"'
    return response


@login_required
def case_files(request, pk: int):
    """The act's and the certificate's downloads, polled by the page while they are being made."""
    case = _case(request, pk)
    return render(request, "control/_files.html", {"case": case, "certificate": certificate_of(case)})
