from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from common import dates, xlsx
from common.downloads import XLSX, download
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
    Region,
    SupportNote,
)
from mentoring.organisations.admin_journal import JournalledAdmin
from mentoring.organisations.admin_wording import RussianWordingAdmin
from mentoring.programme import excel, personal_data, selectors


class XlsxExportMixin(admin.ModelAdmin):
    """«Скачать .xlsx» on the list: the rows the list shows (its filters and search) in the same file the
    organisation's page gives (`excel.EXPORTS[export_kind]`)."""

    export_kind = ""
    change_list_template = "admin/xlsx_change_list.html"

    def export_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset

    def get_urls(self) -> list[URLPattern]:
        name = f"{self.opts.app_label}_{self.opts.model_name}_export"
        return [path("export/", self.admin_site.admin_view(self.export_view), name=name), *super().get_urls()]

    def export_view(self, request: HttpRequest) -> HttpResponseBase:
        if not self.has_view_permission(request):
            raise PermissionDenied
        queryset = self.export_queryset(self.get_changelist_instance(request).get_queryset(request))
        exporter = excel.EXPORTS[self.export_kind][0](list(queryset))
        name = xlsx.filename(str(exporter.name), "", dates.today())
        return download(exporter.render(), filename=name, content_type=XLSX)


@admin.register(Region)
class RegionAdmin(RussianWordingAdmin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(RussianWordingAdmin, admin.ModelAdmin):
    list_display = ["name", "region", "slug"]
    list_filter = ["region"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(RussianWordingAdmin, admin.ModelAdmin):
    list_display = ["short_name", "kind", "municipality", "slug"]
    list_filter = ["kind", "municipality"]
    search_fields = ["short_name", "name", "slug"]
    list_select_related = ["municipality"]


class MembershipRoleInline(admin.TabularInline):
    model = MembershipRole
    extra = 1


@admin.register(Membership)
class MembershipAdmin(RussianWordingAdmin, admin.ModelAdmin):
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
class PersonAdmin(RussianWordingAdmin, JournalledAdmin, admin.ModelAdmin):
    list_display = ["full_name", "position", "kind", "email", "user"]
    list_filter = ["kind", "qualification_category", "memberships__organisation"]
    search_fields = ["last_name", "first_name", "patronymic", "email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    inlines = [MembershipInline]

    actions = ["anonymise"]

    @admin.action(description=_("Обезличить персональные данные (152-ФЗ, по запросу человека)"))
    def anonymise(self, request, queryset):
        people = list(queryset)
        for person in people:
            personal_data.person_anonymise(
                person=person, actor=request.user, organisation=None, reason=str(_("по запросу человека"))
            )
        self.message_user(request, _("Обезличено: %(count)s") % {"count": len(people)})

    def journal_organisations(self, obj) -> list:
        memberships = obj.memberships.select_related("organisation")
        return [membership.organisation for membership in memberships] or [None]


@admin.register(MentoringForm)
class MentoringFormAdmin(RussianWordingAdmin, admin.ModelAdmin):
    list_display = ["name", "code", "is_active", "order"]
    list_editable = ["is_active", "order"]
    prepopulated_fields = {"code": ["name"]}


class PairMenteeInline(admin.TabularInline):
    model = PairMentee
    extra = 1
    autocomplete_fields = ["mentee"]


@admin.register(Pair)
class PairAdmin(RussianWordingAdmin, XlsxExportMixin, admin.ModelAdmin):
    export_kind = "pairs"

    def export_queryset(self, queryset):
        return selectors.admin_pairs(queryset)

    list_display = ["__str__", "organisation", "status", "start_date", "end_date"]
    list_filter = ["status", "form", "organisation"]
    list_select_related = ["mentor", "form", "organisation"]
    autocomplete_fields = ["mentor"]
    inlines = [PairMenteeInline]


@admin.register(Preference)
class PreferenceAdmin(RussianWordingAdmin, admin.ModelAdmin):
    list_display = ["chooser", "chosen", "rank", "source", "organisation"]
    list_select_related = ["chooser", "chosen", "organisation"]
    autocomplete_fields = ["chooser", "chosen"]


@admin.register(AuditEntry)
class AuditEntryAdmin(RussianWordingAdmin, admin.ModelAdmin):
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
class CompetencyAdmin(RussianWordingAdmin, admin.ModelAdmin):
    list_display = ["name", "group", "order"]
    list_editable = ["order"]
    list_filter = ["group"]
    search_fields = ["name"]


@admin.register(MentorProfile)
class MentorProfileAdmin(RussianWordingAdmin, XlsxExportMixin, admin.ModelAdmin):
    """The mentor base of every organisation; «Скачать .xlsx» gives the same file as the list page."""

    export_kind = "mentors"
    list_display = ["person", "organisation", "status", "capacity", "trained", "interview_done"]
    list_filter = ["status", "trained", "organisation"]
    search_fields = ["person__last_name", "person__first_name"]
    list_select_related = ["person", "organisation"]
    autocomplete_fields = ["person"]
    filter_horizontal = ["competencies"]

    def export_queryset(self, queryset):
        return selectors.admin_mentor_profiles(queryset)


@admin.register(MenteeProfile)
class MenteeProfileAdmin(RussianWordingAdmin, XlsxExportMixin, admin.ModelAdmin):
    export_kind = "mentees"
    list_display = ["person", "organisation", "category", "status"]
    list_filter = ["status", "category", "organisation"]
    search_fields = ["person__last_name", "person__first_name"]
    list_select_related = ["person", "organisation"]
    autocomplete_fields = ["person"]
    filter_horizontal = ["request_tags"]

    def export_queryset(self, queryset):
        return selectors.admin_mentee_profiles(queryset)


@admin.register(Consent)
class ConsentAdmin(RussianWordingAdmin, JournalledAdmin, admin.ModelAdmin):
    list_display = ["person", "organisation", "given_on", "text_version", "withdrawn_on"]
    list_filter = ["organisation"]
    search_fields = ["person__last_name"]
    list_select_related = ["person", "organisation"]
    autocomplete_fields = ["person"]


@admin.register(Partner)
class PartnerAdmin(RussianWordingAdmin, admin.ModelAdmin):
    list_display = ["name", "organisation", "agreement_number", "agreement_date"]
    list_filter = ["organisation"]
    search_fields = ["name"]


class PlanTemplateItemInline(admin.TabularInline):
    model = PlanTemplateItem
    extra = 1


@admin.register(PlanTemplate)
class PlanTemplateAdmin(RussianWordingAdmin, admin.ModelAdmin):
    list_display = ["name", "form", "is_active"]
    list_filter = ["form"]
    inlines = [PlanTemplateItemInline]


@admin.register(Meeting)
class MeetingAdmin(RussianWordingAdmin, admin.ModelAdmin):
    list_display = ["date", "kind", "topic", "pair"]
    list_filter = ["kind"]
    list_select_related = ["pair__mentor", "pair__form"]
    raw_id_fields = ["pair"]
    filter_horizontal = ["attendees"]


@admin.register(SupportNote)
class SupportNoteAdmin(RussianWordingAdmin, admin.ModelAdmin):
    list_display = ["date", "mentee", "organisation", "author"]
    list_select_related = ["mentee", "organisation", "author"]
    raw_id_fields = ["mentee"]
