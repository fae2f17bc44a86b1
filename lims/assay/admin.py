from django.contrib import admin

from lims.assay.models import AssayPolicy, InvestmentAssessment, MethodSetting, Result, StandardFineness
from lims.core.admin_mixins import ReadOnlyAdmin, VerifiedMarkMixin


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ["item", "metal", "method", "fineness", "status", "conforms", "recorded_by", "verified_by"]
    list_filter = ["status", "metal", "method", "conforms"]
    list_select_related = ["item", "recorded_by", "verified_by"]
    search_fields = ["item__lab_number"]


@admin.register(InvestmentAssessment)
class InvestmentAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["item", "kind", "is_investment_gold", "current", "assessed_by", "assessed_at"]
    list_filter = ["kind", "is_investment_gold", "current"]
    list_select_related = ["item", "assessed_by"]


@admin.register(StandardFineness)
class StandardFinenessAdmin(VerifiedMarkMixin, admin.ModelAdmin):
    list_display = ["metal", "value", "active", "is_verified", "source"]
    list_filter = ["metal", "verified", "active"]
    list_editable = ["active"]


@admin.register(MethodSetting)
class MethodSettingAdmin(VerifiedMarkMixin, admin.ModelAdmin):
    list_display = [
        "method",
        "minimum_replicates",
        "agreement_limit",
        "expanded_uncertainty",
        "gravimetric_factor",
        "is_verified",
    ]
    list_filter = ["verified"]


@admin.register(AssayPolicy)
class AssayPolicyAdmin(admin.ModelAdmin):
    list_display = ["organization", "subtract_uncertainty", "document"]
