"""support: admin — the shared instrument catalogue is maintained here by the operator."""

from django.contrib import admin

from integra.support.models import Instrument


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "group", "institution", "retired")
    list_filter = ("group", "retired")
    search_fields = ("code", "name")
