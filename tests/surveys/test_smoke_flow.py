import pytest
from django.urls import reverse

from surveys.models import Response

from .conftest import SCALE, TEXT, TODAY, opened


@pytest.mark.django_db
def test_teacher_fills_through_the_link_and_the_curator_sees_the_result(
    client, organisation, personas, programme, as_user, monkeypatch
):
    monkeypatch.setattr("surveys.views._today", lambda: TODAY)
    questionnaire = opened(organisation, [SCALE, TEXT])
    invitation = questionnaire.invitations.get(person=personas["teacher"])
    url = reverse("surveys:fill", args=[invitation.token])
    page = client.get(url)
    assert page.status_code == 200
    assert "Насколько вы довольны?" in page.content.decode()
    response = client.post(url, {"action": "submit", "S1": "8", "T1": "Больше встреч"})
    assert response.status_code == 200, response.content.decode()[:2000]
    assert Response.objects.filter(questionnaire=questionnaire).count() == 1
    curator = as_user("curator")
    results = curator.get(reverse("surveys:results", args=[organisation.slug, questionnaire.pk]))
    assert results.status_code == 200
    html = results.content.decode()
    assert "Больше встреч" in html and "<svg" in html
    for name in ["list", "detail", "invitations", "preview", "edit"]:
        assert (
            curator.get(
                reverse(
                    f"surveys:{name}",
                    args=[organisation.slug] + ([questionnaire.pk] if name != "list" else []),
                )
            ).status_code
            == 200
        ), name
