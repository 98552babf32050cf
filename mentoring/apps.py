from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Наставничество")

    def ready(self) -> None:
        from mentoring.organisations import panels as organisation_panels
        from mentoring.organisations.db import unicode_lower_for_sqlite
        from mentoring.programme import panels as programme_panels

        connection_created.connect(unicode_lower_for_sqlite, dispatch_uid="mentoring_unicode_lower")
        organisation_panels.register()
        programme_panels.register()
