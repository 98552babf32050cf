from django.contrib import admin
from import_export.admin import ExportMixin

from mentoring.models import (
    AuditEntry,
    Competency,
    Consent,
    Meeting,
    Membership,
    MembershipRole,
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    Municipality,
    Organisation,
    Pair,
    PairMentee,
    Partner,
    Person,
    PlanTemplate,
    PlanTemplateItem,
    Preference,
    SupportNote,
)
from mentoring.programme import excel, selectors


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
class PairAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [excel.PairExportResource]
    export_formats = [excel.SafeXLSX]

    def get_export_queryset(self, request):
        return selectors.admin_pairs(super().get_export_queryset(request))

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


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "order"]
    list_editable = ["order"]
    list_filter = ["group"]
    search_fields = ["name"]


@admin.register(MentorProfile)
class MentorProfileAdmin(ExportMixin, admin.ModelAdmin):
    """The mentor base of every organisation; «Экспорт» gives the same .xlsx as the list page."""

    resource_classes = [excel.MentorExportResource]
    export_formats = [excel.SafeXLSX]
    list_display = ["person", "organisation", "status", "capacity", "trained", "interview_done"]
    list_filter = ["status", "trained", "organisation"]
    search_fields = ["person__last_name", "person__first_name"]
    list_select_related = ["person", "organisation"]
    autocomplete_fields = ["person"]
    filter_horizontal = ["competencies"]

    def get_export_queryset(self, request):
        return selectors.admin_mentor_profiles(super().get_export_queryset(request))


@admin.register(MenteeProfile)
class MenteeProfileAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [excel.MenteeExportResource]
    export_formats = [excel.SafeXLSX]
    list_display = ["person", "organisation", "category", "status"]
    list_filter = ["status", "category", "organisation"]
    search_fields = ["person__last_name", "person__first_name"]
    list_select_related = ["person", "organisation"]
    autocomplete_fields = ["person"]
    filter_horizontal = ["request_tags"]

    def get_export_queryset(self, request):
        return selectors.admin_mentee_profiles(super().get_export_queryset(request))


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["person", "organisation", "given_on", "text_version", "withdrawn_on"]
    list_filter = ["organisation"]
    search_fields = ["person__last_name"]
    list_select_related = ["person", "organisation"]
    autocomplete_fields = ["person"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "agreement_number", "agreement_date"]
    list_filter = ["organisation"]
    search_fields = ["name"]


class PlanTemplateItemInline(admin.TabularInline):
    model = PlanTemplateItem
    extra = 1


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "form", "is_active"]
    list_filter = ["form"]
    inlines = [PlanTemplateItemInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "topic", "pair"]
    list_filter = ["kind"]
    list_select_related = ["pair__mentor", "pair__form"]
    raw_id_fields = ["pair"]
    filter_horizontal = ["attendees"]


@admin.register(SupportNote)
class SupportNoteAdmin(admin.ModelAdmin):
    list_display = ["date", "mentee", "organisation", "author"]
    list_select_related = ["mentee", "organisation", "author"]
    raw_id_fields = ["mentee"]
