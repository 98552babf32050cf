"""The printable sheet of personal links with QR codes: those without e-mail, of the organisation only."""

from __future__ import annotations

import secrets

import pytest

from mentoring.models import Role
from surveys.models import Invitation, Questionnaire
from tests.conftest import make_person

from .conftest import SCALE, opened


@pytest.mark.django_db
def test_the_sheet_shows_those_without_email_with_a_qr_each(
    as_user, organisation, foreign_organisation, personas, programme
):
    questionnaire = opened(organisation, [SCALE], audience=Questionnaire.Audience.MENTEES)
    # Somebody of another school slipped into the invitations: never on this school's sheet.
    stranger = make_person(foreign_organisation, roles=[Role.TEACHER], last_name="Чужаков")
    Invitation.objects.create(questionnaire=questionnaire, person=stranger, token=secrets.token_urlsafe(32))
    page = as_user("curator").get(f"/o/{organisation.slug}/surveys/{questionnaire.pk}/invitations/qr/")
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count('data-testid="qr-card"') == 1
    assert "Юдина" in text and "Смирнов" not in text and "Чужаков" not in text
    token = Invitation.objects.get(questionnaire=questionnaire, person__last_name="Юдина").token
    assert f"/s/{token}/" in text
    assert text.count("<svg") >= 1 and 'class="segno"' in text

    everyone = as_user("curator").get(
        f"/o/{organisation.slug}/surveys/{questionnaire.pk}/invitations/qr/", {"all": "1"}
    )
    text = everyone.content.decode()
    assert text.count('data-testid="qr-card"') == 3
    assert "Смирнов" in text and "Чужаков" not in text


@pytest.mark.django_db
def test_answered_invitations_are_left_off(as_user, organisation, personas, programme):
    questionnaire = opened(organisation, [SCALE], audience=Questionnaire.Audience.MENTEES)
    Invitation.objects.filter(questionnaire=questionnaire).update(answered=True)
    page = as_user("curator").get(f"/o/{organisation.slug}/surveys/{questionnaire.pk}/invitations/qr/")
    assert 'data-testid="qr-empty"' in page.content.decode()


@pytest.mark.django_db
def test_a_teacher_may_not_print_the_links(as_user, organisation, personas, programme):
    questionnaire = opened(organisation, [SCALE], audience=Questionnaire.Audience.MENTEES)
    page = as_user("teacher").get(f"/o/{organisation.slug}/surveys/{questionnaire.pk}/invitations/qr/")
    assert page.status_code == 403
