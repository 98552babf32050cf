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


@pytest.mark.django_db
def test_mentors_choose_whom_they_would_mentor_and_matching_counts_it_as_mutual(
    organisation, personas, programme
):
    from mentoring.programme import selectors as programme_selectors
    from mentoring.programme.matching import cell_score
    from surveys import selectors
    from surveys.forms import AnswersForm

    questionnaire = opened(organisation, [PEOPLE], purpose="preference", audience="all_participants")
    question = questionnaire.questions.get()
    mentor, mentee = programme["mentors"][1], programme["mentees"][2]
    # A mentor is offered the mentees (and told so); a mentee still the mentors.
    assert set(selectors.people_to_choose(organisation, question, exclude=mentor)) == set(
        programme["mentees"]
    )
    assert set(selectors.people_to_choose(organisation, question, exclude=mentee)) == set(
        programme["mentors"]
    )
    form = AnswersForm(None, questions=[question], organisation=organisation, respondent=mentor)
    assert "наставляемых" in str(form.fields["P1"].help_text)
    for chooser, chosen in ((mentor, mentee), (mentee, mentor)):
        invitation = questionnaire.invitations.get(person=chooser)
        services.response_submit(invitation=invitation, raw={"P1": [str(chosen.pk)]}, actor=None, today=TODAY)
    assert set(Preference.objects.values_list("chooser", "chosen")) == {
        (mentor.pk, mentee.pk),
        (mentee.pk, mentor.pk),
    }
    pool = programme_selectors.matching_pool(organisation)
    mentor_data = next(item for item in pool.mentors if item.id == mentor.pk)
    mentee_data = next(item for item in pool.mentees if item.id == mentee.pk)
    mutual_score, mutual = cell_score(mentor_data, mentee_data, pool.preferences)
    one_way_score, one_way = cell_score(mentor_data, mentee_data, {(mentee.pk, mentor.pk): 1})
    assert mutual and not one_way and mutual_score > one_way_score + 100
