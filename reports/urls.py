"""The app's URLs under one namespace, `reports:`; each domain package keeps its own list."""

from reports.council import urls as council_urls
from reports.documents import urls as document_urls
from reports.indicators import urls as indicator_urls
from reports.municipal import urls as municipal_urls
from reports.orders import urls as order_urls

app_name = "reports"

urlpatterns = (
    document_urls.urlpatterns
    + order_urls.urlpatterns
    + indicator_urls.urlpatterns
    + municipal_urls.urlpatterns
    + council_urls.urlpatterns
)
