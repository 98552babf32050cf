"""URLs of the orders and their register."""

from django.urls import path

from reports.orders import programme_views, views

ORG = "o/<slug:org_slug>/"

urlpatterns = [
    path(ORG + "orders/", views.order_list, name="orders"),
    path(ORG + "orders/new/", views.order_create, name="order_create"),
    path(ORG + "orders/numbering/", views.register_settings, name="register_settings"),
    path(ORG + "orders/wording/", programme_views.wording_list, name="wording_list"),
    path(ORG + "orders/wording/<slug:kind>/", programme_views.wording_edit, name="wording_edit"),
    path(ORG + "events/<int:event_id>/nominations/", programme_views.nominations, name="nominations"),
    path(
        ORG + "nominations/<int:nomination_id>/delete/",
        programme_views.nomination_delete,
        name="nomination_delete",
    ),
    path(ORG + "orders/<int:order_id>/", views.order_detail, name="order"),
    path(ORG + "orders/<int:order_id>/edit/", views.order_edit, name="order_edit"),
    path(ORG + "orders/<int:order_id>/sign/", views.order_sign, name="order_sign"),
    path(ORG + "orders/<int:order_id>/pdf/", views.order_pdf, name="order_pdf"),
    path(ORG + "orders/<int:order_id>/pdf/retry/", views.order_pdf_retry, name="order_pdf_retry"),
    path(ORG + "orders/<int:order_id>/docx/", views.order_docx, name="order_docx"),
]
