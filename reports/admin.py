from django.contrib import admin

from reports.models import GeneratedDocument, Order, OrderCounter, OrderRegister


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "kind", "status", "signed_on"]
    list_filter = ["status", "kind", "organisation"]
    search_fields = ["title", "number"]
    # A signed order is frozen: the administration panel shows it but never edits it.
    readonly_fields = [field.name for field in Order._meta.fields if field.name not in {"id"}]
    filter_horizontal = ["pairs", "plans"]

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_draft


class OrderCounterInline(admin.TabularInline):
    model = OrderCounter
    extra = 0


@admin.register(OrderRegister)
class OrderRegisterAdmin(admin.ModelAdmin):
    list_display = ["organisation", "number_format"]
    inlines = [OrderCounterInline]


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "progress", "created_at"]
    list_filter = ["status", "kind"]
