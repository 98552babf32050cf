"""URLs of the minutes of the pedagogical council."""

from django.urls import path

from reports.council import views

ORG = "o/<slug:org_slug>/"

urlpatterns = [
    path(ORG + "events/<int:event_id>/minutes/", views.council_minutes, name="council_minutes"),
]
