from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class ReadOnlyAdmin(admin.ModelAdmin):
    """Controlled records are changed only by their services; the admin may look, not touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VerifiedMarkMixin:
    """Reference values not yet confirmed against their source are flagged for the administrator."""

    @admin.display(description=_("verified"), boolean=True, ordering="verified")
    def is_verified(self, obj):
        return obj.verified
