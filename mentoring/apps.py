from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Наставничество")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        import common.checks  # noqa: F401  (registers the deployment checks)
        from common.middleware import stamp_on_login

        user_logged_in.connect(stamp_on_login, dispatch_uid="session_idle_stamp")
        from common.stored_files import delete_files_with_rows
        from mentoring.organisations import panels as organisation_panels
        from mentoring.organisations.db import unicode_lower_for_sqlite
        from mentoring.programme import panels as programme_panels
        from mentoring.programme.models import Consent, PlanItem

        delete_files_with_rows(Consent, "file")
        delete_files_with_rows(PlanItem, "evidence_file")
        connection_created.connect(unicode_lower_for_sqlite, dispatch_uid="mentoring_unicode_lower")
        organisation_panels.register()
        programme_panels.register()
