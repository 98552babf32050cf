"""State changes of the reports app: orders (draft → signed, frozen), their register, and documents built in
the background. Each change that matters leaves an audit entry."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common import dates, wording
from mentoring.models import EarlyTermination, Organisation, Pair, Person, Plan, Role
from mentoring.organisations.selectors import people_with_role
from mentoring.organisations.services import audit_entry_create, field_changes
from mentoring.organisations.types import Actor
from mentoring.programme import labour
from mentoring.programme.selectors import pairs_awaiting_new_order
from mentoring.programme.services import pair_changes_settle, pairs_approve, plan_approve
from reports.documents import pdf
from reports.documents import programme as programme_documents
from reports.documents.programme import FINAL_EVENT_KINDS
from reports.models import MentorNomination, Order, OrderCounter, OrderRegister, OrderWording
from reports.orders import texts as order_texts
from reports.orders.documents import OrderDocument, freeze_rows
from roadmap.models import Event, Roadmap
from roadmap.selectors import roadmaps_for
from roadmap.services import roadmap_approve

logger = logging.getLogger(__name__)


def order_register_for(organisation: Organisation) -> OrderRegister:
    register, _created = OrderRegister.objects.get_or_create(
        organisation=organisation,
        defaults={"number_format": getattr(settings, "REPORTS_ORDER_NUMBER_FORMAT", "{n}-ОД")},
    )
    return register


def validate_number_format(number_format: str) -> str:
    number_format = number_format.strip()
    try:
        sample = number_format.format(n=1, year=2000)
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            _("В формате номера можно использовать только {n} и {year}, фигурные скобки — только для них.")
        ) from error
    if "{n}" not in number_format:
        raise ValidationError(_("Формат номера должен содержать {n} — порядковый номер."))
    if not sample or len(sample) > 40:
        raise ValidationError(_("Слишком длинный формат номера."))
    return number_format


@transaction.atomic
def order_register_update(
    *, organisation: Organisation, actor: Actor, number_format: str, year: int, last_sequence: int
) -> OrderRegister:
    """Set how numbers are written and where this year's count stands (a school numbers all its orders in one
    register, so the mentoring orders continue its count: «680-ОД»)."""
    register = order_register_for(organisation)
    number_format = validate_number_format(number_format)
    counter, _created = OrderCounter.objects.get_or_create(register=register, year=year)
    counter = OrderCounter.objects.select_for_update().get(pk=counter.pk)
    used = organisation.orders.filter(year=year).aggregate(top=Max("sequence"))["top"] or 0
    if last_sequence < used:
        raise ValidationError(
            _("За %(year)s год уже есть приказ с номером %(used)s: последний номер не может быть меньше.")
            % {"year": year, "used": used}
        )
    changes = field_changes(register, {"number_format": number_format})
    if counter.last_sequence != last_sequence:
        changes[f"last_sequence_{year}"] = [counter.last_sequence, last_sequence]
    register.number_format = number_format
    register.save()
    counter.last_sequence = last_sequence
    counter.save()
    if changes:
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="order_register.updated",
            target=register,
            changes=changes,
        )
    return register


def _next_number(organisation: Organisation, year: int) -> tuple[int, str]:
    """The next number of the year, given under a row lock: concurrent signings wait for each other here."""
    register = order_register_for(organisation)
    counter, _created = OrderCounter.objects.get_or_create(register=register, year=year)
    counter = OrderCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    return counter.last_sequence, register.format_number(sequence=counter.last_sequence, year=year)


def _proposed_pairs(organisation: Organisation, pair_ids: Iterable[int]) -> list[Pair]:
    """The pairs a pairs order may fix: proposed ones, and working ones whose people changed after the order
    that fixed them (`pairs_awaiting_new_order`)."""
    pair_ids = sorted({int(pk) for pk in pair_ids})
    changed = pairs_awaiting_new_order(organisation).values("pk")
    pairs = list(
        organisation.pairs.filter(Q(status=Pair.Status.PROPOSED) | Q(pk__in=changed), pk__in=pair_ids)
        .select_related("mentor", "form")
        .prefetch_related("pair_mentees__mentee")
        .order_by("mentor__last_name", "pk")
    )
    if len(pairs) != len(pair_ids):
        raise ValidationError(
            _(
                "В приказ можно включить только предложенные пары/группы своей организации и пары, состав "
                "которых изменён после приказа."
            )
        )
    return pairs


def _plans_to_approve(organisation: Organisation, plan_ids: Iterable[int]) -> list[Plan]:
    """Plans an order may approve: not yet approved, of working pairs of this organisation."""
    plan_ids = sorted({int(pk) for pk in plan_ids})
    plans = list(
        Plan.objects.filter(
            Pair.working_q("pair__"),
            pk__in=plan_ids,
            pair__organisation=organisation,
            approved_at__isnull=True,
        )
    )
    if len(plans) != len(plan_ids):
        raise ValidationError(
            _(
                "В приказ можно включить только ещё не утверждённые планы работающих пар/групп "
                "своей организации."
            )
        )
    return plans


def _order_roadmap(organisation: Organisation, roadmap_id: int | str | None) -> Roadmap | None:
    if roadmap_id in (None, ""):
        return None
    roadmap = (
        roadmaps_for(organisation).exclude(status=Roadmap.Status.ARCHIVED).filter(pk=int(roadmap_id)).first()
    )
    if roadmap is None:
        raise ValidationError(_("Выберите действующую дорожную карту своей организации."))
    return roadmap


def _order_event(organisation: Organisation, event_id: int | str | None) -> Event | None:
    if event_id in (None, ""):
        return None
    event = organisation.events.select_related("activity").filter(pk=int(event_id)).first()
    if event is None:
        raise ValidationError(_("Выберите мероприятие своей организации."))
    return event


def _order_termination(
    organisation: Organisation, termination_id: int | str | None
) -> EarlyTermination | None:
    if termination_id in (None, ""):
        return None
    termination = (
        EarlyTermination.objects.filter(organisation=organisation, pk=int(termination_id))
        .select_related("pair__mentor", "pair__form")
        .prefetch_related("pair__pair_mentees__mentee")
        .first()
    )
    if termination is None:
        raise ValidationError(_("Выберите досрочное прекращение наставничества своей организации."))
    return termination


def _nominations(event: Event | None) -> list[MentorNomination]:
    if event is None:
        return []
    return list(
        event.nominations.select_related("mentor").order_by("mentor__last_name", "mentor__first_name")
    )


def _signed_orders(
    organisation: Organisation, order_ids: Iterable[int], *, exclude: int | None = None
) -> list[Order]:
    order_ids = sorted({int(pk) for pk in order_ids} - {exclude})
    orders = list(organisation.orders.filter(pk__in=order_ids, status=Order.Status.SIGNED))
    if len(orders) != len(order_ids):
        raise ValidationError(_("Отменить можно только действующий подписанный приказ своей организации."))
    return orders


def _check_content(
    *,
    kind: str,
    title: str,
    body: str,
    pairs: list[Pair],
    plans: Sequence[Plan] = (),
    roadmap: Roadmap | None = None,
    event: Event | None = None,
    termination: EarlyTermination | None = None,
) -> None:
    if kind not in Order.Kind.values:
        raise ValidationError(_("Неизвестный вид приказа."))
    if not title.strip():
        raise ValidationError(_("Укажите заголовок приказа."))
    if not body.strip():
        raise ValidationError(_("Текст приказа не может быть пустым."))
    if kind == Order.Kind.PAIRS and not pairs:
        raise ValidationError(_("Выберите хотя бы одну предложенную пару/группу для закрепления."))
    if kind != Order.Kind.PAIRS and pairs:
        raise ValidationError(
            _("Пары закрепляются только приказом «О закреплении наставнических пар/групп».")
        )
    if kind == Order.Kind.PLANS and not plans:
        raise ValidationError(_("Выберите хотя бы один индивидуальный план для утверждения."))
    if kind != Order.Kind.PLANS and plans:
        raise ValidationError(_("Планы утверждаются только приказом «Об утверждении индивидуальных планов»."))
    if kind != Order.Kind.ROADMAP and roadmap is not None:
        raise ValidationError(_("Дорожная карта прикладывается только к приказу о её утверждении."))
    if kind not in (Order.Kind.FINAL_EVENT, Order.Kind.REWARD) and event is not None:
        raise ValidationError(
            _("Мероприятие указывается только в приказах об итоговом мероприятии и о поощрении наставников.")
        )
    if kind == Order.Kind.REWARD and (event is None or not event.nominations.exists()):
        raise ValidationError(
            _("Выберите итоговое мероприятие, к которому выдвинуты наставники для поощрения.")
        )
    if kind == Order.Kind.END_PAIR and termination is None:
        raise ValidationError(_("Приказ о досрочном прекращении составляется по записи о прекращении пары."))
    if kind != Order.Kind.END_PAIR and termination is not None:
        raise ValidationError(_("Досрочное прекращение указывается только в приказе о нём."))
    if kind == Order.Kind.PAIRS:
        labour.require_labour_papers(pairs[0].organisation, pairs)


@transaction.atomic
def order_create(
    *,
    organisation: Organisation,
    actor: Actor,
    kind: str,
    title: str | None = None,
    body: str | None = None,
    pair_ids: Iterable[int] = (),
    cancel_ids: Iterable[int] = (),
    plan_ids: Iterable[int] = (),
    roadmap_id: int | None = None,
    event_id: int | None = None,
    termination_id: int | None = None,
    today: datetime.date | None = None,
) -> Order:
    """A draft order; its title and body get the standard wording filled from the data unless given (the
    roadmap it approves, the plans, the final event with its date, place and responsible)."""
    if kind not in Order.Kind.values:
        raise ValidationError(_("Неизвестный вид приказа."))
    pairs = _proposed_pairs(organisation, pair_ids)
    cancels = _signed_orders(organisation, cancel_ids)
    plans = _plans_to_approve(organisation, plan_ids)
    roadmap = _order_roadmap(organisation, roadmap_id)
    event = _order_event(organisation, event_id)
    termination = _order_termination(organisation, termination_id)
    curators = list(people_with_role(organisation, Role.CURATOR).order_by("last_name", "pk"))
    default_title, default_body = order_texts.draft_text(
        kind=kind,
        organisation=organisation,
        today=today or dates.today(organisation),
        curators=curators,
        pairs=pairs,
        cancels=cancels,
        roadmap=roadmap,
        plans=plans,
        event=event,
        event_responsible=programme_documents.event_responsible(organisation, event) if event else (),
        termination=termination,
        nominations=_nominations(event) if kind == Order.Kind.REWARD else (),
    )
    title = (title or "").strip() or default_title
    body = (body or "").strip() or default_body
    _check_content(
        kind=kind,
        title=title,
        body=body,
        pairs=pairs,
        plans=plans,
        roadmap=roadmap,
        event=event,
        termination=termination,
    )
    order = Order.objects.create(
        organisation=organisation,
        kind=kind,
        title=title,
        body=body,
        roadmap=roadmap,
        event=event,
        termination=termination,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    order.pairs.set(pairs)
    order.plans.set(plans)
    order.cancels.set(cancels)
    changes = {"kind": order.get_kind_display(), "pairs": len(pairs)}
    if plans:
        changes["plans"] = len(plans)
    if roadmap is not None:
        changes["roadmap"] = str(roadmap)
    if event is not None:
        changes["event"] = str(event)
    if termination is not None:
        changes["termination"] = str(termination)
    audit_entry_create(
        actor=actor, organisation=organisation, action="order.created", target=order, changes=changes
    )
    return order


def _lock_draft(organisation: Organisation, order_id: int) -> Order:
    order = organisation.orders.select_for_update().filter(pk=order_id).first()
    if order is None:
        raise ValidationError(_("Приказ не найден."))
    if order.status != Order.Status.DRAFT:
        raise ValidationError(
            _("Приказ %(number)s уже подписан: его нельзя изменить, только отменить другим приказом.")
            % {"number": order.short_label}
        )
    return order


@transaction.atomic
def order_update(
    *,
    organisation: Organisation,
    order_id: int,
    actor: Actor,
    title: str,
    body: str,
    pair_ids: Iterable[int] = (),
    cancel_ids: Iterable[int] = (),
    plan_ids: Iterable[int] = (),
    roadmap_id: int | None = None,
    event_id: int | None = None,
) -> Order:
    order = _lock_draft(organisation, order_id)
    pairs = _proposed_pairs(organisation, pair_ids)
    cancels = _signed_orders(organisation, cancel_ids, exclude=order.pk)
    plans = _plans_to_approve(organisation, plan_ids)
    roadmap = _order_roadmap(organisation, roadmap_id)
    event = _order_event(organisation, event_id)
    title, body = title.strip(), body.strip()
    _check_content(
        kind=order.kind,
        title=title,
        body=body,
        pairs=pairs,
        plans=plans,
        roadmap=roadmap,
        event=event,
        termination=order.termination,
    )
    changes = field_changes(order, {"title": title, "body": body, "roadmap": roadmap, "event": event})
    if "body" in changes:
        changes["body"] = _("текст изменён")
    old_pairs = set(order.pairs.values_list("pk", flat=True))
    if old_pairs != {pair.pk for pair in pairs}:
        changes["pairs"] = [len(old_pairs), len(pairs)]
    old_plans = set(order.plans.values_list("pk", flat=True))
    if old_plans != {plan.pk for plan in plans}:
        changes["plans"] = [len(old_plans), len(plans)]
    old_cancels = set(order.cancels.values_list("pk", flat=True))
    if old_cancels != {item.pk for item in cancels}:
        changes["cancels"] = [item.short_label for item in cancels]
    order.title, order.body = title, body
    order.roadmap, order.event = roadmap, event
    order.save()
    order.pairs.set(pairs)
    order.plans.set(plans)
    order.cancels.set(cancels)
    if changes:
        audit_entry_create(
            actor=actor, organisation=organisation, action="order.updated", target=order, changes=changes
        )
    return order


def director_of(organisation: Organisation, user: Actor) -> Person | None:
    """The person the user is as a director of this organisation (their own role, never a superuser's)."""
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(
        user=user, memberships__organisation=organisation, memberships__roles__role=Role.DIRECTOR
    ).first()


def _signer_name(person: Person) -> str:
    initials = "".join(f"{part[0]}." for part in (person.first_name, person.patronymic) if part)
    return f"{initials} {person.last_name}".strip()


def order_pdf_bytes(order: Order) -> bytes:
    """The order as PDF: for a signed order this is called once, at signing; drafts get a marked preview."""
    return OrderDocument.render_pdf(order.organisation, {"order": order.pk})


def _approve_plans(*, organisation: Organisation, plan_ids: list[int], actor: Actor) -> list[Plan]:
    """All the plans of the order approved through the mentoring service, or none: the rows are locked
    first, so two orders signed at once cannot approve one plan twice — the second sees it approved and is
    refused as a whole."""
    plans = list(
        Plan.objects.select_for_update()
        .filter(pk__in=plan_ids, pair__organisation=organisation)
        .select_related("pair__mentor")
        .order_by("pk")
    )
    if len(plans) != len(set(plan_ids)):
        raise ValidationError(_("Индивидуальный план из приказа не найден в организации."))
    approved = [plan for plan in plans if plan.approved_at is not None]
    if approved:
        raise ValidationError(
            _("Индивидуальные планы уже утверждены: %(plans)s. Уберите их из приказа.")
            % {"plans": ", ".join(plan.pair.mentor.short_name for plan in approved)}
        )
    stopped = [plan for plan in plans if not plan.pair.is_working]
    if stopped:
        raise ValidationError(
            _("Пара/группа больше не работает: %(plans)s. Уберите её план из приказа.")
            % {"plans": ", ".join(plan.pair.mentor.short_name for plan in stopped)}
        )
    for plan in plans:
        plan_approve(plan=plan, actor=actor)
    return plans


def _approve_programme(
    *, organisation: Organisation, order: Order, actor: Actor, signer: Person
) -> dict[str, Any]:
    """What signing a programme order approves: the plans of an order on plans; the roadmap of an order on
    the roadmap when it is still a draft (an approved one is only linked; an archived one is refused).
    Returns the audit changes."""
    changes: dict[str, Any] = {}
    plan_ids = list(order.plans.values_list("pk", flat=True))
    if order.kind == Order.Kind.PLANS:
        if not plan_ids:
            raise ValidationError(_("В приказе нет ни одного индивидуального плана."))
        changes["plans"] = len(_approve_plans(organisation=organisation, plan_ids=plan_ids, actor=actor))
    if order.kind == Order.Kind.ROADMAP and order.roadmap_id:
        roadmap = Roadmap.objects.select_for_update().get(pk=order.roadmap_id)
        if roadmap.status == Roadmap.Status.ARCHIVED:
            raise ValidationError(_("Дорожная карта в архиве: утвердить её приказом нельзя."))
        if roadmap.status == Roadmap.Status.DRAFT:
            roadmap_approve(
                roadmap=roadmap,
                actor=actor,
                approved_on=order.signed_on or dates.today(organisation),
                approver_position=order.signer_position,
                approver_name=order.signer_name,
            )
            changes["roadmap_approved"] = str(roadmap)
    return changes


def order_sign(
    *, organisation: Organisation, order_id: int, actor: Actor, signed_on: datetime.date | None = None
) -> Order:
    """The director signs: the next number of the year's register, the date, the signer; the pairs of a pairs
    order approved and the orders it cancels cancelled — all in one transaction, so a refusal anywhere leaves
    everything as it was. The PDF is laid out once afterwards by the task worker (`order_pdf_build`) and
    stored with its SHA-256; the order's page shows «документ формируется» until then."""
    signer = director_of(organisation, actor)
    if signer is None:
        raise PermissionDenied(_("Подписывать приказы может только директор организации."))
    signed_on = signed_on or dates.today(organisation)
    with transaction.atomic():
        order = _lock_draft(organisation, order_id)
        pair_ids = list(order.pairs.values_list("pk", flat=True))
        if order.kind == Order.Kind.PAIRS and not pair_ids:
            raise ValidationError(_("В приказе нет ни одной пары/группы."))
        if order.kind == Order.Kind.PAIRS:
            labour.require_labour_papers(
                organisation,
                organisation.pairs.filter(pk__in=pair_ids)
                .select_related("mentor", "form")
                .prefetch_related("pair_mentees__mentee")
                .order_by("mentor__last_name", "pk"),
            )
        cancels = list(
            organisation.orders.select_for_update()
            .filter(pk__in=order.cancels.values_list("pk", flat=True))
            .order_by("pk")
        )
        gone = [item for item in cancels if item.status != Order.Status.SIGNED]
        if gone:
            raise ValidationError(
                _("Приказ %(number)s уже отменён: уберите его из списка отменяемых.")
                % {"number": gone[0].short_label}
            )
        order.sequence, order.number = _next_number(organisation, signed_on.year)
        order.year = signed_on.year
        order.signed_on = signed_on
        order.signed_at = timezone.now()
        order.signed_by = actor if actor is not None and actor.is_authenticated else None
        order.signer_name = _signer_name(signer)
        order.signer_position = signer.position or _("Директор")
        order.status = Order.Status.SIGNED
        order.save()
        if pair_ids:
            # A proposed pair is approved by the order; a working pair whose people changed after its order is
            # fixed again by this one.
            changed_ids = set(
                pairs_awaiting_new_order(organisation).filter(pk__in=pair_ids).values_list("pk", flat=True)
            )
            proposed_ids = [pk for pk in pair_ids if pk not in changed_ids]
            if proposed_ids:
                pairs_approve(organisation=organisation, pair_ids=proposed_ids, actor=actor, basis=str(order))
            if changed_ids:
                pair_changes_settle(
                    organisation=organisation, pair_ids=changed_ids, actor=actor, basis=str(order)
                )
        approved = _approve_programme(organisation=organisation, order=order, actor=actor, signer=signer)
        # The appendix's people as signed: the PDF laid out afterwards and every Word copy read them.
        order.frozen_rows = freeze_rows(order)
        order.save(update_fields=["frozen_rows", "updated_at"])
        for cancelled in cancels:
            cancelled.status = Order.Status.CANCELLED
            cancelled.cancelled_by = order
            cancelled.save(update_fields=["status", "cancelled_by", "updated_at"])
            audit_entry_create(
                actor=actor,
                organisation=organisation,
                action="order.cancelled",
                target=cancelled,
                changes={"cancelled_by": order.short_label},
            )
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="order.signed",
            target=order,
            changes={"number": order.number, "signed_on": signed_on, **approved},
        )
        # Enqueued in the same transaction: the task row exists exactly when the signature does. The
        # director's click answers now; the worker lays the PDF out and freezes it (`order_pdf_build`).
        _enqueue_pdf_build(order)
    # A worker that ran at once (in tests, or a fast queue) may have stored the file already.
    order.refresh_from_db()
    return order


def _enqueue_pdf_build(order: Order) -> None:
    from reports.orders.tasks import build_signed_order_pdf

    build_signed_order_pdf.enqueue(order.pk)


def order_pdf_build(*, order_id: int) -> Order | None:
    """The task worker's job after a signature: lay the signed order out once, store the file with its SHA-256
    and never again. Laid out outside any lock (it takes seconds); stored under the order's row lock, so of
    two workers building one order only the first file is kept. A failure is kept on the order for the
    director to start again (`order_pdf_retry`); the signature, number and approvals stand."""
    order = Order.objects.select_related("organisation").filter(pk=order_id).first()
    if order is None or order.is_draft or order.pdf:
        return order

    def progress(done: int, total: int) -> None:
        Order.objects.filter(pk=order_id).update(pdf_progress=min(5 + int(85 * done / max(total, 1)), 90))

    Order.objects.filter(pk=order_id).update(pdf_progress=5, pdf_error="")
    try:
        data = OrderDocument.render_pdf(order.organisation, {"order": order.pk}, progress=progress)
    except Exception as error:
        logger.exception("Signed order %s: PDF failed", order_id)
        message = (
            "; ".join(error.messages)
            if isinstance(error, ValidationError)
            else _("Не удалось сформировать PDF приказа. Попробуйте ещё раз или сообщите администратору.")
        )
        Order.objects.filter(pk=order_id).update(pdf_error=message[:500], pdf_progress=0)
        order.refresh_from_db()
        return order
    stored_name = None
    try:
        with transaction.atomic():
            locked = Order.objects.select_for_update().select_related("organisation").get(pk=order_id)
            if locked.pdf:
                return locked
            locked.pdf_sha256 = pdf.sha256(data)
            locked.pdf.save(
                f"prikaz-{locked.organisation.slug}-{locked.year}-{locked.sequence}.pdf",
                ContentFile(data),
                save=False,
            )
            stored_name = locked.pdf.name
            locked.pdf_progress = 100
            locked.pdf_error = ""
            locked.save(update_fields=["pdf", "pdf_sha256", "pdf_progress", "pdf_error", "updated_at"])
            audit_entry_create(
                actor=None,
                organisation=locked.organisation,
                action="order.pdf_stored",
                target=locked,
                changes={"sha256": locked.pdf_sha256},
            )
    except Exception:
        # The row was not updated; the file written for it must not outlive it.
        if stored_name:
            Order._meta.get_field("pdf").storage.delete(stored_name)
        raise
    return locked


def order_pdf_retry(*, organisation: Organisation, order_id: int, actor: Actor) -> Order:
    """After a failed layout: the PDF of the signed order queued again (a double click queues it once)."""
    with transaction.atomic():
        order = organisation.orders.select_for_update().filter(pk=order_id).first()
        if order is None or order.is_draft:
            raise ValidationError(_("Приказ не найден или ещё не подписан."))
        if order.pdf or not order.pdf_error:
            return order
        order.pdf_error = ""
        order.pdf_progress = 0
        order.save(update_fields=["pdf_error", "pdf_progress", "updated_at"])
        audit_entry_create(
            actor=actor, organisation=organisation, action="order.pdf_retried", target=order, changes={}
        )
        _enqueue_pdf_build(order)
    order.refresh_from_db()
    return order


# --- Ending a pair early: the order is drafted at once ----------------------------------------------------


def draft_end_pair_order(sender: object, termination: EarlyTermination, actor: Actor, **kwargs: Any) -> Order:
    """`labour.pair_ended_early` receiver: the draft order «О досрочном прекращении наставничества»."""
    return order_create(
        organisation=termination.organisation,
        actor=actor,
        kind=Order.Kind.END_PAIR,
        termination_id=termination.pk,
    )


# --- The organisation's own wording of a kind -------------------------------------------------------------


def _wording_kind(kind: str) -> str:
    if kind not in order_texts.WORDING_KINDS:
        raise ValidationError(_("Неизвестный вид приказа."))
    return kind


@transaction.atomic
def order_wording_save(*, organisation: Organisation, actor: Actor, kind: str, text: str) -> OrderWording:
    """Keep the organisation's own wording of a kind; every new draft of the kind uses it."""
    kind = _wording_kind(kind)
    text = order_texts.check_wording(text)
    wording = OrderWording.objects.select_for_update().filter(organisation=organisation, kind=kind).first()
    if wording is None:
        wording = OrderWording(organisation=organisation, kind=kind)
    wording.text = text
    wording.updated_by = actor if actor is not None and actor.is_authenticated else None
    wording.full_clean()
    wording.save()
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="order_wording.saved",
        target=wording,
        changes={"kind": wording.get_kind_display()},
    )
    return wording


@transaction.atomic
def order_wording_reset(*, organisation: Organisation, actor: Actor, kind: str) -> None:
    """Back to the standard wording of the kind."""
    kind = _wording_kind(kind)
    deleted, _rows = OrderWording.objects.filter(organisation=organisation, kind=kind).delete()
    if deleted:
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="order_wording.reset",
            target=None,
            changes={"kind": str(Order.Kind(kind).label)},
        )


# --- Rewarding the best mentors ---------------------------------------------------------------------------


def nomination_events(organisation: Organisation) -> Any:
    """The final events of the organisation at which mentors may be rewarded."""
    return organisation.events.filter(kind__in=FINAL_EVENT_KINDS)


@transaction.atomic
def nomination_create(
    *, organisation: Organisation, actor: Actor, event: Event, mentor: Person, reason: str
) -> MentorNomination:
    """The curator puts a mentor forward for rewarding at the final event, with a short reason."""
    if not nomination_events(organisation).filter(pk=event.pk).exists():
        raise ValidationError(_("Наставников выдвигают к поощрению по итогам итогового мероприятия."))
    if not organisation.pairs.established().filter(mentor=mentor).exists():
        raise ValidationError(
            wording.gendered(
                mentor,
                masculine=_("%(name)s не был наставником утверждённой пары/группы."),
                feminine=_("%(name)s не была наставником утверждённой пары/группы."),
            )
            % {"name": mentor.short_name}
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Коротко напишите, за что поощряется наставник."))
    if event.nominations.filter(mentor=mentor).exists():
        raise ValidationError(
            wording.gendered(
                mentor,
                masculine=_("%(name)s уже выдвинут к поощрению."),
                feminine=_("%(name)s уже выдвинута к поощрению."),
            )
            % {"name": mentor.short_name}
        )
    nomination = MentorNomination(
        organisation=organisation,
        event=event,
        mentor=mentor,
        reason=reason,
        nominated_by=actor if actor is not None and actor.is_authenticated else None,
    )
    nomination.full_clean()
    nomination.save()
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="nomination.created",
        target=mentor,
        changes={"event": str(event), "reason": reason},
    )
    return nomination


@transaction.atomic
def nomination_delete(*, organisation: Organisation, actor: Actor, nomination_id: int) -> None:
    nomination = organisation.mentornominations.select_related("mentor").filter(pk=nomination_id).first()
    if nomination is None:
        raise ValidationError(_("Выдвижение не найдено."))
    nomination.delete()
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="nomination.deleted",
        target=nomination.mentor,
        changes={"event": str(nomination.event)},
    )
