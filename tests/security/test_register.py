"""The register of orders cannot be broken from the Django admin: the counter never goes below a number
already given, a signed order is never deleted, and every admin change is in the app's journal."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from mentoring.models import AuditEntry, Consent
from reports.models import Order, OrderCounter
from reports.orders import services
from tests.conftest import make_person


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "root-password")


@pytest.fixture
def signed(organisation, personas):
    order = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.INTRODUCE_MODEL)
    return services.order_sign(
        organisation=organisation,
        order_id=order.pk,
        actor=personas["director"].user,
        signed_on=datetime.date(2025, 9, 1),
    )


def _counter_form(register, counter, last_sequence):
    return {
        "organisation": register.organisation_id,
        "number_format": register.number_format,
        "counters-TOTAL_FORMS": "1",
        "counters-INITIAL_FORMS": "1",
        "counters-MIN_NUM_FORMS": "0",
        "counters-MAX_NUM_FORMS": "1000",
        "counters-0-id": str(counter.pk),
        "counters-0-register": str(register.pk),
        "counters-0-year": str(counter.year),
        "counters-0-last_sequence": str(last_sequence),
    }


def test_admin_refuses_to_rewind_the_counter(client, superuser, signed, organisation):
    register = organisation.order_register
    counter = OrderCounter.objects.get(register=register, year=2025)
    assert counter.last_sequence == signed.sequence == 1
    client.force_login(superuser)
    url = reverse("admin:reports_orderregister_change", args=[register.pk])
    response = client.post(url, _counter_form(register, counter, 0))
    assert response.status_code == 200
    assert "уже есть приказ с номером 1" in response.content.decode()
    counter.refresh_from_db()
    assert counter.last_sequence == 1
    # Moving it forward (a school that numbers its other orders in the same book) is fine, and journalled.
    response = client.post(url, _counter_form(register, counter, 680))
    assert response.status_code == 302
    counter.refresh_from_db()
    assert counter.last_sequence == 680
    assert AuditEntry.objects.filter(organisation=organisation, action="admin.changed").exists()


def test_the_counter_refuses_a_rewind_wherever_it_is_written(signed, organisation):
    counter = OrderCounter.objects.get(register=organisation.order_register, year=2025)
    counter.last_sequence = 0
    with pytest.raises(ValidationError):
        counter.save()
    with pytest.raises(ValidationError):
        services.order_register_update(
            organisation=organisation, actor=None, number_format="{n}-ОД", year=2025, last_sequence=0
        )
    counter.refresh_from_db()
    assert counter.last_sequence == 1
    # The next signing still gets the next number.
    order = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.REGULATION)
    assert order.pk


def test_nobody_deletes_a_signed_order_in_the_admin(client, superuser, signed):
    client.force_login(superuser)
    assert client.get(reverse("admin:reports_order_delete", args=[signed.pk])).status_code == 403
    assert (
        client.post(reverse("admin:reports_order_delete", args=[signed.pk]), {"post": "yes"}).status_code
        == 403
    )
    changelist = client.get(reverse("admin:reports_order_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    response = client.post(
        reverse("admin:reports_order_changelist"),
        {"action": "delete_selected", "_selected_action": [signed.pk], "post": "yes"},
    )
    assert Order.objects.filter(pk=signed.pk).exists()
    assert response.status_code in (200, 302)


def test_a_signed_order_cannot_be_deleted_in_code_either(signed, organisation):
    with pytest.raises(ProtectedError):
        signed.delete()
    # (Django deletes inside a transaction without a savepoint: the test gives it one.)
    with pytest.raises(ProtectedError), transaction.atomic():
        Order.objects.filter(pk=signed.pk).delete()
    assert Order.objects.filter(pk=signed.pk).exists()
    draft = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.REGULATION)
    draft.delete()
    assert not Order.objects.filter(pk=draft.pk).exists()


def test_admin_changes_of_people_and_consents_are_journalled(client, superuser, organisation):
    person = make_person(organisation, last_name="Журналова")
    consent = Consent.objects.create(
        organisation=organisation, person=person, given_on=datetime.date(2025, 9, 1), text_version="ред. 1"
    )
    client.force_login(superuser)
    response = client.post(
        reverse("admin:mentoring_consent_change", args=[consent.pk]),
        {
            "organisation": organisation.pk,
            "person": person.pk,
            "given_on": "01.09.2025",
            "text_version": "ред. 2",
            "withdrawal_reason": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(organisation=organisation, action="admin.changed")
    assert entry.actor == superuser
    assert entry.target_id == consent.pk
    assert "редакция текста согласия" in entry.changes["admin_fields"].lower()
    response = client.post(reverse("admin:mentoring_consent_delete", args=[consent.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(organisation=organisation, action="admin.deleted").exists()
