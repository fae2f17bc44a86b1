from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Controlled records are changed only by their services; the admin may look, not touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
