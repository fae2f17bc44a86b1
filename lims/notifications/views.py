from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lims.accounts import permissions
from lims.notifications import services
from lims.notifications.filters import DeliveryFilter
from lims.notifications.models import Delivery

PAGE_SIZE = 50


def deliveries_for(user):
    """The e-mails of the user's laboratory (none for anyone else)."""
    if not permissions.can_view_lab_work(user):
        return Delivery.objects.none()
    return Delivery.objects.filter(organization_id=user.organization_id).select_related("application")


@login_required
def delivery_list(request):
    if not permissions.can_view_lab_work(request.user):
        raise PermissionDenied
    deliveries = deliveries_for(request.user).order_by("-created_at", "-id")
    filterset = DeliveryFilter(request.GET, queryset=deliveries)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/delivery_list.html",
        {"filter": filterset, "page": page, "deliveries": page, "query": query.urlencode()},
    )


@login_required
@require_POST
def delivery_retry(request, pk: int):
    # Sending again is the head of laboratory's decision (the address or the server may need fixing first).
    if not permissions.can_issue_conclusion(request.user):
        raise PermissionDenied
    delivery = get_object_or_404(deliveries_for(request.user), pk=pk)
    try:
        services.delivery_retry(actor=request.user, delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The e-mail to %(name)s <%(email)s> is queued again.")
            % {"name": delivery.recipient_name, "email": delivery.recipient_email},
        )
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")
