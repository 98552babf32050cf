"""The abstract bases of `mentoring.organisations.models`: a model moved onto them keeps its table, its
related name and its migrations exactly."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.db.migrations.state import ModelState

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


def test_the_organisation_key_is_a_plain_foreign_key_to_the_migrations():
    for label, related_name in RELATED_NAMES.items():
        state = ModelState.from_model(apps.get_model(label))
        name, path, args, kwargs = state.fields["organisation"].deconstruct()
        assert path == "django.db.models.ForeignKey"
        assert kwargs["related_name"] == related_name
        assert kwargs["on_delete"] is models.CASCADE


def test_the_creation_time_is_the_same_field_everywhere():
    stamped = [model for model in apps.get_models() if issubclass(model, TimeStampedModel)]
    assert {model._meta.label for model in stamped} == {
        "mentoring.Preference",
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
