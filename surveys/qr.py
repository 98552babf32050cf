"""The printable sheet of personal links with QR codes, for participants without e-mail (pupils): one card
per invitation, the QR as inline SVG made by segno."""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django.utils.safestring import SafeString, mark_safe

from .models import Invitation, Questionnaire
from .services import fill_url


@dataclass(frozen=True)
class QrCard:
    name: str
    school_class: str
    url: str
    svg: SafeString


def qr_cards(questionnaire: Questionnaire, *, everyone: bool = False) -> list[QrCard]:
    """Cards of the invitations not answered yet: only people without an address unless `everyone`."""
    invitations = (
        Invitation.objects.filter(
            questionnaire=questionnaire,
            answered=False,
            person__memberships__organisation=questionnaire.organisation,
        )
        .select_related("person")
        .order_by("person__school_class", "person__last_name", "person__first_name", "pk")
        .distinct()
    )
    if not everyone:
        invitations = invitations.filter(person__email="")
    cards = []
    for invitation in invitations:
        url = fill_url(invitation)
        # segno's SVG is its own markup (no text of the user's in it): safe to put in the page as it is.
        svg = mark_safe(segno.make(url, error="m").svg_inline(scale=3, title=None))  # noqa: S308
        person = invitation.person
        cards.append(
            QrCard(
                name=" ".join(
                    part for part in (person.last_name, person.first_name, person.patronymic) if part
                ),
                school_class=person.school_class,
                url=url,
                svg=svg,
            )
        )
    return cards
