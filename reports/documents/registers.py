"""The registers the programme keeps on paper: «Реестр потенциальных наставников» (the mentor base),
«График обучения наставников» (who is trained where and when) and «Перечень организаций-партнёров». Each is
approved by the director («УТВЕРЖДАЮ») and numbered row by row, as a school files it."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from common import dates
from common.dates import AcademicYear
from mentoring.models import Consent, MentorProfile, Organisation, Person, Role
from mentoring.organisations.selectors import people_with_role
from reports.documents.base import Document, place_of
from reports.permissions import ReportPerm


def _register_context(organisation: Organisation) -> dict:
    today = dates.today(organisation)
    director: Person | None = people_with_role(organisation, Role.DIRECTOR).order_by("last_name").first()
    return {
        "organisation": organisation,
        "place": place_of(organisation),
        "today": today,
        "year": AcademicYear.of(today).label,
        "director": director,
        "director_position": (director.position if director else "") or "Директор",
        # The curator keeps the registers and signs under them.
        "curator": people_with_role(organisation, Role.CURATOR).order_by("last_name").first(),
    }


def _mentor_base(organisation: Organisation):
    """The organisation's mentor base without the archive, with what the registers print, in ФИО order."""
    return (
        MentorProfile.objects.filter(organisation=organisation)
        .exclude(status=MentorProfile.Status.ARCHIVED)
        .select_related("person")
        .prefetch_related(
            "competencies",
            Prefetch(
                "person__consents",
                queryset=Consent.objects.filter(organisation=organisation).order_by("-given_on"),
            ),
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )


class RegisterDocument(Document):
    """A register of the programme: approved by the director, filed under «<stem>-<organisation>.pdf»."""

    perm = ReportPerm.ALL_DOCUMENTS


class PotentialMentorsDocument(RegisterDocument):
    key = "mentor-register"
    verbose_name = gettext_lazy("Реестр потенциальных наставников")
    template = "reports/documents/pdf/mentor_register.html"
    file_title = gettext_lazy("Реестр наставников")

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        rows = []
        for profile in _mentor_base(organisation):
            consents = list(profile.person.consents.all())
            rows.append({"profile": profile, "consent": consents[0] if consents else None})
        return {**_register_context(organisation), "rows": rows}


class TrainingScheduleDocument(RegisterDocument):
    key = "mentor-training"
    verbose_name = gettext_lazy("График обучения наставников")
    template = "reports/documents/pdf/mentor_training.html"
    file_title = gettext_lazy("График обучения наставников")

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        context = _register_context(organisation)
        year = AcademicYear.of(context["today"])
        trained: list[MentorProfile] = []
        planned: list[MentorProfile] = []
        untrained: list[MentorProfile] = []
        for profile in _mentor_base(organisation):
            if profile.training_date and profile.training_date >= year.start:
                (planned if profile.training_date > context["today"] else trained).append(profile)
            elif not profile.is_trained:
                untrained.append(profile)
        # Dated courses of the school year in date order; those without a course yet close the schedule.
        schedule = sorted(
            trained + planned, key=lambda profile: (profile.training_date, profile.person.last_name)
        )
        return {**context, "schedule": schedule, "untrained": untrained, "school_year": year}


class PartnersDocument(RegisterDocument):
    key = "partners"
    verbose_name = gettext_lazy("Перечень организаций-партнёров")
    template = "reports/documents/pdf/partners.html"
    file_title = gettext_lazy("Перечень партнёров")

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        return {**_register_context(organisation), "partners": list(organisation.partners.order_by("name"))}


DOCUMENTS = [PotentialMentorsDocument, TrainingScheduleDocument, PartnersDocument]
