from django.contrib import admin

from mentoring.organisations.admin_journal import JournalledAdmin
from mentoring.organisations.admin_wording import RussianWordingAdmin
from reports.models import Order, OrderCounter, OrderRegister


@admin.register(Order)
class OrderAdmin(RussianWordingAdmin, JournalledAdmin, admin.ModelAdmin):
    list_display = ["__str__", "organisation", "kind", "status", "signed_on"]
    list_filter = ["status", "kind", "organisation"]
    search_fields = ["title", "number"]
    # A signed order is frozen: the administration panel shows it but never edits it.
    readonly_fields = [field.name for field in Order._meta.fields if field.name not in {"id"}]
    filter_horizontal = ["pairs", "plans"]

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_draft

    def has_delete_permission(self, request, obj=None):
        # Nobody deletes a signed order, the superuser included; drafts go one by one (no bulk action).
        return obj is not None and obj.is_draft and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class OrderCounterInline(admin.TabularInline):
    """The counter's form refuses a number below the highest already given (OrderCounter.clean)."""

    model = OrderCounter
    extra = 0
    can_delete = False


@admin.register(OrderRegister)
class OrderRegisterAdmin(RussianWordingAdmin, JournalledAdmin, admin.ModelAdmin):
    list_display = ["organisation", "number_format"]
    inlines = [OrderCounterInline]

    def has_delete_permission(self, request, obj=None):
        return False
