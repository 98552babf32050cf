"""Signings at the same moment, in real threads with their own database connections (PostgreSQL only:
SQLite has no row locks and serialises writers on its own, which the refusal tests in test_orders cover)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings

from mentoring.models import AuditEntry, Pair
from reports.models import Order, OrderCounter
from reports.orders import services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL"
    ),
]

DAY = datetime.date(2025, 9, 1)


def sign_at_once(organisation, actor, order_ids):
    barrier = threading.Barrier(len(order_ids))
    results, errors = {}, {}

    def run(order_id):
        try:
            barrier.wait(timeout=10)
            results[order_id] = services.order_sign(
                organisation=organisation, order_id=order_id, actor=actor, signed_on=DAY
            )
        except ValidationError as error:
            errors[order_id] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(order_id,)) for order_id in order_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_concurrent_signings_get_distinct_numbers(organisation, personas):
    orders = [
        services.order_create(organisation=organisation, actor=None, kind=Order.Kind.REGULATION)
        for _ in range(4)
    ]
    results, errors = sign_at_once(organisation, personas["director"].user, [order.pk for order in orders])
    assert not errors
    numbers = sorted(Order.objects.filter(status="signed").values_list("sequence", flat=True))
    assert numbers == [1, 2, 3, 4]
    assert OrderCounter.objects.get().last_sequence == 4


def test_two_orders_with_one_pair_approve_it_once(organisation, personas, pair_factory):
    shared = pair_factory()
    orders = [
        services.order_create(
            organisation=organisation, actor=None, kind=Order.Kind.PAIRS, pair_ids=[shared.pk]
        )
        for _ in range(2)
    ]
    results, errors = sign_at_once(organisation, personas["director"].user, [order.pk for order in orders])
    assert len(results) == 1 and len(errors) == 1
    assert AuditEntry.objects.filter(action="pair.approved", target_id=shared.pk).count() == 1
    shared.refresh_from_db()
    assert shared.status == Pair.Status.APPROVED
    assert Order.objects.filter(status="signed").count() == 1
    assert OrderCounter.objects.get().last_sequence == 1  # the refused signing gave its number back


def test_one_order_signed_twice_at_once(organisation, personas):
    order = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.ROADMAP)
    results, errors = sign_at_once(organisation, personas["director"].user, [order.pk, order.pk])
    # Both threads wrote into one dict key: count through the database instead.
    order.refresh_from_db()
    assert order.number == "1-ОД"
    assert OrderCounter.objects.get().last_sequence == 1
    assert AuditEntry.objects.filter(action="order.signed").count() == 1
    assert len(errors) <= 1


def test_two_orders_with_one_plan_approve_it_once(organisation, personas, pair_factory):
    from mentoring.models import Plan
    from tests.reports.conftest import make_plan

    shared = make_plan(pair_factory(status=Pair.Status.ACTIVE))
    orders = [
        services.order_create(
            organisation=organisation, actor=None, kind=Order.Kind.PLANS, plan_ids=[shared.pk]
        )
        for _ in range(2)
    ]
    results, errors = sign_at_once(organisation, personas["director"].user, [order.pk for order in orders])
    assert len(results) == 1 and len(errors) == 1
    assert AuditEntry.objects.filter(action="plan.approved").count() == 1
    assert Plan.objects.get(pk=shared.pk).approved_at is not None
    assert Order.objects.filter(status="signed").count() == 1
    assert OrderCounter.objects.get().last_sequence == 1


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_two_workers_building_one_signed_order_keep_one_frozen_file(organisation, personas):
    order = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.REGULATION)
    services.order_sign(
        organisation=organisation, order_id=order.pk, actor=personas["director"].user, signed_on=DAY
    )
    barrier = threading.Barrier(2)
    built = []

    def run():
        try:
            barrier.wait(timeout=10)
            built.append(services.order_pdf_build(order_id=order.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    order.refresh_from_db()
    assert len(built) == 2 and {item.pdf.name for item in built} == {order.pdf.name}
    assert {item.pdf_sha256 for item in built} == {order.pdf_sha256}
    assert AuditEntry.objects.filter(action="order.pdf_stored", target_id=order.pk).count() == 1
