"""URLs of the tenancy core: the organisation's dashboard, its people and journal, the municipality."""

from django.urls import path

from mentoring.organisations import views

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
    path("o/<slug:org_slug>/journal/", views.audit_list, name="audit"),
    path("o/<slug:org_slug>/personal-data/", views.personal_data_journal, name="personal_data"),
    path("m/<slug:municipality_slug>/", views.municipality_detail, name="municipality"),
    path("r/<slug:region_slug>/", views.region_detail, name="region"),
]
