from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lims.accounts import permissions
from lims.conclusions.forms import PrepareForm
from lims.conclusions.models import IN_PROGRESS, ConclusionStatus
from lims.conclusions.selectors import conclusions_for
from lims.conclusions.services import prepare_blockers
from lims.core.choices import DeadlineState
from lims.core.deadlines import deadline_state
from lims.intake import services
from lims.intake.filters import ApplicationFilter
from lims.intake.forms import ApplicationForm, ItemFormSet, WithdrawForm
from lims.intake.labels import render_labels
from lims.intake.models import EDITABLE_STATUSES, OPEN_STATUSES, ItemCategory
from lims.intake.selectors import applications_for
from lims.intake.timeline import timeline

PAGE_SIZE = 25


@login_required
def application_list(request):
    if not (permissions.can_view_lab_work(request.user) or permissions.is_applicant(request.user)):
        raise PermissionDenied
    now = timezone.now()
    filterset = ApplicationFilter(request.GET, queryset=applications_for(request.user), now=now)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # R1 badges, live from due_at: one calendar (one query, shared with the filter) for the whole page.
    for application in page:
        application.live_deadline = (
            DeadlineState(deadline_state(application.due_at, now, filterset.calendar))
            if application.status in OPEN_STATUSES
            else None
        )
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("ordering", None)
    return render(
        request,
        "intake/application_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "ordering": request.GET.get("ordering", ""),
            "can_register": permissions.can_register(request.user),
        },
    )


@login_required
def application_detail(request, pk: int):
    application = get_object_or_404(applications_for(request.user), pk=pk)
    items = application.items.prefetch_related("results").order_by("sequence")
    user = request.user
    is_staff_view = permissions.can_view_lab_work(user)
    conclusions = conclusions_for(user).filter(application=application).select_related("amends")
    context = {
        "application": application,
        "items": items,
        "conclusions": conclusions.order_by("-prepared_at", "-id"),
        "is_staff_view": is_staff_view,
        # Stones are identified in these items (jewelry: its inserts, for the conclusion and the R4 label).
        "stone_categories": (ItemCategory.PRECIOUS_STONE, ItemCategory.ROUGH_DIAMOND, ItemCategory.JEWELRY),
        "has_jewelry": any(item.category == ItemCategory.JEWELRY for item in items),
        "can_register": permissions.can_register(user) and application.status in EDITABLE_STATUSES,
        "can_record": permissions.can_record_results(user) and application.status in EDITABLE_STATUSES,
        "withdraw_form": WithdrawForm(),
    }
    if permissions.can_record_results(user):
        issued = any(c.status == ConclusionStatus.ISSUED for c in context["conclusions"])
        context["prepare_form"] = PrepareForm()
        context["is_amendment"] = issued
        # An amendment's reason is typed in the form; a first draft shows why it cannot be prepared yet.
        context["prepare_blockers"] = [] if issued else prepare_blockers(application, user)
        context["may_prepare"] = not any(c.status in IN_PROGRESS for c in context["conclusions"])
    if is_staff_view:
        context["deliveries"] = application.deliveries.order_by("-created_at")[:20]
    if permissions.is_applicant(user):
        context["timeline"] = timeline(application)
    return render(request, "intake/application_detail.html", context)


@login_required
def application_create(request):
    if not permissions.can_register(request.user):
        raise PermissionDenied
    form = ApplicationForm(request.POST or None)
    formset = ItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_register_for_applicant(
                actor=request.user,
                existing=data["applicant"],
                kind=data["applicant_kind"],
                identifier=data["applicant_identifier"],
                name=data["applicant_name"],
                email=data.get("applicant_email") or "",
                purpose=data["purpose"],
                items=formset.item_data(),
                notes=data["notes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Application %(number)s registered with %(count)d item(s).")
                % {"number": application.number, "count": application.items.count()},
            )
            return redirect("intake:application_detail", pk=application.pk)
    return render(request, "intake/application_form.html", {"form": form, "formset": formset})


@login_required
def items_add(request, pk: int):
    application = get_object_or_404(applications_for(request.user), pk=pk)
    if not permissions.can_register(request.user):
        raise PermissionDenied
    formset = ItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and formset.is_valid():
        try:
            created = services.items_add(
                actor=request.user, application=application, items=formset.item_data()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)d item(s) added.") % {"count": len(created)})
            return redirect("intake:application_detail", pk=application.pk)
    return render(request, "intake/items_add.html", {"application": application, "formset": formset})


@login_required
@require_POST
def application_withdraw(request, pk: int):
    application = get_object_or_404(applications_for(request.user), pk=pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for withdrawal."))
        return redirect("intake:application_detail", pk=pk)
    try:
        services.application_withdraw(
            actor=request.user, application=application, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Application withdrawn."))
    return redirect("intake:application_detail", pk=pk)


@login_required
def application_labels(request, pk: int):
    if not permissions.can_view_lab_work(request.user):
        raise PermissionDenied
    application = get_object_or_404(applications_for(request.user), pk=pk)
    pdf = render_labels(list(application.items.order_by("sequence")), get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="labels-{application.number}.pdf"'
    return response


@login_required
def application_audit(request, pk: int):
    if not permissions.can_view_lab_work(request.user):
        raise PermissionDenied
    application = get_object_or_404(applications_for(request.user), pk=pk)
    events = application.audit_events.select_related("actor").order_by("at", "id")
    return render(request, "intake/application_audit.html", {"application": application, "events": events})
