from django.contrib import admin

from .models import (
    AuditEntry,
    Membership,
    MembershipRole,
    MentoringForm,
    Municipality,
    Organisation,
    Pair,
    PairMentee,
    Person,
    Preference,
)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "kind", "municipality", "slug"]
    list_filter = ["kind", "municipality"]
    search_fields = ["short_name", "name", "slug"]
    list_select_related = ["municipality"]


class MembershipRoleInline(admin.TabularInline):
    model = MembershipRole
    extra = 1


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "created_at"]
    list_filter = ["organisation", "roles__role"]
    search_fields = ["person__last_name", "person__first_name", "organisation__short_name"]
    list_select_related = ["person", "organisation"]
    autocomplete_fields = ["person", "organisation"]
    inlines = [MembershipRoleInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]
    show_change_link = True


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "kind", "email", "user"]
    list_filter = ["kind", "qualification_category", "memberships__organisation"]
    search_fields = ["last_name", "first_name", "patronymic", "email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    inlines = [MembershipInline]


@admin.register(MentoringForm)
class MentoringFormAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_active", "order"]
    list_editable = ["is_active", "order"]
    prepopulated_fields = {"code": ["name"]}


class PairMenteeInline(admin.TabularInline):
    model = PairMentee
    extra = 1
    autocomplete_fields = ["mentee"]


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "status", "start_date", "end_date"]
    list_filter = ["status", "form", "organisation"]
    list_select_related = ["mentor", "form", "organisation"]
    autocomplete_fields = ["mentor"]
    inlines = [PairMenteeInline]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["chooser", "chosen", "rank", "source", "organisation"]
    list_select_related = ["chooser", "chosen", "organisation"]
    autocomplete_fields = ["chooser", "chosen"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "organisation", "actor", "action", "target_repr"]
    list_filter = ["action", "organisation"]
    list_select_related = ["organisation", "actor"]
    search_fields = ["target_repr", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
