"""The app's URLs under one namespace, `mentoring:`; each domain package keeps its own list."""

from mentoring.organisations import urls as organisation_urls
from mentoring.programme import urls as programme_urls

app_name = "mentoring"

urlpatterns = organisation_urls.urlpatterns + programme_urls.urlpatterns
