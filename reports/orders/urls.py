"""URLs of the orders and their register."""

from django.urls import path

from reports.orders import views

ORG = "o/<slug:org_slug>/"

urlpatterns = [
    path(ORG + "orders/", views.order_list, name="orders"),
    path(ORG + "orders/new/", views.order_create, name="order_create"),
    path(ORG + "orders/numbering/", views.register_settings, name="register_settings"),
    path(ORG + "orders/<int:order_id>/", views.order_detail, name="order"),
    path(ORG + "orders/<int:order_id>/edit/", views.order_edit, name="order_edit"),
    path(ORG + "orders/<int:order_id>/sign/", views.order_sign, name="order_sign"),
    path(ORG + "orders/<int:order_id>/pdf/", views.order_pdf, name="order_pdf"),
    path(ORG + "orders/<int:order_id>/docx/", views.order_docx, name="order_docx"),
]
