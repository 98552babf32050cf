"""Orders («приказы») with their per-organisation register, and documents built in the background."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.filenames import RandomName
from mentoring.models import Organisation, Pair, Person, Plan
from mentoring.organisations.models import OrganisationOwnedModel
from roadmap.models import Event, Roadmap

DEFAULT_NUMBER_FORMAT = "{n}-ОД"


class OrderRegister(models.Model):
    """The organisation's register of orders: how numbers are written. Counters are kept per year."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="order_register", verbose_name=_("организация")
    )
    number_format = models.CharField(
        _("формат номера"),
        max_length=50,
        default=DEFAULT_NUMBER_FORMAT,
        help_text=_("{n} — порядковый номер за год, {year} — год. Например: {n}-ОД, {n}/{year}, ОД-{n}."),
    )

    class Meta:
        verbose_name = _("книга приказов")
        verbose_name_plural = _("книги приказов")

    def __str__(self) -> str:
        return str(self.organisation)

    def format_number(self, *, sequence: int, year: int) -> str:
        return self.number_format.format(n=sequence, year=year)


class OrderCounter(models.Model):
    """The last number given in one organisation's register in one year; locked while a number is given."""

    register = models.ForeignKey(
        OrderRegister, on_delete=models.CASCADE, related_name="counters", verbose_name=_("книга приказов")
    )
    year = models.PositiveSmallIntegerField(_("год"))
    last_sequence = models.PositiveIntegerField(_("последний номер"), default=0)

    class Meta:
        verbose_name = _("счётчик номеров приказов")
        verbose_name_plural = _("счётчики номеров приказов")
        constraints = [
            models.UniqueConstraint(fields=["register", "year"], name="order_counter_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.register}: {self.year} — {self.last_sequence}"

    def save(self, *args, **kwargs) -> None:
        # Every write of the counter (the register's settings, the admin, a signing) passes here: a counter
        # below a number already given would make the next signing repeat it.
        self.clean()
        super().save(*args, **kwargs)

    def highest_issued(self) -> int:
        """The highest number already given in this register's year (0 before the first order)."""
        top = Order.objects.filter(organisation_id=self.register.organisation_id, year=self.year).aggregate(
            top=models.Max("sequence")
        )["top"]
        return top or 0

    def clean(self) -> None:
        super().clean()
        if self.register_id is None or self.year is None:
            return
        used = self.highest_issued()
        if self.last_sequence < used:
            raise ValidationError(
                {
                    "last_sequence": _(
                        "За %(year)s год уже есть приказ с номером %(used)s: последний номер не может быть "
                        "меньше."
                    )
                    % {"year": self.year, "used": used}
                }
            )


class Order(OrganisationOwnedModel):
    class Kind(models.TextChoices):
        INTRODUCE_MODEL = "introduce_model", _("О внедрении целевой модели наставничества")
        REGULATION = "regulation", _("Об утверждении положения о системе наставничества")
        ROADMAP = "roadmap", _("Об утверждении дорожной карты")
        PAIRS = "pairs", _("О закреплении наставнических пар/групп")
        PLANS = "plans", _("Об утверждении индивидуальных планов")
        FINAL_EVENT = "final_event", _("О проведении итогового мероприятия")
        END_PAIR = "end_pair", _("О досрочном прекращении наставничества")
        REWARD = "reward", _("О поощрении наставников")
        FREE = "free", _("Иной приказ")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Проект")
        SIGNED = "signed", _("Подписан")
        CANCELLED = "cancelled", _("Отменён")

    kind = models.CharField(_("вид приказа"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("заголовок"), max_length=500)
    body = models.TextField(_("текст приказа"), max_length=20000, validators=[MaxLengthValidator(20000)])
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    pairs = models.ManyToManyField(
        Pair, blank=True, related_name="orders", verbose_name=_("закрепляемые пары/группы")
    )
    # What an order of a programme kind is about: the roadmap it approves, the individual plans it approves,
    # the final event it appoints. Its appendix is built from them and frozen in the signed PDF.
    roadmap = models.ForeignKey(
        Roadmap,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("утверждаемая дорожная карта"),
    )
    plans = models.ManyToManyField(
        Plan, blank=True, related_name="orders", verbose_name=_("утверждаемые индивидуальные планы")
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("итоговое мероприятие"),
    )
    # The early end of a pair's mentoring an order «О досрочном прекращении наставничества» records.
    termination = models.ForeignKey(
        "mentoring.EarlyTermination",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("досрочное прекращение"),
    )
    cancels = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="cancelled_in",
        verbose_name=_("отменяет приказы"),
    )
    cancelled_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cancelled_orders",
        verbose_name=_("отменён приказом"),
    )
    sequence = models.PositiveIntegerField(_("порядковый номер"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("год"), null=True, blank=True)
    number = models.CharField(_("номер"), max_length=50, blank=True)
    signed_on = models.DateField(_("дата приказа"), null=True, blank=True)
    signed_at = models.DateTimeField(_("подписан"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("подписал"),
    )
    signer_name = models.CharField(_("подписант"), max_length=255, blank=True)
    signer_position = models.CharField(_("должность подписанта"), max_length=255, blank=True)
    pdf = models.FileField(_("подписанный PDF"), upload_to=RandomName("orders"), blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 файла"), max_length=64, blank=True)
    # The signed PDF is laid out by the task worker after the signature (`services.order_pdf_build`): how far
    # it has got, and why it failed if it did (the director can start it again).
    pdf_progress = models.PositiveSmallIntegerField(_("готовность PDF, %"), default=0)
    pdf_error = models.CharField(_("ошибка формирования PDF"), max_length=500, blank=True)
    # The appendix's people as they were at signing (`documents.freeze_rows`): the signed PDF and the Word
    # copy are laid out from it, so a person renamed or a pair changed later does not change a signed order.
    frozen_rows = models.JSONField(_("приложение на момент подписания"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("подготовил"),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("приказ")
        verbose_name_plural = _("приказы")
        ordering = ["-signed_on", "-sequence", "-created_at"]
        constraints = [
            # The last line of defence behind the locked counter: one number once a year.
            models.UniqueConstraint(
                fields=["organisation", "year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="order_unique_sequence_per_year",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(sequence__isnull=False) & Q(signed_on__isnull=False)),
                name="order_signed_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_by__isnull=False),
                name="order_cancelled_has_canceller",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="order_org_status_idx")]

    def __str__(self) -> str:
        if self.number:
            return f"Приказ от {self.signed_on:%d.%m.%Y} № {self.number} «{self.title}»"
        return f"Проект приказа «{self.title}»"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def pdf_pending(self) -> bool:
        """Signed, and its PDF still being laid out (not failed)."""
        return not self.is_draft and not self.pdf and not self.pdf_error

    def delete(self, *args, **kwargs):
        refuse_signed_order_deletion(sender=Order, instance=self)
        return super().delete(*args, **kwargs)

    @property
    def short_label(self) -> str:
        if self.number:
            return f"от {self.signed_on:%d.%m.%Y} № {self.number}"
        return "проект"


def refuse_signed_order_deletion(sender, instance: Order, **kwargs) -> None:
    """A signed (or cancelled) order is part of the register forever: it is cancelled by a later order, never
    deleted — not one by one, not in bulk, not with its organisation. Connected to pre_delete (reports.apps),
    which every kind of deletion sends."""
    if instance.status != Order.Status.DRAFT:
        raise models.ProtectedError(
            _("Подписанный приказ нельзя удалить: его отменяют другим приказом. %(order)s")
            % {"order": instance},
            {instance},
        )


class OrderWording(OrganisationOwnedModel):
    """An organisation's own wording of one kind of order, used instead of the standard one
    (`templates/reports/orders/wording/<kind>.txt`) for every new draft of that kind."""

    kind = models.CharField(_("вид приказа"), max_length=32, choices=Order.Kind.choices)
    text = models.TextField(_("текст"), max_length=20000, validators=[MaxLengthValidator(20000)])
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("изменил"),
    )
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("текст приказа организации")
        verbose_name_plural = _("тексты приказов организаций")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="order_wording_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_kind_display()}"


class MentorNomination(OrganisationOwnedModel):
    """A mentor the curator puts forward for rewarding at the final event, with a short reason; the order
    «О поощрении наставников» lists them and each gets a letter of thanks."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("итоговое мероприятие")
    )
    mentor = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("наставник")
    )
    reason = models.CharField(_("за что"), max_length=500)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто выдвинул"),
    )
    created_at = models.DateTimeField(_("внесено"), auto_now_add=True)

    class Meta:
        verbose_name = _("наставник к поощрению")
        verbose_name_plural = _("наставники к поощрению")
        ordering = ["mentor__last_name", "mentor__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "mentor"], name="nomination_unique_mentor"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.short_name}: {self.reason}"
