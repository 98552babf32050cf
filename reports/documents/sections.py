"""The sections of the two founding documents, «Положение о системе наставничества» and «Программа
наставничества», and the organisation's own text of each.

The mechanism is that of the orders' wordings (`reports.orders.texts`): each section has a standard text, a
plain-text template shipped with the app (`templates/reports/documents/sections/<document>/<section>.txt`);
an organisation may keep its own text of a section (`DocumentSectionWording`), used in the PDF and the Word
copy instead. A text is written the way the section reads: each line is one point (its number, «3.2.», is
put in here; a line starting with «—» is a list item and gets none), and `{{ name }}` puts in a value from
the data (`VARIABLES`: the forms of mentoring, the curator, the legal basis…), so an edited text still
follows the data. Only the names of `VARIABLES` and the tags {% if %} and {% for %} may be used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.template.loader import get_template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.models import Organisation
from mentoring.organisations.declension import position_in_case
from reports.documents.models import SECTION_TEXT_MAX, DocumentSectionWording
from reports.orders import texts as order_texts

Kind = DocumentSectionWording.Kind

# (key, title) of each section, in the order of the document; the number comes from the position.
SECTIONS: dict[str, list[tuple[str, Any]]] = {
    Kind.REGULATION: [
        ("general", gettext_lazy("Общие положения")),
        ("goals", gettext_lazy("Цели и задачи наставничества")),
        ("forms", gettext_lazy("Формы наставничества")),
        ("participants", gettext_lazy("Участники системы наставничества, их права и обязанности")),
        (
            "labour",
            gettext_lazy(
                "Наставничество работников и его оплата (статья 351.8 Трудового кодекса Российской Федерации)"
            ),
        ),
        ("monitoring", gettext_lazy("Мониторинг и оценка результатов")),
        ("rewards", gettext_lazy("Поощрение наставников")),
        ("final", gettext_lazy("Заключительные положения")),
    ],
    Kind.PROGRAMME: [
        ("general", gettext_lazy("Общие положения")),
        ("goals", gettext_lazy("Цель и задачи")),
        ("forms", gettext_lazy("Формы наставничества и участники")),
        ("stages", gettext_lazy("Этапы реализации")),
        ("results", gettext_lazy("Ожидаемые результаты")),
        ("labour", gettext_lazy("Наставничество работников (статья 351.8 ТК РФ)")),
    ],
}

# What a section may put in, for the edit page's hint. Every value is a plain string (a list is already
# joined), a number or a yes/no for {% if %}.
VARIABLES: dict[str, Any] = {
    "organisation": gettext_lazy("краткое название организации"),
    "organisation_full": gettext_lazy("полное название организации"),
    "participants": gettext_lazy(
        "«педагогических работников и обучающихся» и т. п. — по настройкам программы"
    ),
    "basis": gettext_lazy(
        "правовые основания после 273-ФЗ, через запятую, в творительном падеже («распоряжением …»)"
    ),
    "forms": gettext_lazy("формы наставничества через запятую, в кавычках: «учитель – учитель», …"),
    "labour_forms": gettext_lazy(
        "формы, в которых наставляемый — работник (ст. 351.8 ТК РФ); пусто, если таких нет"
    ),
    "curators": gettext_lazy("кураторы: ФИО, должность (через точку с запятой); пусто, если не назначены"),
    "psychologists": gettext_lazy("педагоги-психологи: ФИО, должность; пусто, если их нет"),
    "director": gettext_lazy("директор: ФИО"),
    "head": gettext_lazy("руководитель по должности: «Директор» (в детском саду — «Заведующий»)"),
    "head_gent": gettext_lazy("он же в родительном падеже: «директора», «заведующего»"),
    "year": gettext_lazy("учебный год, 2025/2026"),
    "today": gettext_lazy("сегодняшняя дата"),
    "payment": gettext_lazy("оплата наставничества по умолчанию (настройки программы)"),
    "payment_conditions": gettext_lazy("условия оплаты (настройки программы)"),
    "notice_days": gettext_lazy("за сколько рабочих дней предупреждают о досрочном прекращении (3)"),
    "approving_order": gettext_lazy("утверждающий приказ: «от 01.09.2025 № 12-ОД»; пусто, пока не подписан"),
    "for_students": gettext_lazy(
        "да, если программа для обучающихся (для {% if for_students %}…{% endif %})"
    ),
    "for_teachers": gettext_lazy("да, если программа для педагогических работников"),
}

LIST_MARKS = ("—", "–", "-", "•")


@dataclass(frozen=True)
class Section:
    number: int
    key: str
    title: str
    paragraphs: list[str]
    own: DocumentSectionWording | None


def documents() -> list[str]:
    return list(SECTIONS)


def section_keys(document: str) -> list[str]:
    return [key for key, _title in SECTIONS.get(document, [])]


def section_title(document: str, section: str) -> str:
    return str(dict(SECTIONS[document])[section])


def check_section(document: str, section: str) -> None:
    """A ValidationError in Russian for a document or a section the app does not know."""
    if document not in SECTIONS:
        raise ValidationError(_("Неизвестный документ."))
    if section not in section_keys(document):
        raise ValidationError(_("В документе нет такого раздела."))


# --- Texts: the standard one, the organisation's own ------------------------------------------------------


def default_text(document: str, section: str) -> str:
    template = get_template(f"reports/documents/sections/{document}/{section}.txt")
    return str(template.template.source).strip()  # type: ignore[attr-defined]


def own_texts(organisation: Any, document: str) -> dict[str, DocumentSectionWording]:
    return {item.section: item for item in organisation.documentsectionwordings.filter(document=document)}


def text_for(organisation: Any, document: str, section: str) -> str:
    own = own_texts(organisation, document).get(section)
    return own.text if own is not None else default_text(document, section)


def check_text(text: str, *, values: dict[str, Any] | None = None) -> str:
    """A section's text that can be filled in (with `values`, tried on them), or a ValidationError in
    Russian."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(
            _(
                "Текст раздела не может быть пустым. Чтобы вернуть стандартный текст, нажмите "
                "«Вернуть стандартный текст»."
            )
        )
    if len(text) > SECTION_TEXT_MAX:
        raise ValidationError(
            _("Текст раздела слишком длинный: не больше %(max)s символов, а в нём %(count)s.")
            % {"max": SECTION_TEXT_MAX, "count": len(text)}
        )
    order_texts.check_template(text, names=VARIABLES)
    if values is not None:
        try:
            order_texts.render_text(text, values)
        except Exception as error:  # a filter that fails on the data: the visitor hears it, nothing is kept
            raise ValidationError(
                _("Текст не удаётся заполнить данными организации: %(error)s") % {"error": error}
            ) from error
    return text


def fill(text: str, values: dict[str, Any], number: int) -> list[str]:
    """The paragraphs of a section: the text filled with `values`, each line one point numbered «3.1.»,
    «3.2.»…, a line starting with a dash a list item."""
    lines = [line.strip() for line in order_texts.render_text(text, values).split("\n")]
    paragraphs, point = [], 0
    for line in lines:
        if not line:
            continue
        if line.startswith(LIST_MARKS):
            paragraphs.append(line)
            continue
        point += 1
        paragraphs.append(f"{number}.{point}. {line}")
    return paragraphs


# --- The values -------------------------------------------------------------------------------------------


def _people_line(people: list) -> str:
    return "; ".join(
        f"{person.full_name}, {order_texts.lower_first(person.position)}"
        if person.position
        else person.full_name
        for person in people
    )


def _forms_line(forms: list) -> str:
    return ", ".join(f"«{form.name}»" for form in forms)


def _head(organisation: Any) -> dict[str, str]:
    """The head's post as the documents name it: a kindergarten is run by its «заведующий»."""
    head = _("Заведующий") if organisation.kind == Organisation.Kind.KINDERGARTEN else _("Директор")
    return {"head": head, "head_gent": position_in_case(head, "gent").lower()}


def values_of(context: dict) -> dict[str, Any]:
    """Everything a section may put in, as plain strings, numbers and yes/no, from the context of the
    document (`reports.documents.foundation.foundation_context`)."""
    settings = context["settings"]
    organisation = context["organisation"]
    order = context.get("approving_order")
    director = context.get("director")
    return {
        "organisation": organisation.short_name,
        "organisation_full": organisation.name,
        "participants": context["participants"],
        "basis": ", ".join(context["basis"]),
        "forms": _forms_line(context["forms"]),
        "labour_forms": _forms_line(context["labour_forms"]),
        "curators": _people_line(context["curators"]),
        "psychologists": _people_line(context["psychologists"]),
        "director": director.full_name if director else "",
        **_head(organisation),
        "year": context["year"],
        "today": f"{context['today']:%d.%m.%Y}",
        "payment": context["payment"],
        "payment_conditions": settings.payment_conditions,
        "notice_days": context["notice_days"],
        "approving_order": f"от {order.signed_on:%d.%m.%Y} № {order.number}" if order else "",
        "for_students": bool(settings.for_students),
        "for_teachers": bool(settings.for_teachers),
    }


def sections_of(
    organisation: Any, document: str, values: dict[str, Any], *, replace: dict[str, str] | None = None
) -> list[Section]:
    """The sections of the document, each filled from its own text or the standard one; `replace` puts
    other texts in (a preview) — one query whatever the number of sections."""
    own = own_texts(organisation, document)
    replace = replace or {}
    sections = []
    for number, (key, title) in enumerate(SECTIONS[document], start=1):
        if key in replace:
            text = replace[key]
        else:
            text = own[key].text if key in own else default_text(document, key)
        sections.append(
            Section(
                number=number,
                key=key,
                title=str(title),
                paragraphs=fill(text, values, number),
                own=own.get(key),
            )
        )
    return sections
