"""The minutes («протокол») of the pedagogical council that discussed the mentoring programme: one per
council event of the roadmap (`roadmap.Event`, kind «Педагогический совет»), with its number, date, chair
and secretary, and the agenda items each with СЛУШАЛИ / ВЫСТУПИЛИ / ПОСТАНОВИЛИ and the vote. Who was
present comes from the event's registration sheet (`roadmap.Attendance`), never typed in twice."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mentoring.models import Organisation, Person
from roadmap.models import Event

TEXT_LIMIT = 5000


class CouncilMinutes(models.Model):
    """The minutes of one council event."""

    class AttendanceList(models.TextChoices):
        # Up to a dozen or so people are named in the minutes; a whole staff is listed in an appendix.
        BY_NAME = "by_name", _("поимённо в протоколе")
        APPENDIX = "appendix", _("списком в приложении")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="council_minutes", verbose_name=_("организация")
    )
    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        related_name="council_minutes",
        verbose_name=_("педагогический совет"),
    )
    number = models.CharField(_("номер протокола"), max_length=20)
    held_on = models.DateField(_("дата заседания"))
    # The calendar year of `held_on`, stored so that one constraint (the same on SQLite and PostgreSQL) keeps
    # the numbers of a year apart; `save()` keeps it in step with the date.
    year = models.PositiveSmallIntegerField(_("год заседания"), editable=False)
    chair = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("председатель"),
    )
    secretary = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("секретарь"),
    )
    attendance_list = models.CharField(
        _("список присутствующих"),
        max_length=16,
        choices=AttendanceList.choices,
        default=AttendanceList.APPENDIX,
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("протокол педагогического совета")
        verbose_name_plural = _("протоколы педагогических советов")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(number=""), name="council_minutes_number_required"),
            # A school numbers its council minutes 1, 2, 3… each calendar year.
            models.UniqueConstraint(
                fields=["organisation", "year", "number"], name="council_minutes_number_unique_in_year"
            ),
            models.CheckConstraint(
                condition=Q(chair__isnull=True) | Q(secretary__isnull=True) | ~Q(chair=F("secretary")),
                name="council_minutes_chair_is_not_secretary",
            ),
        ]

    def __str__(self) -> str:
        return _("Протокол № %(number)s от %(date)s") % {
            "number": self.number,
            "date": self.held_on.strftime("%d.%m.%Y"),
        }

    def save(self, *args, **kwargs) -> None:
        self.year = self.held_on.year
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "held_on" in update_fields:
            kwargs["update_fields"] = {*update_fields, "year"}
        super().save(*args, **kwargs)


class MinutesItem(models.Model):
    """One item of the agenda: what was heard, who else spoke, what was decided, and the vote."""

    minutes = models.ForeignKey(
        CouncilMinutes, on_delete=models.CASCADE, related_name="items", verbose_name=_("протокол")
    )
    order = models.PositiveSmallIntegerField(_("номер пункта"))
    title = models.CharField(_("вопрос повестки дня"), max_length=500)
    speaker = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("докладчик"),
    )
    heard = models.TextField(_("слушали"), max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)])
    spoke = models.TextField(
        _("выступили"), blank=True, max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    decided = models.TextField(
        _("постановили"), max_length=TEXT_LIMIT, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    votes_for = models.PositiveSmallIntegerField(_("за"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("против"), default=0)
    votes_abstained = models.PositiveSmallIntegerField(_("воздержались"), default=0)

    class Meta:
        verbose_name = _("пункт повестки дня")
        verbose_name_plural = _("пункты повестки дня")
        ordering = ["minutes", "order"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "order"], name="minutes_item_order_unique"),
            models.CheckConstraint(condition=Q(order__gte=1), name="minutes_item_order_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def votes_total(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstained
