import pytest
from django.core.exceptions import ValidationError

from mentoring.models import AuditEntry, Preference
from surveys import services

from .conftest import TODAY, opened

PEOPLE = {
    "code": "P1",
    "type": "people",
    "text": "С кем хотите работать?",
    "people_source": "mentors",
    "max_choices": 2,
}


@pytest.mark.django_db
def test_a_preference_questionnaire_writes_the_ranked_choice_to_mentoring(
    client, organisation, personas, programme, monkeypatch
):
    monkeypatch.setattr("surveys.views._today", lambda: TODAY)
    questionnaire = opened(organisation, [PEOPLE], purpose="preference", audience="mentees")
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    first, second = programme["mentors"][1], programme["mentors"][0]
    page = client.post(f"/s/{invitation.token}/", {"action": "submit", "P1__1": first.pk, "P1__2": second.pk})
    assert page.status_code == 200
    ranked = list(
        Preference.objects.filter(chooser=personas["teacher"])
        .order_by("rank")
        .values_list("chosen", "rank", "source")
    )
    assert ranked == [(first.pk, 1, "survey"), (second.pk, 2, "survey")]
    assert AuditEntry.objects.filter(action="preferences.replaced").count() == 1


@pytest.mark.django_db
def test_a_refused_preference_writes_nothing(organisation, personas, programme):
    questionnaire = opened(organisation, [PEOPLE], purpose="preference", audience="mentees")
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    with pytest.raises(ValidationError):
        services.response_submit(
            invitation=invitation, raw={"P1": [str(personas["outsider"].pk)]}, actor=None, today=TODAY
        )
    assert not Preference.objects.exists() and not questionnaire.responses.exists()


@pytest.mark.django_db
def test_a_preference_questionnaire_needs_a_people_question(organisation, programme):
    from .conftest import SCALE, build

    questionnaire = build(organisation, [SCALE], purpose="preference")
    with pytest.raises(ValidationError, match="Выбор людей"):
        services.questionnaire_open(questionnaire=questionnaire, actor=None, today=TODAY)
