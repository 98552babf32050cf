"""The wording of a Russian school's orders on the mentoring programme, filled from the data.

Each kind has a standard wording, a plain-text template shipped with the app
(`templates/reports/orders/wording/<kind>.txt`); an organisation may keep its own wording of a kind
(`OrderWording`), used for every new draft instead. A wording is written the way the order reads: the lines
before «ПРИКАЗЫВАЮ:» are the preamble, each line after it is one point (the numbers are put in here), and
`{{ name }}` puts in a value from the data (`VARIABLES`). The orders an order cancels get their points before
the last one («Контроль за исполнением…»); so do the points amending the orders that fixed a pair whose
people changed since (`amendments`), unless the wording places them itself.

The preamble cites the legal basis the organisation's programmes rest on (`legal_basis`): Р-145 for
mentoring of students, the recommendations of 21.12.2021 № АЗ-1128/08/657 for mentoring of teachers, the
Concept of 21.05.2025 № 1264-р for both since it was adopted, and ст. 351.8 ТК РФ where an employee mentors
an employee. The text is a starting point: the curator edits it freely while the order is a draft.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.template.defaulttags import CommentNode, ForNode, IfNode
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext as _

from common.dates import AcademicYear
from common.wording import gendered
from mentoring.models import EarlyTermination, Organisation, Pair, Person, Plan, ProgrammeSettings
from mentoring.organisations.declension import person_name, position_in_case
from mentoring.programme import labour
from reports.models import MentorNomination, Order, OrderWording
from roadmap.models import Event, Roadmap

VERB = "ПРИКАЗЫВАЮ:"
CONTROL = "Контроль за исполнением настоящего приказа оставляю за собой."

BASIS_STUDENTS = (
    "распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 "
    "«Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, "
    "осуществляющих образовательную деятельность по общеобразовательным, дополнительным "
    "общеобразовательным и программам среднего профессионального образования, в том числе с применением "
    "лучших практик обмена опытом между обучающимися»"
)
BASIS_TEACHERS = (
    "методическими рекомендациями по разработке и внедрению системы (целевой модели) наставничества "
    "педагогических работников в образовательных организациях (совместное письмо Министерства просвещения "
    "Российской Федерации и Общероссийского Профсоюза образования от 21.12.2021 № АЗ-1128/08/657)"
)
BASIS_CONCEPT = (
    "распоряжением Правительства Российской Федерации от 21.05.2025 № 1264-р «Об утверждении Концепции "
    "развития наставничества в Российской Федерации на период до 2030 года»"
)
BASIS_LABOUR = "статьёй 351.8 Трудового кодекса Российской Федерации"
CONCEPT_ADOPTED = datetime.date(2025, 5, 21)
# Kept for the code that named the one basis the orders used to cite.
BASIS_FEDERAL = f"В соответствии с {BASIS_STUDENTS}"

# The kinds with a standard wording (the «Иной приказ» is written from scratch).
WORDING_KINDS = [kind for kind in Order.Kind.values if kind != Order.Kind.FREE]

# What a wording may put in, for the edit page's hint.
VARIABLES = {
    "basis": "«В соответствии с …»: правовые основания по выбору организации",
    "organisation": "краткое название организации",
    "organisation_full": "полное название организации",
    "today": "сегодняшняя дата",
    "in_two_weeks": "дата через две недели",
    "year": "учебный год, 2025/2026",
    "curators": "кураторы (ФИО, должность — в винительном падеже: «Кузнецову Ольгу Петровну»)",
    "curators_word": "«ответственным», «ответственной» или «ответственными» — по кураторам",
    "participants_genitive": "«педагогических работников и обучающихся» и т. п.",
    "pairs_count": "число закрепляемых пар/групп",
    "labour_lines": "наставники-работники с их согласиями и дополнительными соглашениями",
    "amendments": "пункты «Внести изменения в приказ от … № …» для пар/групп, состав которых изменён после "
    "приказа",
    "plans_count": "число утверждаемых планов",
    "event_title": "название итогового мероприятия",
    "event_when": "дата и время мероприятия",
    "event_place": "место мероприятия",
    "responsible": "ответственные за мероприятие (в винительном падеже)",
    "responsible_word": "«ответственным», «ответственной» или «ответственными» — по ответственным",
    "mentor": "наставник (при досрочном прекращении; в родительном падеже)",
    "mentees": "наставляемые (в родительном падеже)",
    "form": "форма наставничества",
    "notice_from": "от кого уведомление",
    "notice_date": "дата уведомления",
    "end_date": "дата прекращения",
    "agreement": "реквизиты дополнительного соглашения",
    "payment": "оплата по соглашению",
    "nominations": "наставники к поощрению (ФИО, должность — в дательном падеже — за что)",
}

# Plain text, no HTML escaping; only the built-in tags and filters; an unknown name is empty.
_ENGINE = Engine(autoescape=False, string_if_invalid="", debug=False)
# The tags a text checked against its names (`check_template(names=…)`) may use.
_PLAIN_NODES = (TextNode, VariableNode, IfNode, ForNode, CommentNode)


def lower_first(text: str) -> str:
    """«Заместитель директора по УВР» → «заместитель директора по УВР» (abbreviations stay capitals)."""
    return text[:1].lower() + text[1:]


def _person_line(person: Person, case: str = "accs") -> str:
    """«Кузнецову Ольгу Петровну, заместителя директора по УВР»: the name and the position in the case the
    sentence needs («назначить кого» — accusative)."""
    name = person_name(person, case)
    return f"{name}, {lower_first(position_in_case(person.position, case))}" if person.position else name


def _responsible_word(people: Sequence[Person]) -> str:
    """«ответственным», «ответственной» or «ответственными»: agrees with who is appointed."""
    if len(people) > 1:
        return "ответственными"
    if not people:
        return "ответственным"
    return gendered(people[0], masculine="ответственным", feminine="ответственной")


def _numbered(points: Sequence[str]) -> str:
    return "\n".join(f"{number}. {point}" for number, point in enumerate(points, start=1))


def _cancel_points(cancels: Sequence[Order]) -> list[str]:
    return [
        f"Признать утратившим силу приказ от {order.signed_on:%d.%m.%Y} № {order.number} «{order.title}»."
        for order in cancels
    ]


def _composition_text(composition: dict[str, Any]) -> str:
    """«наставник Иванов И.И., наставляемые: Смирнов Д.О., Козлов А.А.» from a `PairChange` record."""
    mentees = composition.get("mentees") or []
    word = "наставляемый" if len(mentees) == 1 else "наставляемые"
    return f"наставник {composition.get('mentor', '')}, {word}: {', '.join(mentees) or '—'}"


def _order_accusative(name: str) -> str:
    """«Приказ от … № …» (a pair's `approval_basis`) as the object of «внести изменения в …»."""
    return "приказ " + name[len("Приказ ") :] if name.startswith("Приказ ") else name


def amendment_points(organisation: Organisation, pairs: Sequence[Pair]) -> list[str]:
    """«Внести изменения в приказ от 01.09.2026 № 12-ОД «…» в части состава …: было — …; стало — …» — one
    point per earlier order, for the pairs whose people changed after the order that fixed them."""
    from mentoring.models import PairChange

    changes: dict[int, list[PairChange]] = {}
    for change in PairChange.objects.filter(
        organisation=organisation,
        pair_id__in=[pair.pk for pair in pairs],
        needs_order=True,
        settled_at__isnull=True,
    ).order_by("created_at", "id"):
        changes.setdefault(change.pair_id, []).append(change)
    groups: dict[str, list[str]] = {}
    for pair in pairs:
        waiting = changes.get(pair.pk)
        if not waiting:
            continue
        earlier = (
            organisation.orders.filter(kind=Order.Kind.PAIRS, status=Order.Status.SIGNED, pairs=pair)
            .order_by("-signed_on", "-sequence", "-pk")
            .first()
        )
        if earlier is not None:
            name = f"приказ от {earlier.signed_on:%d.%m.%Y} № {earlier.number} «{earlier.title}»"
        else:
            name = _order_accusative(waiting[0].fixed_by)
        before, after = waiting[0].before, waiting[-1].after
        groups.setdefault(name, []).append(
            f"было — {_composition_text(before)}; стало — {_composition_text(after)}"
        )
    points = []
    for name, parts in groups.items():
        what = "наставнической пары/группы" if len(parts) == 1 else "наставнических пар/групп"
        points.append(
            f"Внести изменения в {name} в части состава {what} ({'; '.join(parts)}), "
            "утвердив состав согласно приложению к настоящему приказу."
        )
    return points


# --- The legal basis ----------------------------------------------------------------------------------------


def legal_basis_documents(
    settings: ProgrammeSettings, *, today: datetime.date, labour_applies: bool
) -> list[str]:
    """The documents a preamble cites, in the instrumental case, the law first."""
    documents = []
    if labour_applies:
        documents.append(BASIS_LABOUR)
    if today >= CONCEPT_ADOPTED:
        documents.append(BASIS_CONCEPT)
    if settings.for_students:
        documents.append(BASIS_STUDENTS)
    if settings.for_teachers:
        documents.append(BASIS_TEACHERS)
    return documents


def legal_basis(settings: ProgrammeSettings, *, today: datetime.date, labour_applies: bool) -> str:
    """«В соответствии со статьёй 351.8 …, распоряжением …»."""
    documents = legal_basis_documents(settings, today=today, labour_applies=labour_applies)
    preposition = "со" if documents[0].startswith("статьёй") else "с"
    return f"В соответствии {preposition} {', '.join(documents)}"


def participants_genitive(settings: ProgrammeSettings, organisation: Organisation) -> str:
    """Whom the programme is for, in the genitive; a kindergarten's children are «воспитанники» (ФЗ-273,
    ст. 33: those mastering a preschool programme), not «обучающиеся»."""
    children = "воспитанников" if organisation.kind == Organisation.Kind.KINDERGARTEN else "обучающихся"
    if settings.audience == ProgrammeSettings.Audience.STUDENTS:
        return children
    if settings.audience == ProgrammeSettings.Audience.TEACHERS:
        return "педагогических работников"
    return f"педагогических работников и {children}"


# --- Wordings: the standard one, the organisation's own ---------------------------------------------------


def default_wording(kind: str) -> str:
    template = get_template(f"reports/orders/wording/{kind}.txt")
    return str(template.template.source).strip()  # type: ignore[attr-defined]


def own_wording(organisation: Organisation, kind: str) -> OrderWording | None:
    return OrderWording.objects.filter(organisation=organisation, kind=kind).first()


def wording_for(organisation: Organisation, kind: str) -> str:
    own = own_wording(organisation, kind)
    return own.text if own is not None else default_wording(kind)


def _expression_names(expression: Any) -> Iterator[str]:
    """The names an expression reads: its variable and the variables given to its filters."""
    if isinstance(expression.var, Variable) and expression.var.lookups:
        yield expression.var.lookups[0]
    for _filter, arguments in expression.filters:
        for is_variable, argument in arguments:
            if is_variable and argument.lookups:
                yield argument.lookups[0]


def _condition_names(condition: Any) -> Iterator[str]:
    """The names an `{% if %}` condition reads (a tree of operators over literals)."""
    if condition is None:
        return
    if isinstance(getattr(condition, "value", None), FilterExpression):
        yield from _expression_names(condition.value)
    for side in ("first", "second"):
        yield from _condition_names(getattr(condition, side, None))


def _check_nodes(nodes: Any, names: frozenset[str]) -> None:
    for node in nodes:
        if not isinstance(node, _PLAIN_NODES):
            tag = node.token.contents.split()[0] if node.token else ""
            raise ValidationError(
                _("Тег {%% %(tag)s %%} здесь не поддерживается: можно использовать только if и for.")
                % {"tag": tag}
            )
        used: list[str] = []
        if isinstance(node, VariableNode):
            used = list(_expression_names(node.filter_expression))
        elif isinstance(node, IfNode):
            for condition, nodelist in node.conditions_nodelists:
                used += _condition_names(condition)
                _check_nodes(nodelist, names)
        elif isinstance(node, ForNode):
            used = list(_expression_names(node.sequence))
            inner = names | set(node.loopvars) | {"forloop"}
            _check_nodes(node.nodelist_loop, inner)
            _check_nodes(node.nodelist_empty, names)
        for name in used:
            if name not in names:
                raise ValidationError(
                    _(
                        "Неизвестная подстановка {{ %(name)s }}: можно использовать только подстановки "
                        "из списка."
                    )
                    % {"name": name}
                )


def check_template(text: str, *, names: Collection[str] | None = None) -> Template:
    """The text compiled as a template of the wordings, or a ValidationError in Russian. With `names`, the
    text may only read those names and use only {% if %} and {% for %} (the sections of the documents)."""
    try:
        template = _ENGINE.from_string(text)
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("В тексте ошибка в подстановке {{ … }} или {%% … %%}: %(error)s") % {"error": error}
        ) from error
    if names is not None:
        _check_nodes(template.nodelist, frozenset(names))
    return template


def render_text(text: str, values: dict[str, Any]) -> str:
    """The text filled with `values`, as plain text (nothing escaped: the document escapes it)."""
    return _ENGINE.from_string(text).render(Context(values))


def check_wording(text: str) -> str:
    """A wording that can be filled in, or a ValidationError in Russian."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("Текст приказа не может быть пустым."))
    if VERB not in text:
        raise ValidationError(_("В тексте должна быть строка «ПРИКАЗЫВАЮ:» — после неё идут пункты приказа."))
    check_template(text)
    return text


def fill(text: str, values: dict[str, Any], cancels: Sequence[Order] = ()) -> str:
    """The wording filled with `values`, its points numbered, the cancelled orders put before the last
    point — and the amendments of earlier orders, when the wording does not place them itself."""
    rendered = render_text(text, values)
    lines = [line.strip() for line in rendered.replace("\r\n", "\n").split("\n")]
    if VERB in lines:
        split = lines.index(VERB)
        preamble, points = lines[:split], lines[split + 1 :]
    else:
        preamble, points = [], lines
    preamble = [line for line in preamble if line]
    points = [line for line in points if line]
    extra = _cancel_points(cancels)
    if values.get("amendments") and "amendments" not in text:
        extra = [*values["amendments"], *extra]
    if points and points[-1].startswith("Контроль"):
        points = points[:-1] + extra + points[-1:]
    else:
        points += extra
    parts = [" ".join(preamble), VERB, _numbered(points)]
    return "\n".join(part for part in parts if part)


# --- The values of each kind --------------------------------------------------------------------------------


def _termination_values(termination: EarlyTermination) -> dict[str, Any]:
    pair = termination.pair
    mentees = [link.mentee for link in pair.pair_mentees.all()]
    agreement = labour.current_agreement(pair)
    notice_from = (
        f"наставника {_person_line(pair.mentor, 'gent')}"
        if termination.initiator == EarlyTermination.Initiator.MENTOR
        else "работодателя"
    )
    return {
        "mentor": _person_line(pair.mentor, "gent"),
        "mentees": "; ".join(_person_line(person, "gent") for person in mentees),
        "form": pair.form.name,
        "notice_from": notice_from,
        "notice_date": f"{termination.notice_date:%d.%m.%Y}",
        "end_date": f"{termination.end_date:%d.%m.%Y}",
        "agreement": f"от {agreement.signed_on:%d.%m.%Y} № {agreement.number}" if agreement else "",
        "payment": agreement.payment_text if agreement and agreement.payment_kind != "none" else "",
    }


def labour_lines(organisation: Organisation, pairs: Sequence[Pair]) -> list[str]:
    """«Петрова Е.И. — согласие от 01.09.2026, дополнительное соглашение от 01.09.2026 № 15» for each staff
    mentor of the pairs."""
    status = labour.pairs_labour_status(organisation, pairs)
    lines = []
    for pair in pairs:
        item = status[pair.pk]
        if not item.applies:
            continue
        consent = f"согласие от {item.consent.signed_on:%d.%m.%Y}" if item.consent else "согласия нет"
        agreement = (
            f"дополнительное соглашение от {item.agreement.signed_on:%d.%m.%Y} № {item.agreement.number}"
            if item.agreement
            else "дополнительного соглашения нет"
        )
        lines.append(f"{pair.mentor.short_name} — {consent}, {agreement}")
    return lines


def draft_values(
    *,
    kind: str,
    organisation: Organisation,
    today: datetime.date,
    curators: Sequence[Person] = (),
    pairs: Sequence[Pair] = (),
    roadmap: Roadmap | None = None,
    plans: Sequence[Plan] = (),
    event: Event | None = None,
    event_responsible: Sequence[Person] = (),
    termination: EarlyTermination | None = None,
    nominations: Sequence[MentorNomination] = (),
) -> dict[str, Any]:
    """Everything a wording may put in, as plain strings and numbers."""
    settings = labour.programme_settings_for(organisation)
    if kind == Order.Kind.PAIRS:
        labour_applies = any(labour.is_staff_mentor(pair) for pair in pairs)
    elif kind == Order.Kind.END_PAIR:
        labour_applies = termination is not None and labour.is_staff_mentor(termination.pair)
    else:
        labour_applies = settings.for_teachers
    year = roadmap.academic_year if roadmap is not None else AcademicYear.of(today).label
    values: dict[str, Any] = {
        "basis": legal_basis(settings, today=today, labour_applies=labour_applies),
        "organisation": organisation.short_name,
        "organisation_full": organisation.name,
        "today": f"{today:%d.%m.%Y}",
        "in_two_weeks": f"{today + datetime.timedelta(days=14):%d.%m.%Y}",
        "year": year,
        "curators": "; ".join(_person_line(person) for person in curators) or "заместителя директора по УВР",
        "curators_word": _responsible_word(curators),
        "participants_genitive": participants_genitive(settings, organisation),
        "pairs_count": len(pairs),
        "labour_lines": labour_lines(organisation, pairs) if pairs else [],
        "amendments": amendment_points(organisation, pairs) if pairs else [],
        "plans_count": len(plans),
        "nominations": [
            f"{_person_line(item.mentor, 'datv')} — {lower_first(item.reason.rstrip('.'))}"
            for item in nominations
        ],
    }
    if event is not None:
        starts = timezone.localtime(event.starts_at)
        values |= {
            "event_title": event.title,
            "event_when": f"{starts:%d.%m.%Y} в {starts:%H:%M}",
            "event_place": event.place,
            "responsible": "; ".join(_person_line(person) for person in (event_responsible or curators))
            or "куратора целевой модели наставничества",
            "responsible_word": _responsible_word(event_responsible or curators),
        }
    if termination is not None:
        values |= _termination_values(termination)
    return values


def draft_text(
    *,
    kind: str,
    organisation: Organisation,
    today: datetime.date,
    curators: Sequence[Person] = (),
    pairs: Sequence[Pair] = (),
    cancels: Sequence[Order] = (),
    roadmap: Roadmap | None = None,
    plans: Sequence[Plan] = (),
    event: Event | None = None,
    event_responsible: Sequence[Person] = (),
    termination: EarlyTermination | None = None,
    nominations: Sequence[MentorNomination] = (),
    wording: str | None = None,
) -> tuple[str, str]:
    """(title, body) of a new draft of this kind: the organisation's wording (or `wording`, for a preview)
    filled from the data."""
    title = str(Order.Kind(kind).label) if kind != Order.Kind.FREE else ""
    if kind == Order.Kind.FREE:
        return title, fill(f"{VERB}\n(текст пункта)\n{CONTROL}", {}, cancels).replace("(текст пункта)", "")
    values = draft_values(
        kind=kind,
        organisation=organisation,
        today=today,
        curators=curators,
        pairs=pairs,
        roadmap=roadmap,
        plans=plans,
        event=event,
        event_responsible=event_responsible,
        termination=termination,
        nominations=nominations,
    )
    text = wording if wording is not None else wording_for(organisation, kind)
    return title, fill(text, values, cancels)
