from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lims.accounts import permissions
from lims.gems import labels
from lims.gems.forms import DecisionForm, EvidenceForm, StoneForm
from lims.gems.messages import PRECIOUS_REASONS, PROPERTIES, flag_text
from lims.gems.models import GemConstant, Stone
from lims.gems.selectors import stones_for
from lims.gems.services import decision_flags, evidence_add, stone_decide, stone_record
from lims.intake.models import EDITABLE_STATUSES
from lims.intake.selectors import items_for


def _lab_item(user, item_pk: int):
    """The item, if the user is staff of its organization (others: 403 for the wrong role, 404 otherwise)."""
    if not permissions.can_view_lab_work(user):
        raise PermissionDenied
    return get_object_or_404(items_for(user).select_related("organization"), pk=item_pk)


def _lab_stone(user, stone_pk: int) -> Stone:
    if not permissions.can_view_lab_work(user):
        raise PermissionDenied
    return get_object_or_404(stones_for(user).select_related("decided_by", "recorded_by"), pk=stone_pk)


def _can_edit(user, item) -> bool:
    return permissions.can_record_results(user) and item.application.status in EDITABLE_STATUSES


@login_required
def item_stones(request, item_pk: int):
    """The stones of one item with what each was identified as, and the label for artificial inserts."""
    item = _lab_item(request.user, item_pk)
    stones = item.stones.select_related("material").order_by("number")
    return render(
        request,
        "gems/item.html",
        {
            "item": item,
            "application": item.application,
            "stones": stones,
            "can_edit": _can_edit(request.user, item),
            "label": labels.insert_label(item),
        },
    )


@login_required
def stone_new(request, item_pk: int):
    item = _lab_item(request.user, item_pk)
    if not _can_edit(request.user, item):
        raise PermissionDenied
    form = StoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data.get(name) for name in form.fields}
        try:
            stone = stone_record(actor=request.user, item=item, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Stone #%(number)s recorded.") % {"number": stone.number})
            return redirect("gems:stone", stone_pk=stone.pk)
    return render(
        request, "gems/stone_new.html", {"item": item, "application": item.application, "form": form}
    )


def _candidate_rows(stone: Stone) -> list[dict]:
    names = {c.code: c for c in GemConstant.objects.all()}
    rows = []
    for candidate in stone.candidates:
        constant = names.get(candidate["code"])
        rows.append(
            {
                **candidate,
                "name": constant.localized_name if constant else candidate["code"],
                "matched_names": [str(PROPERTIES.get(p, p)) for p in candidate["matched"]],
                "mismatched_names": [str(PROPERTIES.get(p, p)) for p in candidate["mismatched"]],
            }
        )
    return rows


def _stone_page(request, stone: Stone, *, form=None, decision_form=None, problems=(), status=200):
    can_edit = _can_edit(request.user, stone.item)
    flag_codes = [flag["code"] for flag in stone.flags]
    context = {
        "stone": stone,
        "item": stone.item,
        "application": stone.item.application,
        "can_edit": can_edit,
        "form": form or StoneForm(instance=stone),
        "evidence_form": EvidenceForm(),
        "decision_form": decision_form
        or DecisionForm(
            shown_flags=flag_codes,
            initial={
                "material": stone.material_id or (stone.candidates[0]["code"] if stone.candidates else None),
                "status": stone.status,
                "variety": stone.variety,
                "pearl_type": stone.pearl_type,
                **{f"treatment_{t.code}": t.degree for t in stone.treatments.all()},
                **{f"reason_{code}": text for code, text in stone.flag_reasons.items()},
            },
        ),
        "candidates": _candidate_rows(stone),
        "flags": [{"code": f["code"], "text": flag_text(f["code"], f["detail"])} for f in stone.flags],
        "evidence": stone.evidence.select_related("recorded_by"),
        "treatments": stone.treatments.all(),
        "precious_reason": PRECIOUS_REASONS.get(stone.precious_reason, ""),
        "problems": problems,
    }
    if isinstance(context["decision_form"].initial.get("material"), str):
        # Initial material as the best candidate's code: the form wants the row.
        code = context["decision_form"].initial["material"]
        context["decision_form"].initial["material"] = GemConstant.objects.filter(code=code).first()
    return render(request, "gems/stone.html", context, status=status)


@login_required
def stone_detail(request, stone_pk: int):
    """One stone: measurements (editable while the application is open), the engine's candidates and flags,
    evidence, and the decision."""
    stone = _lab_stone(request.user, stone_pk)
    if request.method == "POST":
        if not _can_edit(request.user, stone.item):
            raise PermissionDenied
        form = StoneForm(request.POST, instance=Stone.objects.get(pk=stone.pk))
        if form.is_valid():
            data = {name: form.cleaned_data.get(name) for name in form.fields}
            try:
                stone_record(actor=request.user, item=stone.item, data=data, stone=stone)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Measurements saved."))
                return redirect("gems:stone", stone_pk=stone.pk)
        return _stone_page(request, stone, form=form, status=400)
    return _stone_page(request, stone)


@login_required
@require_POST
def evidence_upload(request, stone_pk: int):
    stone = _lab_stone(request.user, stone_pk)
    if not _can_edit(request.user, stone.item):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence_add(
                actor=request.user,
                stone=stone,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data.get("file"),
                note=form.cleaned_data.get("note") or "",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Evidence kept."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("gems:stone", stone_pk=stone.pk)


@login_required
@require_POST
def stone_decide_view(request, stone_pk: int):
    stone = _lab_stone(request.user, stone_pk)
    if not _can_edit(request.user, stone.item):
        raise PermissionDenied
    shown = [flag["code"] for flag in stone.flags]
    form = DecisionForm(request.POST, shown_flags=shown)
    problems = []
    if form.is_valid():
        choice = form.decision()
        try:
            stone_decide(actor=request.user, stone=stone, choice=choice)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("gems:stone", stone_pk=stone.pk)
        # Ask for a reason for every flag the decided material raises, keeping what was typed.
        flags = decision_flags(stone, choice.material)
        form.shown_flags = list(dict.fromkeys([*shown, *(flag["code"] for flag in flags)]))
    return _stone_page(request, stone, decision_form=form, problems=problems, status=400)


@login_required
def item_label(request, item_pk: int):
    """The printable label statement for the item's artificial inserts (R4), in Kazakh and Russian."""
    item = _lab_item(request.user, item_pk)
    return render(
        request,
        "gems/label.html",
        {"item": item, "application": item.application, "label": labels.insert_label(item)},
    )
