"""URLs of the documents: the hub, each kind rendered on request or built in the background, the year's."""

from django.urls import path

from reports.documents import section_views, views

ORG = "o/<slug:org_slug>/"

urlpatterns = [
    path(ORG + "documents/", views.documents_index, name="documents"),
    path(ORG + "documents/year/", views.year_documents, name="year_documents"),
    path(ORG + "documents/<slug:kind_key>/pdf/", views.document_pdf, name="document_pdf"),
    path(
        ORG + "documents/<slug:kind_key>/<int:object_id>/pdf/", views.document_pdf, name="document_object_pdf"
    ),
    path(ORG + "documents/<slug:kind_key>/docx/", views.document_docx, name="document_docx"),
    path(
        ORG + "documents/<slug:kind_key>/<int:object_id>/docx/",
        views.document_docx,
        name="document_object_docx",
    ),
    path(ORG + "documents/<slug:kind_key>/build/", views.document_build, name="document_build"),
    # The organisation's own text of the Положение and the Программа, section by section.
    path(ORG + "documents/<slug:document>/text/", section_views.document_text, name="document_text"),
    path(
        ORG + "documents/<slug:document>/text/<slug:section>/",
        section_views.document_section,
        name="document_section",
    ),
    path(ORG + "documents/files/<int:document_id>/", views.generated_detail, name="generated"),
    path(
        ORG + "documents/files/<int:document_id>/download/",
        views.generated_download,
        name="generated_download",
    ),
]
