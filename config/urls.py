from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config import views as config_views
from mentoring.organisations import views as mentoring_views

admin.site.site_header = _("Наставник — администрирование")
admin.site.site_title = _("Наставник")
admin.site.index_title = _("Управление данными")

urlpatterns = [
    path("", mentoring_views.home, name="home"),
    path("healthz/bare/", config_views.bare, name="bare"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("mentoring.urls")),
    path("", include("roadmap.urls")),
    path("", include("surveys.urls")),
    path("", include("reports.urls")),
]

# MEDIA is never served here, not even under DEBUG: every file goes through an access-checked download view.
