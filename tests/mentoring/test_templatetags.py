import pytest
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
    assert (
        "memberships: 3" in text and "приглашено: 12" in text and "краткое название: Старое → Новое" in text
    )
    assert "signed_on: 05.09.2026" in text
