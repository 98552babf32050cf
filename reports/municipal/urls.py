"""URLs of the bank of practices and the coordinator's municipal pages."""

from django.urls import path

from reports.municipal import region_views, views

ORG = "o/<slug:org_slug>/"
MUN = "m/<slug:municipality_slug>/"
REG = "r/<slug:region_slug>/"

urlpatterns = [
    path(ORG + "practices/", views.practice_list, name="practices"),
    path(ORG + "practices/new/", views.practice_edit, name="practice_create"),
    path(ORG + "practices/<int:practice_id>/edit/", views.practice_edit, name="practice_edit"),
    path(ORG + "practices/<int:practice_id>/publish/", views.practice_publish, name="practice_publish"),
    path(ORG + "practices/<int:practice_id>/delete/", views.practice_delete, name="practice_delete"),
    path(ORG + "practices/<int:practice_id>/file/", views.practice_file, name="practice_file"),
    path(MUN + "organisations/", views.overview_page, name="municipality"),
    path(MUN + "organisations.xlsx", views.overview_export, name="municipality_export"),
    path(MUN + "reports/", region_views.collections, name="municipal_collections"),
    path(MUN + "reports/new/", region_views.collection_create, name="municipal_collection_create"),
    path(MUN + "monitoring/", region_views.monitoring_list, name="municipal_monitoring"),
    path(
        MUN + "monitoring/<int:round_id>/", region_views.monitoring_round, name="municipal_monitoring_round"
    ),
    path(
        MUN + "monitoring/<int:round_id>/submit/",
        region_views.monitoring_submit,
        name="municipal_monitoring_submit",
    ),
    path(MUN + "mentors/", views.mentor_base, name="municipal_mentors"),
    path(MUN + "mentors.xlsx", views.mentor_base_export, name="municipal_mentors_export"),
    path(MUN + "practices/", views.practice_bank, name="municipal_practices"),
    path(MUN + "report/", views.report_build, name="municipal_report"),
    path(REG + "municipalities/", region_views.region_overview, name="region"),
    path(REG + "municipalities.xlsx", region_views.region_export, name="region_export"),
    path(REG + "monitoring/", region_views.region_monitoring, name="region_monitoring"),
    path(REG + "monitoring/new/", region_views.region_round_create, name="region_round_create"),
    path(REG + "monitoring/<int:round_id>/", region_views.region_round, name="region_round"),
    path(
        REG + "monitoring/<int:round_id>.xlsx", region_views.region_round_export, name="region_round_export"
    ),
    path(
        REG + "monitoring/<int:round_id>/return/<int:municipality_id>/",
        region_views.region_round_return,
        name="region_round_return",
    ),
]
