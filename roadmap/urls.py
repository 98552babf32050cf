from django.urls import path

from . import views

app_name = "roadmap"

P = "o/<slug:org_slug>/roadmap/"

urlpatterns = [
    path(P, views.roadmap_list, name="list"),
    path(P + "new/", views.roadmap_create, name="create"),
    path(P + "import/", views.roadmap_import, name="import"),
    path(P + "import/preview/", views.roadmap_import_preview, name="import_preview"),
    path(P + "import/cancel/", views.roadmap_import_cancel, name="import_cancel"),
    path(P + "<int:roadmap_id>/", views.roadmap_detail, name="detail"),
    path(P + "<int:roadmap_id>/progress/", views.roadmap_progress, name="progress"),
    path(P + "<int:roadmap_id>/edit/", views.roadmap_edit, name="edit"),
    path(P + "<int:roadmap_id>/approve/", views.roadmap_approve, name="approve"),
    path(P + "<int:roadmap_id>/archive/", views.roadmap_archive, name="archive"),
    path(P + "<int:roadmap_id>/export.xlsx", views.roadmap_export, name="export"),
    path(P + "<int:roadmap_id>/stages/new/", views.stage_create, name="stage_create"),
    path(P + "stage/<int:stage_id>/edit/", views.stage_edit, name="stage_edit"),
    path(P + "stage/<int:stage_id>/move/<str:direction>/", views.stage_move, name="stage_move"),
    path(P + "stage/<int:stage_id>/delete/", views.stage_delete, name="stage_delete"),
    path(P + "stage/<int:stage_id>/activities/new/", views.activity_create, name="activity_create"),
    path(P + "activity/<int:activity_id>/", views.activity_detail, name="activity"),
    path(P + "activity/<int:activity_id>/row/", views.activity_row, name="activity_row"),
    path(P + "activity/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path(P + "activity/<int:activity_id>/status/", views.activity_status, name="activity_status"),
    path(P + "activity/<int:activity_id>/move/<str:direction>/", views.activity_move, name="activity_move"),
    path(P + "activity/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
    path(P + "activity/<int:activity_id>/evidence/", views.evidence_add, name="evidence_add"),
    path(P + "evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path(P + "evidence/<int:evidence_id>/delete/", views.evidence_delete, name="evidence_delete"),
    path("o/<slug:org_slug>/events/", views.event_list, name="events"),
    path("o/<slug:org_slug>/events/new/", views.event_create, name="event_create"),
    path("o/<slug:org_slug>/events/<int:event_id>/", views.event_detail, name="event"),
    path("o/<slug:org_slug>/events/<int:event_id>/edit/", views.event_edit, name="event_edit"),
    path("o/<slug:org_slug>/publications/new/", views.publication_create, name="publication_create"),
    path(
        "o/<slug:org_slug>/publications/<int:publication_id>/delete/",
        views.publication_delete,
        name="publication_delete",
    ),
    path("o/<slug:org_slug>/calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
