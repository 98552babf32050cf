from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Дорожная карта")

    def ready(self) -> None:
        from . import panels

        panels.register()
