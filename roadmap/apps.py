from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Дорожная карта")

    def ready(self) -> None:
        from common.stored_files import delete_files_with_rows

        from . import panels
        from .models import Evidence

        panels.register()
        delete_files_with_rows(Evidence, "file")
