"""Timings of the documents (reported, not asserted): why the all-agreements file goes to the worker."""

import time

import pytest
from django.test import override_settings

from mentoring.models import Pair
from reports.documents import registry as documents
from reports.documents import services as document_services
from reports.models import Order
from reports.orders import services

pytestmark = [pytest.mark.django_db, pytest.mark.benchmark]


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def test_document_timings(organisation, personas, pair_factory, capsys):
    pairs = [pair_factory() for _ in range(30)]
    order = services.order_create(
        organisation=organisation, actor=None, kind=Order.Kind.PAIRS, pair_ids=[pair.pk for pair in pairs]
    )
    services.order_pdf_bytes(order)  # warm up fonts and templates
    _data, pdf_seconds = timed(lambda: services.order_pdf_bytes(order))
    # The director's click: the task is only queued (the worker is not in this process).
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        _order, sign_seconds = timed(
            lambda: services.order_sign(
                organisation=organisation, order_id=order.pk, actor=personas["director"].user
            )
        )
    built, build_seconds = timed(lambda: services.order_pdf_build(order_id=order.pk))
    assert built.pdf
    Pair.objects.update(status=Pair.Status.APPROVED)
    single = documents.get("pair-agreement")
    _data, one_seconds = timed(lambda: single.render_pdf(organisation, {"pair": pairs[0].pk}))
    document, all_seconds = timed(
        lambda: document_services.document_request(
            organisation=organisation, kind_key="agreements-all", params={}, actor=None
        )[0]
    )
    document.refresh_from_db()
    assert document.status == "done", document.error
    with capsys.disabled():
        print(
            f"\n[benchmark] sign a pairs order with 30 pairs: the click {sign_seconds:.2f} s "
            f"({sign_seconds / pdf_seconds:.2f}× its PDF alone, {pdf_seconds:.2f} s); the worker's build "
            f"{build_seconds:.2f} s ({(sign_seconds + build_seconds) / pdf_seconds:.2f}× with the click); "
            f"one agreement: {one_seconds:.2f} s; all 30 agreements in one file: {all_seconds:.2f} s"
        )
