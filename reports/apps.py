from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Документы и отчёты")

    def ready(self) -> None:
        from django.db.models.signals import pre_delete

        from common.stored_files import delete_files_with_rows
        from mentoring.organisations import audit_labels
        from reports.documents import registry as documents
        from reports.documents.models import GeneratedDocument
        from reports.indicators import panels as indicator_panels
        from reports.municipal import panels as municipal_panels
        from reports.municipal.models import Practice
        from reports.orders import panels as order_panels
        from reports.orders.models import Order, refuse_signed_order_deletion

        for model, field in ((GeneratedDocument, "file"), (Practice, "file"), (Order, "pdf")):
            delete_files_with_rows(model, field)
        pre_delete.connect(
            refuse_signed_order_deletion, sender=Order, dispatch_uid="refuse_signed_order_deletion"
        )
        from mentoring.programme.labour import pair_ended_early
        from reports.orders.services import draft_end_pair_order

        # Ending a pair early (ст. 351.8 ТК РФ) drafts the order on it.
        pair_ended_early.connect(draft_end_pair_order, dispatch_uid="draft_end_pair_order")
        order_panels.register()
        # The «PDF» and «Приказ» buttons each kind of document puts on the pages of the lower apps.
        documents.register_page_actions()
        indicator_panels.register()
        municipal_panels.register()
        for code, label in {
            "order.created": _("Подготовлен проект приказа"),
            "order.updated": _("Изменён проект приказа"),
            "order.signed": _("Приказ подписан"),
            "order.cancelled": _("Приказ отменён"),
            "order.pdf_stored": _("PDF подписанного приказа сохранён"),
            "order.pdf_retried": _("PDF приказа формируется заново"),
            "order_register.updated": _("Изменена нумерация приказов"),
            "document.requested": _("Заказан документ"),
            "order_wording.saved": _("Сохранён свой текст приказа"),
            "order_wording.reset": _("Возвращён стандартный текст приказа"),
            "document_section.saved": _("Сохранён свой текст раздела документа"),
            "document_section.reset": _("Возвращён стандартный текст раздела документа"),
            "nomination.created": _("Наставник выдвинут к поощрению"),
            "nomination.deleted": _("Выдвижение к поощрению снято"),
            "council_minutes.created": _("Составлен протокол педагогического совета"),
            "council_minutes.updated": _("Изменён протокол педагогического совета"),
        }.items():
            audit_labels.register(code, label)
        # The keys of the founding documents' entries that are not a field of their target.
        audit_labels.register_field("document", _("документ"))
        audit_labels.register_field("section", _("раздел"))
