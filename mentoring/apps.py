from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Наставничество")

    def ready(self) -> None:
        from . import panels
        from .db import unicode_lower_for_sqlite

        connection_created.connect(unicode_lower_for_sqlite, dispatch_uid="mentoring_unicode_lower")
        panels.register()
