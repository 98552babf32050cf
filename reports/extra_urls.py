"""URLs of the indicators, the year's documents, the bank of practices and the municipal pages (included by
`reports/urls.py`)."""

from django.urls import path

from . import indicator_views, municipal_views

ORG = "o/<slug:org_slug>/"
MUN = "m/<slug:municipality_slug>/"

urlpatterns = [
    path(ORG + "indicators/", indicator_views.indicator_list, name="indicators"),
    path(ORG + "documents/year/", indicator_views.year_documents, name="year_documents"),
    path(ORG + "practices/", indicator_views.practice_list, name="practices"),
    path(ORG + "practices/new/", indicator_views.practice_edit, name="practice_create"),
    path(ORG + "practices/<int:practice_id>/edit/", indicator_views.practice_edit, name="practice_edit"),
    path(
        ORG + "practices/<int:practice_id>/publish/",
        indicator_views.practice_publish,
        name="practice_publish",
    ),
    path(
        ORG + "practices/<int:practice_id>/delete/", indicator_views.practice_delete, name="practice_delete"
    ),
    path(ORG + "practices/<int:practice_id>/file/", indicator_views.practice_file, name="practice_file"),
    path(MUN + "organisations/", municipal_views.overview, name="municipality"),
    path(MUN + "mentors/", municipal_views.mentor_base, name="municipal_mentors"),
    path(MUN + "mentors.xlsx", municipal_views.mentor_base_export, name="municipal_mentors_export"),
    path(MUN + "practices/", municipal_views.practice_bank, name="municipal_practices"),
    path(MUN + "report/", municipal_views.report_build, name="municipal_report"),
]
