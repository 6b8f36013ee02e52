"""Django admin for centres, clubs, partners and staff (superusers: set-up and support)."""

from django.contrib import admin

from integra.institutions.models import Club, Institution, Membership, Partner, PopulationYear


class PopulationYearInline(admin.TabularInline):
    model = PopulationYear
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "gmina", "powiat", "voivodeship", "population", "supervisor")
    list_filter = ("kind", "voivodeship")
    search_fields = ("name", "slug", "gmina")
    inlines = [PopulationYearInline]


@admin.register(Club)
class ClubAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "institution", "register_number", "registered_on")
    list_filter = ("institution",)
    search_fields = ("name", "code")


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "institution", "city")
    list_filter = ("kind", "institution")
    search_fields = ("name", "nip")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "institution", "role", "specialty", "fte", "is_active")
    list_filter = ("institution", "role", "is_active")
    search_fields = ("user__username", "user__last_name")
    raw_id_fields = ("user",)
