from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Документы и отчёты")

    def ready(self) -> None:
        from mentoring.organisations import audit_labels

        from . import (  # noqa: F401 (documents register their kinds on import)
            annual_documents,
            documents,
            indicator_setup,
            panels,
            programme_documents,
        )

        panels.register()
        programme_documents.register()
        indicator_setup.register()
        for code, label in {
            "order.created": _("Подготовлен проект приказа"),
            "order.updated": _("Изменён проект приказа"),
            "order.signed": _("Приказ подписан"),
            "order.cancelled": _("Приказ отменён"),
            "order_register.updated": _("Изменена нумерация приказов"),
            "document.requested": _("Заказан документ"),
        }.items():
            audit_labels.register(code, label)
