"""Human names for audit actions; apps add theirs with `register`."""

from django.utils.translation import gettext_lazy as _

_labels = {
    "person.created": _("Добавлен человек"),
    "person.updated": _("Изменены данные человека"),
    "account.created": _("Создана учётная запись"),
    "preferences.replaced": _("Записаны предпочтения"),
    "pair.approved": _("Пара утверждена"),
}


def register(code: str, label) -> None:
    _labels[code] = label


def label_for(code: str) -> str:
    return str(_labels.get(code, code))


_field_labels: dict[str, object] = {
    "reason": _("причина"),
    "kind": _("вид"),
    "title": _("название"),
    "name": _("название"),
    "username": _("имя входа"),
    "totals": _("итоги"),
    "signed_on": _("дата подписания"),
    "municipality": _("муниципалитет"),
    "mentees": _("наставляемые"),
    "mentors": _("наставники"),
    "mentor": _("наставник"),
    "mentee": _("наставляемый"),
    "event": _("мероприятие"),
    "end_date": _("дата окончания"),
    "start_date": _("дата начала"),
    "due_on": _("срок"),
    "date": _("дата"),
    "academic_year": _("учебный год"),
    "withdrawn_on": _("дата отзыва"),
    "url": _("ссылка"),
    "updated": _("изменено"),
    "topic": _("тема"),
    "text_version": _("редакция текста"),
    "template": _("шаблон"),
    "suggested": _("предложено"),
    "status": _("статус"),
    "starts_at": _("начало"),
    "source": _("источник"),
    "slug": _("адрес"),
    "sent": _("отправлено"),
    "section_deleted": _("раздел удалён"),
    "section_added": _("раздел добавлен"),
    "scan": _("скан"),
    "restored_fields": _("восстановлены поля"),
    "respondent": _("респондент"),
    "removed": _("снято"),
    "question_deleted": _("вопрос удалён"),
    "question_changed": _("вопрос изменён"),
    "question_added": _("вопрос добавлен"),
    "previous_wave": _("предыдущая волна"),
    "people": _("люди"),
    "number": _("номер"),
    "notice_date": _("дата уведомления"),
    "new": _("новое"),
    "mentor_archived": _("наставник в архиве"),
    "is_published": _("опубликовано"),
    "initiator": _("инициатор"),
    "indicators": _("показатели"),
    "how": _("способ"),
    "given_on": _("дата согласия"),
    "done": _("выполнено"),
    "chosen": _("выбрано"),
    "cancelled_by": _("кем отменено"),
    "basis": _("основание"),
    "memberships": _("участие в организациях"),
    "mentee_finished": _("наставляемый завершил"),
    "unmatched": _("без пары"),
}


def register_field(key: str, label) -> None:
    """A Russian name for a key of an audit entry's changes that is not a model field ("invited")."""
    _field_labels[key] = label


def field_label(key: str) -> str:
    return str(_field_labels.get(key, key))


def registered_fields() -> frozenset[str]:
    return frozenset(_field_labels)
