"""URLs of the indicators."""

from django.urls import path

from reports.indicators import views

urlpatterns = [
    path("o/<slug:org_slug>/indicators/", views.indicator_list, name="indicators"),
]
