"""URLs of the bank of practices and the coordinator's municipal pages."""

from django.urls import path

from reports.municipal import views

ORG = "o/<slug:org_slug>/"
MUN = "m/<slug:municipality_slug>/"

urlpatterns = [
    path(ORG + "practices/", views.practice_list, name="practices"),
    path(ORG + "practices/new/", views.practice_edit, name="practice_create"),
    path(ORG + "practices/<int:practice_id>/edit/", views.practice_edit, name="practice_edit"),
    path(ORG + "practices/<int:practice_id>/publish/", views.practice_publish, name="practice_publish"),
    path(ORG + "practices/<int:practice_id>/delete/", views.practice_delete, name="practice_delete"),
    path(ORG + "practices/<int:practice_id>/file/", views.practice_file, name="practice_file"),
    path(MUN + "organisations/", views.overview, name="municipality"),
    path(MUN + "mentors/", views.mentor_base, name="municipal_mentors"),
    path(MUN + "mentors.xlsx", views.mentor_base_export, name="municipal_mentors_export"),
    path(MUN + "practices/", views.practice_bank, name="municipal_practices"),
    path(MUN + "report/", views.report_build, name="municipal_report"),
]
