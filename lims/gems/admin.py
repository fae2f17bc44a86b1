from django.contrib import admin

from lims.core.admin_mixins import VerifiedMarkMixin
from lims.gems.models import GemConstant


@admin.register(GemConstant)
class GemConstantAdmin(VerifiedMarkMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "species",
        "kind",
        "ri_min",
        "ri_max",
        "optic_character",
        "sg_min",
        "sg_max",
        "is_verified",
    ]
    list_filter = ["kind", "optic_character", "verified"]
    search_fields = ["name", "code", "species"]
