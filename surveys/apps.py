from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Анкеты")

    def ready(self) -> None:
        from . import panels

        panels.register()
