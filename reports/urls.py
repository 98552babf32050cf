from django.urls import path

from . import extra_urls, views

app_name = "reports"

urlpatterns = [
    path("o/<slug:org_slug>/documents/", views.documents_index, name="documents"),
    path("o/<slug:org_slug>/documents/<slug:kind_key>/pdf/", views.document_pdf, name="document_pdf"),
    path(
        "o/<slug:org_slug>/documents/<slug:kind_key>/<int:object_id>/pdf/",
        views.document_pdf,
        name="document_object_pdf",
    ),
    path("o/<slug:org_slug>/documents/<slug:kind_key>/build/", views.document_build, name="document_build"),
    path("o/<slug:org_slug>/documents/files/<int:document_id>/", views.generated_detail, name="generated"),
    path(
        "o/<slug:org_slug>/documents/files/<int:document_id>/download/",
        views.generated_download,
        name="generated_download",
    ),
    path("o/<slug:org_slug>/orders/", views.order_list, name="orders"),
    path("o/<slug:org_slug>/orders/new/", views.order_create, name="order_create"),
    path("o/<slug:org_slug>/orders/numbering/", views.register_settings, name="register_settings"),
    path("o/<slug:org_slug>/orders/<int:order_id>/", views.order_detail, name="order"),
    path("o/<slug:org_slug>/orders/<int:order_id>/edit/", views.order_edit, name="order_edit"),
    path("o/<slug:org_slug>/orders/<int:order_id>/sign/", views.order_sign, name="order_sign"),
    path("o/<slug:org_slug>/orders/<int:order_id>/pdf/", views.order_pdf, name="order_pdf"),
]

# Indicators, the year's documents, the bank of practices and the coordinator's municipal pages.
urlpatterns += extra_urls.urlpatterns
