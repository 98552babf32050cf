"""ТК РФ ст. 351.8 (since 01.03.2025) for staff mentors: their written consent to mentoring, the additional
agreement to the labour contract, ending the mentoring early with three working days' notice; and the
programme's settings (for whom it is, the default payment of mentors).

The article is about one employee helping another to master the job: it applies where the MENTEE is an
employee of the organisation. Of the target model's forms that is «учитель – учитель» and «руководитель –
педагог». It does not apply where the mentee is a student: «ученик – ученик», «учитель – ученик», «студент –
ученик», «работодатель – ученик», and «работодатель – студент», where the student of a college is not the
employer's employee (and the mentor is an employee of the partner company, not of the organisation). A form
the organisation added itself follows its mentees: staff mentees — the article applies.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import dates
from common.uploads import UploadKind, validate_upload
from mentoring.models import (
    EarlyTermination,
    LabourAgreement,
    MenteeProfile,
    MentoringConsent,
    MentoringForm,
    Organisation,
    Pair,
    Person,
    ProgrammeSettings,
)
from mentoring.organisations import audit_labels, declension
from mentoring.organisations.services import _require_member, _user_or_none, audit_entry_create, field_changes
from mentoring.organisations.types import Actor

# The target model's forms whose mentee is an employee (the codes of migration 0002).
LABOUR_FORMS = frozenset({"teacher-teacher", "head-teacher"})
STUDENT_FORMS = frozenset(
    {
        "student-student",
        "teacher-student",
        "undergraduate-student",
        "employer-student",
        "employer-undergraduate",
    }
)
NOTICE_WORKING_DAYS = 3

# Sent when a pair's mentoring is ended early, with `termination` and `actor`: the reports app drafts the
# order on ending it (mentoring never imports reports).
pair_ended_early = Signal()


def labour_rules_apply(pair_or_form: Pair | MentoringForm) -> bool:
    """Whether ст. 351.8 ТК РФ governs this pair (or every pair of this form of mentoring)."""
    form = pair_or_form.form if isinstance(pair_or_form, Pair) else pair_or_form
    if form.code in LABOUR_FORMS:
        return True
    if form.code in STUDENT_FORMS or not isinstance(pair_or_form, Pair):
        return False
    mentees = [link.mentee for link in pair_or_form.pair_mentees.all()]
    return bool(mentees) and all(person.kind == Person.Kind.STAFF for person in mentees)


def is_staff_mentor(pair: Pair) -> bool:
    """The pair's mentor is an employee whom the article covers in this pair."""
    return pair.mentor.kind == Person.Kind.STAFF and labour_rules_apply(pair)


# --- Settings -----------------------------------------------------------------------------------------------


def programme_settings_for(organisation: Organisation) -> ProgrammeSettings:
    """The organisation's settings, the defaults until someone saves them (nothing is written on read)."""
    found = ProgrammeSettings.objects.filter(organisation=organisation).first()
    return found or ProgrammeSettings(organisation=organisation)


def _clean_payment(kind: str, amount: Decimal | None, percent: Decimal | None) -> tuple[Decimal | None, ...]:
    if kind not in ProgrammeSettings.Payment.values:
        raise ValidationError(_("Выберите вид оплаты наставничества."))
    if kind == ProgrammeSettings.Payment.SUM:
        if amount is None or amount <= 0:
            raise ValidationError(_("Укажите сумму оплаты наставничества больше нуля."))
        return amount, None
    if kind == ProgrammeSettings.Payment.PERCENT:
        if percent is None or not Decimal(0) < percent <= Decimal(100):
            raise ValidationError(_("Процент от ставки — число больше 0 и не больше 100."))
        return None, percent
    return None, None


def _jsonable(changes: dict[str, Any]) -> dict[str, Any]:
    """Sums and percents as text in the audit journal (JSON has no decimals)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        return value

    return {name: plain(value) for name, value in changes.items()}


@transaction.atomic
def programme_settings_update(
    *,
    organisation: Organisation,
    actor: Actor,
    audience: str,
    payment_kind: str,
    payment_sum: Decimal | None = None,
    payment_percent: Decimal | None = None,
    payment_conditions: str = "",
) -> ProgrammeSettings:
    if audience not in ProgrammeSettings.Audience.values:
        raise ValidationError(_("Выберите, для кого программы наставничества."))
    payment_sum, payment_percent = _clean_payment(payment_kind, payment_sum, payment_percent)
    current = programme_settings_for(organisation)
    data = {
        "audience": audience,
        "payment_kind": payment_kind,
        "payment_sum": payment_sum,
        "payment_percent": payment_percent,
        "payment_conditions": payment_conditions.strip(),
    }
    changes = (
        field_changes(current, data) if current.pk else {name: str(value) for name, value in data.items()}
    )
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    if changes:
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="programme_settings.updated",
            target=current,
            changes=_jsonable(changes),
        )
    return current


def agreement_payment_text(settings: ProgrammeSettings) -> str:
    """The organisation's default payment as the documents write it."""
    return LabourAgreement(
        payment_kind=settings.payment_kind,
        payment_sum=settings.payment_sum,
        payment_percent=settings.payment_percent,
    ).payment_text


# --- The mentor's written consent ---------------------------------------------------------------------------


def mentoring_consent_of(organisation: Organisation, person: Person) -> MentoringConsent | None:
    return MentoringConsent.objects.filter(organisation=organisation, person=person).first()


@transaction.atomic
def mentoring_consent_record(
    *,
    organisation: Organisation,
    person: Person,
    signed_on: datetime.date,
    actor: Actor,
    file: UploadedFile[Any] | None = None,
) -> MentoringConsent:
    """The mentor's signed consent to mentoring, with its scan if there is one."""
    _require_member(organisation, person)
    if person.kind != Person.Kind.STAFF:
        raise ValidationError(_("Согласие по ст. 351.8 ТК РФ дают работники организации, а не обучающиеся."))
    if signed_on > dates.today(organisation):
        raise ValidationError(_("Дата подписания согласия не может быть в будущем."))
    if file is not None:
        validate_upload(file, UploadKind.SCAN)
    Person.objects.select_for_update().filter(pk=person.pk).first()
    if MentoringConsent.objects.filter(organisation=organisation, person=person).exists():
        raise ValidationError(
            _("Согласие %(name)s на наставничество уже записано.")
            % {"name": declension.person_name(person, "gent", short=True)}
        )
    consent = MentoringConsent(
        organisation=organisation, person=person, signed_on=signed_on, recorded_by=_user_or_none(actor)
    )
    if file is not None:
        consent.file = file
    consent.save()
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="mentoring_consent.recorded",
        target=person,
        changes={"signed_on": signed_on, "scan": bool(file)},
    )
    return consent


# --- The additional agreement to the labour contract --------------------------------------------------------


@dataclass(frozen=True)
class AgreementDefaults:
    content: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    payment_kind: str
    payment_sum: Decimal | None
    payment_percent: Decimal | None
    payment_conditions: str


def agreement_defaults(pair: Pair) -> AgreementDefaults:
    """What a new agreement says unless the curator changes it: the plan's goal, the pair's dates, the
    organisation's payment."""
    settings = programme_settings_for(pair.organisation)
    content = pair.goal.strip() or _(
        "Оказание наставляемому помощи в овладении необходимыми для выполнения работы по профессии "
        "(должности) знаниями и навыками, в профессиональной адаптации к условиям выполнения работы"
    )
    return AgreementDefaults(
        content=content,
        starts_on=pair.start_date,
        ends_on=pair.end_date,
        payment_kind=settings.payment_kind,
        payment_sum=settings.payment_sum,
        payment_percent=settings.payment_percent,
        payment_conditions=settings.payment_conditions,
    )


def current_agreement(pair: Pair) -> LabourAgreement | None:
    """The agreement the pair's mentoring rests on now: the one its CURRENT mentor signed for this pair. After
    the mentor is replaced there is none until the new mentor signs; the old mentor's stays on record."""
    return LabourAgreement.objects.filter(pair_id=pair.pk, mentor_id=pair.mentor_id).first()


def current_agreements(pairs: Iterable[Pair]) -> dict[int, LabourAgreement]:
    """`current_agreement` of each pair, by the pair's id, in one query."""
    pairs = list(pairs)
    if not pairs:
        return {}
    mentors = {pair.pk: pair.mentor_id for pair in pairs}
    found = LabourAgreement.objects.filter(pair_id__in=mentors, mentor_id__in=set(mentors.values()))
    return {item.pair_id: item for item in found if mentors.get(item.pair_id) == item.mentor_id}


def agreement_history(pair: Pair) -> list[LabourAgreement]:
    """The agreements of the pair's former mentors, newest first (kept when the mentor was replaced)."""
    return list(
        LabourAgreement.objects.filter(pair_id=pair.pk)
        .exclude(mentor_id=pair.mentor_id)
        .select_related("mentor")
        .order_by("-signed_on", "-id")
    )


@transaction.atomic
def labour_agreement_save(
    *,
    organisation: Organisation,
    pair: Pair,
    actor: Actor,
    number: str,
    signed_on: datetime.date,
    content: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    payment_kind: str,
    payment_sum: Decimal | None = None,
    payment_percent: Decimal | None = None,
    payment_conditions: str = "",
) -> LabourAgreement:
    """The additional agreement of a staff mentor's pair with its current mentor (a new one, or the one
    already recorded corrected); a former mentor's agreement is never touched."""
    pair = organisation.pairs.select_for_update().get(pk=pair.pk)
    if not is_staff_mentor(pair):
        raise ValidationError(
            _("Дополнительное соглашение оформляют, когда наставник и наставляемый — работники организации.")
        )
    if not pair.is_open:
        raise ValidationError(_("Соглашение оформляют для действующей пары/группы."))
    if not number.strip():
        raise ValidationError(_("Укажите номер дополнительного соглашения."))
    if not content.strip():
        raise ValidationError(_("Укажите содержание наставничества."))
    if signed_on > dates.today(organisation):
        raise ValidationError(_("Дата соглашения не может быть в будущем."))
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(_("Окончание наставничества не может быть раньше начала."))
    payment_sum, payment_percent = _clean_payment(payment_kind, payment_sum, payment_percent)
    agreement = current_agreement(pair) or LabourAgreement(
        organisation=organisation, pair=pair, mentor=pair.mentor, recorded_by=_user_or_none(actor)
    )
    data = {
        "number": number.strip(),
        "signed_on": signed_on,
        "content": content.strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "payment_kind": payment_kind,
        "payment_sum": payment_sum,
        "payment_percent": payment_percent,
        "payment_conditions": payment_conditions.strip(),
    }
    created = agreement.pk is None
    changes = {"number": data["number"]} if created else field_changes(agreement, data)
    for name, value in data.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    agreement.save()
    if changes:
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="labour_agreement.created" if created else "labour_agreement.updated",
            target=pair,
            changes=_jsonable({"mentor": pair.mentor.short_name, **changes}),
        )
    return agreement


# --- What the pairs order rests on --------------------------------------------------------------------------


@dataclass(frozen=True)
class PairLabourStatus:
    applies: bool
    consent: MentoringConsent | None
    agreement: LabourAgreement | None
    termination: EarlyTermination | None

    @property
    def complete(self) -> bool:
        return not self.applies or (self.consent is not None and self.agreement is not None)


def pairs_labour_status(organisation: Organisation, pairs: Iterable[Pair]) -> dict[int, PairLabourStatus]:
    """For each pair (with `mentor`, `form` and `pair_mentees__mentee` loaded): whether the article applies,
    and the consent, the current mentor's agreement (`current_agreement`) and early termination on file.
    Three queries whatever the count."""
    pairs = list(pairs)
    consents = {
        item.person_id: item
        for item in MentoringConsent.objects.filter(
            organisation=organisation, person_id__in={pair.mentor_id for pair in pairs}
        )
    }
    ids = [pair.pk for pair in pairs]
    agreements = current_agreements(pairs)
    terminations = {item.pair_id: item for item in EarlyTermination.objects.filter(pair_id__in=ids)}
    return {
        pair.pk: PairLabourStatus(
            applies=is_staff_mentor(pair),
            consent=consents.get(pair.mentor_id),
            agreement=agreements.get(pair.pk),
            termination=terminations.get(pair.pk),
        )
        for pair in pairs
    }


def missing_labour_papers(organisation: Organisation, pairs: Iterable[Pair]) -> list[str]:
    """One Russian line per staff mentor whose pair lacks the consent or the agreement (empty: all on
    file)."""
    pairs = list(pairs)
    status = pairs_labour_status(organisation, pairs)
    lines = []
    for pair in pairs:
        item = status[pair.pk]
        if item.complete:
            continue
        missing = []
        if item.consent is None:
            missing.append(_("нет согласия на наставничество"))
        if item.agreement is None:
            missing.append(_("нет дополнительного соглашения к трудовому договору"))
        lines.append(f"{pair.mentor.short_name} — {', '.join(missing)}")
    return lines


def require_labour_papers(organisation: Organisation, pairs: Iterable[Pair]) -> None:
    lines = missing_labour_papers(organisation, pairs)
    if lines:
        raise ValidationError(
            _(
                "По ст. 351.8 ТК РФ наставничество работника возможно только с его письменного согласия и на "
                "основании дополнительного соглашения к трудовому договору. Не оформлено: %(lines)s."
            )
            % {"lines": "; ".join(lines)}
        )


# --- Ending the mentoring early -----------------------------------------------------------------------------


def earliest_end(notice_date: datetime.date) -> datetime.date:
    """The first day mentoring may end after notice given on `notice_date`: three working days later."""
    return dates.add_working_days(notice_date, NOTICE_WORKING_DAYS)


@transaction.atomic
def pair_end_early(
    *,
    organisation: Organisation,
    pair: Pair,
    actor: Actor,
    initiator: str,
    notice_date: datetime.date,
    end_date: datetime.date,
    reason: str = "",
) -> EarlyTermination:
    """Either side ends the mentoring early: the other is told at least three working days before the end
    (by the production calendar). The pair is terminated with that end date, and `pair_ended_early` drafts
    the order ending it."""
    pair = organisation.pairs.select_for_update().get(pk=pair.pk)
    if not pair.is_working:
        raise ValidationError(_("Досрочно прекратить можно только утверждённую или работающую пару/группу."))
    if initiator not in EarlyTermination.Initiator.values:
        raise ValidationError(_("Укажите, по чьей инициативе прекращается наставничество."))
    if notice_date > dates.today(organisation):
        raise ValidationError(_("Дата уведомления не может быть в будущем."))
    if pair.start_date and end_date < pair.start_date:
        raise ValidationError(_("Дата прекращения не может быть раньше начала работы пары."))
    earliest = earliest_end(notice_date)
    if end_date < earliest:
        raise ValidationError(
            _(
                "Другую сторону уведомляют не менее чем за три рабочих дня (ст. 351.8 ТК РФ): "
                "при уведомлении %(notice)s наставничество можно прекратить не ранее %(earliest)s, "
                "а указано %(end)s (рабочих дней между ними: %(days)s)."
            )
            % {
                "notice": f"{notice_date:%d.%m.%Y}",
                "earliest": f"{earliest:%d.%m.%Y}",
                "end": f"{end_date:%d.%m.%Y}",
                "days": dates.working_days_between(notice_date, end_date),
            }
        )
    label = EarlyTermination.Initiator(initiator).label
    termination = EarlyTermination.objects.create(
        organisation=organisation,
        pair=pair,
        initiator=initiator,
        notice_date=notice_date,
        end_date=end_date,
        reason=reason.strip(),
        recorded_by=_user_or_none(actor),
    )
    pair.status = Pair.Status.TERMINATED
    pair.status_reason = reason.strip() or _(
        "Досрочное прекращение наставничества по инициативе: %(who)s"
    ) % {"who": str(label).lower()}
    pair.end_date = end_date
    pair.full_clean()
    pair.save(update_fields=["status", "status_reason", "end_date", "updated_at"])
    organisation.mentee_profiles.filter(person__pair_memberships__pair=pair).exclude(
        status=MenteeProfile.Status.FINISHED
    ).update(status=MenteeProfile.Status.WITHOUT_PAIR)
    from mentoring.programme.services import _mentor_back_to_ready

    _mentor_back_to_ready(organisation, pair.mentor_id)
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="pair.ended_early",
        target=pair,
        changes={"initiator": str(label), "notice_date": notice_date, "end_date": end_date},
    )
    pair_ended_early.send(sender=EarlyTermination, termination=termination, actor=actor)
    return termination


for _code, _label in [
    ("programme_settings.updated", gettext_lazy("Изменены настройки программы наставничества")),
    ("mentoring_consent.recorded", gettext_lazy("Записано согласие на наставничество (ст. 351.8 ТК РФ)")),
    ("labour_agreement.created", gettext_lazy("Оформлено дополнительное соглашение к трудовому договору")),
    ("labour_agreement.updated", gettext_lazy("Изменено дополнительное соглашение к трудовому договору")),
    ("pair.ended_early", gettext_lazy("Наставничество прекращено досрочно")),
]:
    audit_labels.register(_code, _label)
