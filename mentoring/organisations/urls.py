"""URLs of the tenancy core: the organisation's dashboard, its people and journal, the municipality."""

from django.urls import path

from mentoring.organisations import mail_views, views
from mentoring.organisations.people_import import views as people_import

urlpatterns = [
    path("o/<slug:org_slug>/", views.organisation_dashboard, name="dashboard"),
    path("o/<slug:org_slug>/people/", views.people_list, name="people"),
    path("o/<slug:org_slug>/people/new/", views.person_create, name="person_create"),
    path("o/<slug:org_slug>/people/<int:person_id>/", views.person_detail, name="person"),
    path("o/<slug:org_slug>/people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path(
        "o/<slug:org_slug>/people/<int:person_id>/account/",
        views.person_account_create,
        name="person_account",
    ),
    path("o/<slug:org_slug>/people/<int:person_id>/remove/", views.person_remove, name="person_remove"),
    path("o/<slug:org_slug>/journal/", views.audit_list, name="audit"),
    # Organisations made in the app
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path(
        "m/<slug:municipality_slug>/organisations/new/",
        views.organisation_create,
        name="organisation_create_in",
    ),
    path("o/<slug:org_slug>/settings/", views.organisation_edit, name="organisation_edit"),
    # Logins for everyone
    path("o/<slug:org_slug>/logins/", views.logins, name="logins"),
    path("o/<slug:org_slug>/logins/slips/", views.login_slips, name="login_slips"),
    path("accounts/code/", views.login_with_code, name="login_code"),
    path("email/<str:token>/", mail_views.email_preferences, name="email_preferences"),
    # The import of people lists and its batches
    path("o/<slug:org_slug>/excel/import/", people_import.import_people, name="import"),
    path("o/<slug:org_slug>/excel/imports/", people_import.batch_list, name="import_batches"),
    path("o/<slug:org_slug>/excel/imports/<int:batch_id>/", people_import.batch_detail, name="import_batch"),
    path(
        "o/<slug:org_slug>/excel/imports/<int:batch_id>/undo/",
        people_import.batch_undo,
        name="import_batch_undo",
    ),
    path("o/<slug:org_slug>/personal-data/", views.personal_data_journal, name="personal_data"),
    path("m/<slug:municipality_slug>/", views.municipality_detail, name="municipality"),
    path("r/<slug:region_slug>/", views.region_detail, name="region"),
]
