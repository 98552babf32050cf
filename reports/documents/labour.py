"""Documents of ст. 351.8 ТК РФ and of rewarding the best mentors, one class each:

- the staff mentor's written consent to mentoring, filled for signing from the pair (`mentoring-consent`);
- the additional agreement to the mentor's labour contract, from the agreement recorded for the pair
  (`labour-agreement`);
- the letters of thanks to the mentors nominated at a final event, one page each (`thanks-letters`).

The first two put their buttons into the pair page's «Ст. 351.8 ТК РФ» card (slot `pair.labour`), with the
order on ending the pair early when there is one; the letters go on the event page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import dates
from mentoring.models import Organisation, Pair, Person, Role
from mentoring.organisations.page_actions import PageAction
from mentoring.organisations.selectors import people_with_role
from mentoring.programme import labour
from reports.documents.base import Document, ObjectParamsForm, Part, event_day, place_of
from reports.documents.selectors import pairs_for_documents, visible_pairs
from reports.models import MentorNomination, Order
from reports.permissions import ReportPerm
from roadmap.models import Event

if TYPE_CHECKING:
    from mentoring.organisations.access import OrganisationAccess


def _director(organisation: Organisation) -> Person | None:
    return people_with_role(organisation, Role.DIRECTOR).order_by("last_name", "pk").first()


def _is_mentor(access: OrganisationAccess, pair_id: int) -> bool:
    return (
        access.person is not None and visible_pairs(access).filter(pk=pair_id, mentor=access.person).exists()
    )


class LabourPairParamsForm(ObjectParamsForm):
    """A pair the article applies to (the object in the address); other pairs are a 404."""

    param = "pair"

    def objects(self, organisation: Organisation):
        return organisation.pairs.exclude(status=Pair.Status.REJECTED).filter(mentor__kind=Person.Kind.STAFF)

    def clean_object(self):
        pair = self.cleaned_data["object"]
        full = pairs_for_documents(self.organisation).get(pk=pair.pk)
        if not labour.is_staff_mentor(full):
            from django import forms

            raise forms.ValidationError(_("Для этой пары ст. 351.8 ТК РФ не применяется."))
        return pair


def _labour_context(organisation: Organisation, pair_id: int) -> dict:
    pair = pairs_for_documents(organisation).get(pk=pair_id)
    mentees = [item.mentee for item in pair.pair_mentees.all()]
    return {
        "organisation": organisation,
        "pair": pair,
        "mentor": pair.mentor,
        "mentees": mentees,
        "consent": labour.mentoring_consent_of(organisation, pair.mentor),
        "agreement": labour.current_agreement(pair),
        "director": _director(organisation),
        "place": place_of(organisation),
        "notice_days": labour.NOTICE_WORKING_DAYS,
    }


class MentoringConsentDocument(Document):
    """The mentor's written consent to mentoring, for signing (ст. 351.8 ТК РФ)."""

    key = "mentoring-consent"
    verbose_name = gettext_lazy("Согласие работника на осуществление наставничества")
    file_title = gettext_lazy("Согласие на наставничество")
    template = "reports/documents/pdf/mentoring_consent.html"
    params_form = LabourPairParamsForm
    perm = ReportPerm.VIEW_DOCUMENTS
    pages = ("pair.labour",)

    @classmethod
    def permission(cls, access: OrganisationAccess, params: dict) -> bool:
        """The staff who run the programme, and the mentor themself — never the mentee or another teacher."""
        if access.has(ReportPerm.ALL_DOCUMENTS):
            return visible_pairs(access).filter(pk=params["pair"]).exists()
        return _is_mentor(access, params["pair"])

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        return _labour_context(organisation, params["pair"])

    @classmethod
    def file_detail(cls, organisation: Organisation, params: dict) -> str:
        return _("пара %(pair)s") % {"pair": params["pair"]}

    @classmethod
    def page_actions(cls, access: OrganisationAccess, pair: Pair) -> list[PageAction]:
        if not cls.permission(access, {"pair": pair.pk}):
            return []
        actions = [
            PageAction(
                _("Форма согласия (PDF)"),
                cls.url(access.organisation, pair.pk),
                "file-earmark-pdf",
                testid="mentoring-consent-pdf",
            )
        ]
        if labour.current_agreement(pair) is not None:
            actions.append(
                PageAction(
                    _("Доп. соглашение (PDF)"),
                    LabourAgreementDocument.url(access.organisation, pair.pk),
                    "file-earmark-text",
                    testid="labour-agreement-pdf",
                )
            )
        actions += _termination_order_actions(access, pair)
        return actions


class AgreementPairParamsForm(LabourPairParamsForm):
    def objects(self, organisation: Organisation):
        return super().objects(organisation).filter(labour_agreements__mentor_id=F("mentor_id"))


class LabourAgreementDocument(Document):
    """The additional agreement to the mentor's labour contract (ст. 351.8 ТК РФ)."""

    key = "labour-agreement"
    verbose_name = gettext_lazy("Дополнительное соглашение к трудовому договору о наставничестве")
    file_title = gettext_lazy("Дополнительное соглашение о наставничестве")
    template = "reports/documents/pdf/labour_agreement.html"
    params_form = AgreementPairParamsForm
    perm = ReportPerm.VIEW_DOCUMENTS

    @classmethod
    def permission(cls, access: OrganisationAccess, params: dict) -> bool:
        return MentoringConsentDocument.permission(access, params)

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        return _labour_context(organisation, params["pair"])

    @classmethod
    def file_detail(cls, organisation: Organisation, params: dict) -> str:
        return _("пара %(pair)s") % {"pair": params["pair"]}


def _termination_order_actions(access: OrganisationAccess, pair: Pair) -> list[PageAction]:
    """The order on ending the pair early: the signed one for everyone who sees the card, the draft for
    those who prepare orders."""
    orders = Order.objects.filter(organisation=access.organisation, termination__pair=pair).exclude(
        status=Order.Status.CANCELLED
    )
    if not access.has(ReportPerm.DRAFTS):
        orders = orders.filter(status=Order.Status.SIGNED)
    order = orders.order_by("-created_at").first()
    if order is None:
        return []
    label = (
        _("Проект приказа о прекращении")
        if order.is_draft
        else _("Приказ № %(number)s о прекращении") % {"number": order.number}
    )
    return [
        PageAction(
            label,
            reverse("reports:order", args=[access.organisation.slug, order.pk]),
            "journal-text",
            testid="termination-order",
        )
    ]


# --- Letters of thanks --------------------------------------------------------------------------------------


class NominationEventParamsForm(ObjectParamsForm):
    """A final event with at least one nominated mentor."""

    param = "event"

    def objects(self, organisation: Organisation):
        return organisation.events.filter(nominations__isnull=False).distinct()


def nominations_of(event: Event) -> list[MentorNomination]:
    return list(
        event.nominations.select_related("mentor").order_by("mentor__last_name", "mentor__first_name")
    )


class ThanksLettersDocument(Document):
    """«Благодарственное письмо» to each mentor nominated at the final event: one file, one page each."""

    key = "thanks-letters"
    verbose_name = gettext_lazy("Благодарственные письма наставникам")
    file_title = gettext_lazy("Благодарственные письма")
    template = "reports/documents/pdf/thanks_letter.html"
    params_form = NominationEventParamsForm
    perm = ReportPerm.ALL_DOCUMENTS
    pages = ("event.detail",)

    @classmethod
    def file_detail(cls, organisation: Organisation, params: dict) -> str:
        return event_day(organisation, params["event"])

    @classmethod
    def parts(cls, organisation: Organisation, params: dict) -> list[Part]:
        event = organisation.events.get(pk=params["event"])
        director = _director(organisation)
        reward_order = (
            Order.objects.filter(
                organisation=organisation, kind=Order.Kind.REWARD, event=event, status=Order.Status.SIGNED
            )
            .order_by("-signed_on")
            .first()
        )
        day = reward_order.signed_on if reward_order else dates.today(organisation)
        return [
            (
                cls.template,
                {
                    "organisation": organisation,
                    "event": event,
                    "nomination": nomination,
                    "mentor": nomination.mentor,
                    "director": director,
                    "order": reward_order,
                    "date": day,
                    "place": place_of(organisation),
                },
            )
            for nomination in nominations_of(event)
        ]

    @classmethod
    def context(cls, organisation: Organisation, params: dict) -> dict:
        return cls.parts(organisation, params)[0][1]

    @classmethod
    def page_actions(cls, access: OrganisationAccess, event: Event) -> list[PageAction]:
        if not access.has(cls.perm):
            return []
        from reports.documents.programme import FINAL_EVENT_KINDS

        if event.kind not in FINAL_EVENT_KINDS:
            return []
        actions = []
        if access.has(ReportPerm.MANAGE_ORDERS):
            actions.append(
                PageAction(
                    _("Наставники к поощрению"),
                    reverse("reports:nominations", args=[access.organisation.slug, event.pk]),
                    "award",
                    testid="nominations",
                )
            )
        if event.nominations.exists():
            actions.append(
                PageAction(
                    _("Благодарственные письма (PDF)"),
                    cls.url(access.organisation, event.pk),
                    "file-earmark-pdf",
                    testid="thanks-letters-pdf",
                )
            )
        return actions


DOCUMENTS = [MentoringConsentDocument, LabourAgreementDocument, ThanksLettersDocument]
