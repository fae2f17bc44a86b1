from django.contrib import admin

from lims.core.admin_mixins import ReadOnlyAdmin, VerifiedMarkMixin
from lims.hallmarks.models import AssayMark, HallmarkCheck, HallmarkedArticle, NameMark


@admin.register(AssayMark)
class AssayMarkAdmin(VerifiedMarkMixin, admin.ModelAdmin):
    """Reference data: kept here by the system administrator."""

    list_display = ["office_code", "metal", "fineness", "valid_from", "valid_to", "is_verified"]
    list_filter = ["metal", "verified"]
    search_fields = ["office_code", "description"]


@admin.register(NameMark)
class NameMarkAdmin(ReadOnlyAdmin):
    """Registered and suspended or revoked on the registry pages, through the services (audited)."""

    list_display = ["code", "producer_name", "producer_identifier", "organization", "registered_on", "status"]
    list_filter = ["status", "organization"]
    search_fields = ["code", "producer_name", "producer_identifier"]
    list_select_related = ["organization"]


@admin.register(HallmarkCheck)
class HallmarkCheckAdmin(ReadOnlyAdmin):
    list_display = ["item", "verdict", "assay_mark_presence", "name_mark_presence", "checked_at", "current"]
    list_filter = ["verdict", "current"]
    search_fields = ["item__lab_number", "observed_name_code"]
    list_select_related = ["item"]


@admin.register(HallmarkedArticle)
class HallmarkedArticleAdmin(ReadOnlyAdmin):
    list_display = ["verification_id", "item", "article_number", "assay_mark", "method", "hallmarked_at"]
    list_filter = ["method"]
    search_fields = ["verification_id", "item__lab_number"]
    list_select_related = ["item", "assay_mark"]
