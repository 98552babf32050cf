import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import ngettext


@pytest.mark.parametrize(
    "number,expected",
    [
        (1, "1 год"),
        (2, "2 года"),
        (5, "5 лет"),
        (11, "11 лет"),
        (21, "21 год"),
        (22, "22 года"),
        (112, "112 лет"),
        (0, "0 лет"),
    ],
)
def test_russian_plural(number, expected):
    # The three forms come from the catalogue (locale/ru), as in `{% blocktranslate count %}` of the profiles.
    assert ngettext("%(counter)s год", "%(counter)s лет", number) % {"counter": number} == expected


def test_every_demo_patronymic_is_a_real_one():
    from mentoring.organisations.names import FATHERS, patronymic

    for father in FATHERS:
        for female in (False, True):
            value = patronymic(father, female=female)
            assert value.endswith(("вич", "вна", "ична", "ич")), value
            assert "йо" not in value and "йе" not in value and "илов" not in value and "елов" not in value, (
                value
            )


@pytest.mark.django_db
def test_audit_changes_name_reverse_relations_and_registered_keys(organisation):
    from mentoring.models import AuditEntry
    from mentoring.organisations import audit_labels
    from mentoring.organisations.services import audit_entry_create
    from mentoring.templatetags.mentoring_tags import audit_changes

    audit_labels.register_field("invited", "приглашено")
    entry = audit_entry_create(
        actor=None,
        organisation=organisation,
        action="x",
        target=organisation,
        changes={
            "memberships": 3,
            "invited": 12,
            "short_name": ["Старое", "Новое"],
            "signed_on": "2026-09-05",
        },
    )
    text = audit_changes(AuditEntry.objects.get(pk=entry.pk))
    assert "Участие в организациях: 3" in text
    assert "Приглашено: 12" in text and "Краткое название: Старое → Новое" in text
    assert "Дата подписания: 05.09.2026" in text


def _app_models():
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if model.__module__.split(".")[0] in {"mentoring", "surveys", "roadmap", "reports", "common"}
        # bookkeeping of the app itself, never the target of a journal entry
        and model.__name__ not in _NOT_AUDITED
    ]


_NOT_AUDITED = {"AuditEntry", "ImportBatch", "ImportBatchItem", "LoginCode", "CalendarToken", "SentReminder"}


def test_every_field_of_every_audited_model_has_a_russian_label():
    from mentoring.templatetags.mentoring_tags import _field_label

    cyrillic = re.compile("[а-яё]", re.IGNORECASE)
    for model in _app_models():
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            label = _field_label(model, field.name)
            assert cyrillic.search(label) and label[0].isupper(), (model.__name__, field.name, label)


def test_every_choice_of_every_audited_model_shows_its_label_not_its_code():
    from mentoring.templatetags.mentoring_tags import _choice_value, _value

    for model in _app_models():
        for field in model._meta.concrete_fields:
            for code, label in field.flatchoices:
                if code in (None, ""):
                    continue
                assert _value(_choice_value(model, field.name, code)) == str(label), (
                    model.__name__,
                    field.name,
                )


def test_every_key_written_into_the_journal_has_a_russian_name():
    """The keys of `changes={...}` the services write that are not a field of every target: each one named."""
    from pathlib import Path

    from mentoring.templatetags.mentoring_tags import _field_label

    root = Path(__file__).resolve().parents[2]
    keys: set[str] = set()
    for app in ("mentoring", "surveys", "roadmap", "reports", "common"):
        for path in (root / app).rglob("*.py"):
            for block in re.findall(r"changes=\{(.*?)\}", path.read_text(), re.S):
                keys |= set(re.findall(r'^\s*"([a-z_]+)":', block, re.M))
    assert "date" in keys and "status" in keys
    cyrillic = re.compile("[а-яё]", re.IGNORECASE)
    assert [key for key in sorted(keys) if not cyrillic.search(_field_label(None, key))] == []


@pytest.mark.django_db
def test_journal_shows_status_labels_and_field_names(organisation):
    from mentoring.models import AuditEntry
    from mentoring.organisations.services import audit_entry_create
    from mentoring.templatetags.mentoring_tags import audit_changes
    from roadmap.models import Activity

    status = Activity._meta.get_field("status")
    (first, first_label), (second, second_label) = list(status.flatchoices)[:2]
    entry = audit_entry_create(
        actor=None,
        organisation=organisation,
        action="activity.updated",
        target=organisation,
        changes={"date": "2026-12-02", "is_published": True},
    )
    assert audit_changes(AuditEntry.objects.get(pk=entry.pk)) == "Дата: 02.12.2026; Опубликовано: да"
    entry.target_type = ContentType.objects.get_for_model(Activity)
    entry.changes = {"status": [first, second]}
    entry.save()
    text = audit_changes(AuditEntry.objects.get(pk=entry.pk))
    assert text == f"Статус: {first_label} → {second_label}"
    assert first not in text
