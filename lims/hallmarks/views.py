from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lims.accounts import permissions as account_permissions
from lims.hallmarks import codes, permissions, services
from lims.hallmarks.filters import AssayMarkFilter, NameMarkFilter
from lims.hallmarks.forms import (
    HallmarkCheckForm,
    HallmarkingForm,
    NameMarkForm,
    NameMarkStatusForm,
    VerifyForm,
)
from lims.hallmarks.messages import reason_rows
from lims.hallmarks.selectors import (
    articles_for,
    assay_marks_for,
    checks_for,
    hallmarkable_items,
    lab_items_for,
    measured_result,
    name_marks_for,
    public_article,
)
from lims.hallmarks.throttling import verify_limited
from lims.intake.models import EDITABLE_STATUSES, ApplicantKind, ItemCategory
from lims.intake.selectors import applications_for

PAGE_SIZE = 25


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _image(field):
    if not field:
        raise Http404(_("No image."))
    return FileResponse(field.open("rb"))


# --- Registries --------------------------------------------------------------------------------------------


@login_required
def name_mark_list(request):
    """The name-mark registry of every organization: search by code, producer or IIN/BIN."""
    user = request.user
    if not permissions.can_read_registries(user):
        raise PermissionDenied
    filterset = NameMarkFilter(request.GET, queryset=name_marks_for(user))
    page, query = _page(request, filterset.qs)
    for mark in page:
        mark.show_identifier = mark.producer_kind == ApplicantKind.LEGAL_ENTITY or (
            permissions.can_see_producer_contact(user, mark)
        )
    return render(
        request,
        "hallmarks/name_mark_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "can_register": permissions.can_register_name_mark(user),
        },
    )


@login_required
def name_mark_register(request):
    if not permissions.can_register_name_mark(request.user):
        raise PermissionDenied
    form = NameMarkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            mark = services.name_mark_register(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Name mark %(code)s registered.") % {"code": mark.code})
            return redirect("hallmarks:name_mark_detail", pk=mark.pk)
    return render(request, "hallmarks/name_mark_form.html", {"form": form})


@login_required
def name_mark_detail(request, pk: int):
    user = request.user
    if not permissions.can_read_registries(user):
        raise PermissionDenied
    mark = get_object_or_404(name_marks_for(user).select_related("registered_by", "status_changed_by"), pk=pk)
    can_change = permissions.can_change_name_mark_status(user, mark)
    status_form = NameMarkStatusForm(name_mark=mark) if can_change else None
    return render(
        request,
        "hallmarks/name_mark_detail.html",
        {
            "mark": mark,
            "status_form": status_form if status_form and status_form.fields["status"].choices else None,
            "show_contact": permissions.can_see_producer_contact(user, mark),
        },
    )


@login_required
@require_POST
def name_mark_status(request, pk: int):
    user = request.user
    if not permissions.can_read_registries(user):
        raise PermissionDenied
    mark = get_object_or_404(name_marks_for(user), pk=pk)
    if not permissions.can_change_name_mark_status(user, mark):
        raise PermissionDenied
    form = NameMarkStatusForm(request.POST, name_mark=mark)
    if not form.is_valid():
        messages.error(request, _("Choose the new status and give the reason."))
        return redirect("hallmarks:name_mark_detail", pk=pk)
    try:
        mark = services.name_mark_status_change(
            actor=user, name_mark=mark, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Name mark %(code)s is now %(status)s.")
            % {"code": mark.code, "status": mark.get_status_display().lower()},
        )
    return redirect("hallmarks:name_mark_detail", pk=pk)


@login_required
def name_mark_image(request, pk: int):
    if not permissions.can_read_registries(request.user):
        raise PermissionDenied
    return _image(get_object_or_404(name_marks_for(request.user), pk=pk).image)


@login_required
def assay_mark_list(request):
    """The assay-mark registry, read-only (kept in the Django admin)."""
    if not permissions.can_read_registries(request.user):
        raise PermissionDenied
    filterset = AssayMarkFilter(request.GET, queryset=assay_marks_for(request.user))
    page, query = _page(request, filterset.qs)
    return render(
        request, "hallmarks/assay_mark_list.html", {"filter": filterset, "page": page, "query": query}
    )


@login_required
def assay_mark_image(request, pk: int):
    if not permissions.can_read_registries(request.user):
        raise PermissionDenied
    return _image(get_object_or_404(assay_marks_for(request.user), pk=pk).image)


# --- Checks and hallmarking --------------------------------------------------------------------------------


@login_required
def item_check(request, item_pk: int):
    """The hallmark authenticity check of one article: the current verdict, its history, and the form to
    (re-)check. Staff of the item's organization see it; technicians (the head standing in) record."""
    user = request.user
    if not account_permissions.can_view_lab_work(user):
        raise PermissionDenied
    item = get_object_or_404(
        lab_items_for(user).filter(category=ItemCategory.JEWELRY).select_related("organization"), pk=item_pk
    )
    if request.method == "POST" and not permissions.can_check_hallmarks(user):
        raise PermissionDenied
    can_check = permissions.can_check_hallmarks(user) and item.application.status in EDITABLE_STATUSES
    form = HallmarkCheckForm(request.POST or None)
    if request.method == "POST" and not can_check:
        messages.error(request, _("The application is closed; its items can no longer change."))
        return redirect("hallmarks:item_check", item_pk=item.pk)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.hallmark_check_record(actor=user, item=item, observation=form.observation())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Hallmarks of %(lab)s checked: %(verdict)s.")
                % {"lab": item.lab_number, "verdict": check.get_verdict_display().lower()},
            )
            return redirect("hallmarks:item_check", item_pk=item.pk)
    checks = list(checks_for(user).filter(item=item).order_by("-checked_at", "-id"))
    for check in checks:
        check.reason_rows = reason_rows(check.reasons)
    return render(
        request,
        "hallmarks/item_check.html",
        {
            "item": item,
            "application": item.application,
            "result": measured_result(item),
            "current": next((c for c in checks if c.current), None),
            "history": [c for c in checks if not c.current],
            "form": form,
            "can_check": can_check,
        },
    )


@login_required
def hallmarking(request, pk: int):
    """Hallmarking a batch of an application's assayed jewelry: the conforming, not yet hallmarked items
    with checkboxes, one assay mark and one method."""
    user = request.user
    if not account_permissions.can_view_lab_work(user):
        raise PermissionDenied
    application = get_object_or_404(applications_for(user), pk=pk)
    if request.method == "POST" and not permissions.can_hallmark(user):
        raise PermissionDenied
    candidates = hallmarkable_items(application.items.all()).order_by("sequence")
    form = HallmarkingForm(request.POST or None, items=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rows = services.hallmarking_record(
                actor=user, items=list(data["items"]), assay_mark=data["assay_mark"], method=data["method"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d article hallmarked.",
                    "%(count)d articles hallmarked.",
                    len(rows),
                )
                % {"count": len(rows)},
            )
            return redirect("hallmarks:articles", pk=application.pk)
    return render(
        request,
        "hallmarks/hallmarking.html",
        {
            "application": application,
            "form": form,
            "candidates": candidates,
            "can_hallmark": permissions.can_hallmark(user),
            "selected": set(request.POST.getlist("items")),
            "hallmarked_count": articles_for(user).filter(item__application=application).count(),
        },
    )


@login_required
def articles(request, pk: int):
    """The hallmarked articles of an application with their verification IDs, to print."""
    user = request.user
    if not account_permissions.can_view_lab_work(user):
        raise PermissionDenied
    application = get_object_or_404(applications_for(user), pk=pk)
    rows = (
        articles_for(user).filter(item__application=application).order_by("item__sequence", "article_number")
    )
    return render(
        request,
        "hallmarks/articles.html",
        {
            "application": application,
            "articles": rows,
            "verify_url": settings.SITE_URL.rstrip("/") + reverse("hallmarks:verify"),
        },
    )


# --- Public verification -----------------------------------------------------------------------------------


def _too_many(request):
    return render(request, "hallmarks/verify_limited.html", status=429)


def verify(request):
    """Public, no login: type the verification ID printed beside an article's hallmark."""
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("hallmarks:verify_code", code=codes.format_verification_id(form.cleaned_data["code"]))
    return render(request, "hallmarks/verify.html", {"form": form})


def verify_code(request, code: str):
    """Public, no login: what the article's hallmark certifies. Unknown IDs are a 404 saying so."""
    if verify_limited(request):
        return _too_many(request)
    facts = public_article(codes.parse_verification_id(code))
    if facts is None:
        return render(
            request,
            "hallmarks/verify_unknown.html",
            {"code": code[:32], "form": VerifyForm(initial={"code": code[:32]})},
            status=404,
        )
    return render(request, "hallmarks/verify_article.html", {"facts": facts, "form": VerifyForm()})
