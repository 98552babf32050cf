"""The abstract bases of `mentoring.organisations.models`: a model moved onto them keeps its table, its
related name and its migrations exactly."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from mentoring.models import Organisation
from mentoring.organisations.models import OrganisationOwnedModel, TimeStampedModel

# The related names each model had before the base existed: `organisation.<name>` must keep working.
RELATED_NAMES = {
    "mentoring.Pair": "pairs",
    "mentoring.Preference": "preferences",
    "mentoring.Consent": "consents",
    "mentoring.Partner": "partners",
    "roadmap.Event": "events",
    "roadmap.Publication": "publications",
    "surveys.Questionnaire": "questionnaires",
    "reports.Order": "orders",
    "reports.Practice": "practices",
    # ст. 351.8 ТК РФ, the order wordings and the nominations (new models on the base).
    "mentoring.MentoringConsent": "mentoringconsents",
    "mentoring.LabourAgreement": "labouragreements",
    "mentoring.EarlyTermination": "earlyterminations",
    "reports.OrderWording": "orderwordings",
    "reports.MentorNomination": "mentornominations",
    # Issue 13: a pair's people changed after its order.
    "mentoring.PairChange": "pairchanges",
    # The organisation's own sections of the founding documents.
    "reports.DocumentSectionWording": "documentsectionwordings",
}


def test_every_organisation_owned_model_keeps_its_related_name():
    owned = {
        model._meta.label: model for model in apps.get_models() if issubclass(model, OrganisationOwnedModel)
    }
    assert set(owned) == set(RELATED_NAMES)
    for label, name in RELATED_NAMES.items():
        field = owned[label]._meta.get_field("organisation")
        assert field.remote_field.related_name == name
        assert field.remote_field.model is Organisation
        assert hasattr(Organisation, name), label


def test_the_organisation_key_keeps_each_models_related_name():
    for label, related_name in RELATED_NAMES.items():
        field = apps.get_model(label)._meta.get_field("organisation")
        assert field.remote_field.get_accessor_name() == related_name
        assert field.remote_field.on_delete is models.CASCADE


@pytest.mark.django_db(transaction=True)
def test_moving_onto_the_base_changed_no_table():
    from django.core.management import call_command

    for app, migration in [
        ("mentoring", "0007_organisation_owned_base"),
        ("reports", "0004_organisation_owned_base"),
        ("roadmap", "0003_organisation_owned_base"),
        ("surveys", "0002_organisation_owned_base"),
    ]:
        out = io.StringIO()
        call_command("sqlmigrate", app, migration, stdout=out)
        statements = [
            line
            for line in out.getvalue().splitlines()
            if line and not line.startswith(("--", "BEGIN", "COMMIT"))
        ]
        assert statements == [], (app, statements)


def test_the_creation_time_is_the_same_field_everywhere():
    stamped = [model for model in apps.get_models() if issubclass(model, TimeStampedModel)]
    assert {model._meta.label for model in stamped} == {
        "mentoring.Preference",
        "mentoring.PairChange",
        "mentoring.PlanAmendment",
        "roadmap.Activity",
        "roadmap.Event",
        "surveys.Invitation",
    }
    for model in stamped:
        field = model._meta.get_field("created_at")
        assert field.auto_now_add and str(field.verbose_name) == "создано"


@pytest.mark.django_db
def test_no_migration_is_pending():
    out = io.StringIO()
    call_command("makemigrations", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()
