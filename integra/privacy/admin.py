"""The access log in the admin: read-only (append-only; only `integra purge-access-log` deletes)."""

from django.contrib import admin

from integra.core.models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "institution", "user", "kind", "subject_type", "subject_id", "what", "ip_address")
    list_filter = ("kind", "institution")
    date_hierarchy = "at"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
