"""The admin's titles, «Добавить …» button and messages agree with each model's gender and case."""

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse

from mentoring.models import Organisation, Region
from mentoring.organisations import admin_wording

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "root-password")


def test_every_model_of_the_admin_has_its_words():
    ours = {"auth", "mentoring", "reports", "surveys", "roadmap"}
    missing = [
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label in ours and model._meta.label_lower not in admin_wording.WORDS
    ]
    assert missing == []
    assert all(
        isinstance(view, admin_wording.RussianWordingAdmin)
        for model, view in admin.site._registry.items()
        if model._meta.app_label in ours - {"auth"}
    )


def test_the_add_button_and_title_decline_the_name(client, superuser):
    client.force_login(superuser)
    changelist = client.get(reverse("admin:mentoring_organisation_changelist")).content.decode()
    assert "Добавить организацию" in changelist and "Добавить организация" not in changelist
    add = client.get(reverse("admin:mentoring_organisation_add")).content.decode()
    assert "<h1>Добавить организацию</h1>" in add


def test_the_success_message_agrees_with_the_model(client, superuser, organisation):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:mentoring_region_add"), {"name": "Тверская область", "slug": "tver"}
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Регион «Тверская область» добавлен."]
    region = Region.objects.get(slug="tver")
    response = client.post(
        reverse("admin:mentoring_region_change", args=[region.pk]), {"name": "Тверская обл.", "slug": "tver"}
    )
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == "Регион «Тверская обл.» изменён."
    text = admin_wording.saved_message(Organisation._meta, organisation, added=True)
    assert text == f"Организация «{organisation}» добавлена."
    assert "был успешно" not in text


def test_bad_input_keeps_the_form_and_says_nothing_was_saved(client, superuser):
    client.force_login(superuser)
    response = client.post(reverse("admin:mentoring_region_add"), {"name": "", "slug": ""})
    assert response.status_code == 200
    assert list(get_messages(response.wsgi_request)) == []
    assert not Region.objects.filter(name="").exists()
