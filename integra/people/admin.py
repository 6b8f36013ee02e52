"""Django admin for the registry (superusers only: support and data repair; screens are the normal way)."""

from django.contrib import admin

from integra.people.models import Consent, Household, HouseholdMember, Participant, ParticipantGroup


class ParticipantGroupInline(admin.TabularInline):
    model = ParticipantGroup
    extra = 0
    fields = ("group",)


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = ("purpose", "scope", "given_on", "withdrawn_on")


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("last_name", "first_name", "pesel", "birth_date", "institution", "labour_status")
    list_filter = ("institution", "labour_status", "no_pesel")
    search_fields = ("last_name_key", "pesel")
    raw_id_fields = ("household",)
    inlines = [ParticipantGroupInline, ConsentInline]

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            obj.institution_id = form.instance.institution_id
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()


class HouseholdMemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0
    raw_id_fields = ("participant",)
    fields = ("participant", "first_name", "last_name", "birth_date", "relation")


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ("name", "locality", "institution", "in_social_work")
    list_filter = ("institution", "in_social_work")
    search_fields = ("name",)
    inlines = [HouseholdMemberInline]

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            obj.institution_id = form.instance.institution_id
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("participant", "purpose", "given_on", "withdrawn_on", "institution")
    list_filter = ("institution", "purpose")
    raw_id_fields = ("participant",)
