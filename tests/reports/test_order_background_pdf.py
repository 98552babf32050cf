"""Signing answers at once; the task worker lays the signed PDF out once and freezes it (issue #15)."""

import pytest
from django.test import override_settings

from mentoring.models import AuditEntry
from reports.documents.pdf import sha256
from reports.models import Order
from reports.orders import services
from reports.orders.documents import OrderDocument

pytestmark = pytest.mark.django_db

# The worker is not running: the task is queued and nothing else happens, as in production before the
# worker picks it up.
QUEUED_ONLY = override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})


def _draft(organisation, personas, pair_factory, count=1):
    return services.order_create(
        organisation=organisation,
        actor=personas["curator"].user,
        kind=Order.Kind.PAIRS,
        pair_ids=[pair_factory().pk for _ in range(count)],
    )


def _sign(organisation, personas, order):
    return services.order_sign(organisation=organisation, order_id=order.pk, actor=personas["director"].user)


@QUEUED_ONLY
def test_signing_reserves_the_number_and_leaves_the_pdf_to_the_worker(organisation, personas, pair_factory):
    order = _sign(organisation, personas, _draft(organisation, personas, pair_factory))
    assert order.status == Order.Status.SIGNED and order.number
    assert not order.pdf and order.pdf_pending
    assert order.pairs.first().status == "approved"

    built = services.order_pdf_build(order_id=order.pk)
    assert built.pdf and not built.pdf_pending and built.pdf_progress == 100
    data = built.pdf.read()
    assert data.startswith(b"%PDF") and sha256(data) == built.pdf_sha256
    assert AuditEntry.objects.filter(action="order.pdf_stored", target_id=order.pk).count() == 1

    # A second build (a worker retrying, two workers) keeps the first file.
    again = services.order_pdf_build(order_id=order.pk)
    assert again.pdf.name == built.pdf.name and again.pdf_sha256 == built.pdf_sha256
    assert AuditEntry.objects.filter(action="order.pdf_stored", target_id=order.pk).count() == 1


def test_with_a_worker_at_hand_the_signed_order_has_its_pdf(organisation, personas, pair_factory):
    order = _sign(organisation, personas, _draft(organisation, personas, pair_factory))
    assert order.pdf and order.pdf_sha256 and not order.pdf_error


def test_drafts_are_never_built(organisation, personas, pair_factory):
    order = _draft(organisation, personas, pair_factory)
    assert services.order_pdf_build(order_id=order.pk).pdf.name == ""
    assert services.order_pdf_build(order_id=10**9) is None


@QUEUED_ONLY
def test_the_page_says_the_document_is_being_made(organisation, personas, pair_factory, as_user):
    order = _sign(organisation, personas, _draft(organisation, personas, pair_factory))
    client = as_user("curator")
    page = client.get(f"/o/{organisation.slug}/orders/{order.pk}/").content.decode()
    assert "документ формируется" in page and 'hx-trigger="every 1s"' in page

    fragment = client.get(f"/o/{organisation.slug}/orders/{order.pk}/", headers={"HX-Request": "true"})
    assert 'data-pending="1"' in fragment.content.decode() and "<html" not in fragment.content.decode()

    # The download is not there yet: back to the order with a word, not a 404.
    response = client.get(f"/o/{organisation.slug}/orders/{order.pk}/pdf/")
    assert response.status_code == 302 and response.url.endswith(f"/orders/{order.pk}/")

    services.order_pdf_build(order_id=order.pk)
    fragment = client.get(f"/o/{organisation.slug}/orders/{order.pk}/", headers={"HX-Request": "true"})
    assert 'data-pending="0"' in fragment.content.decode() and "hx-trigger" not in fragment.content.decode()
    assert client.get(f"/o/{organisation.slug}/orders/{order.pk}/pdf/").status_code == 200


@QUEUED_ONLY
def test_a_failed_layout_is_shown_and_started_again_by_the_director(
    organisation, personas, pair_factory, as_user, monkeypatch
):
    order = _sign(organisation, personas, _draft(organisation, personas, pair_factory))

    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    with monkeypatch.context() as patch:
        patch.setattr(OrderDocument, "render_pdf", classmethod(broken))
        failed = services.order_pdf_build(order_id=order.pk)
    assert not failed.pdf and failed.pdf_error and not failed.pdf_pending
    assert failed.status == Order.Status.SIGNED and failed.number == order.number

    page = as_user("curator").get(f"/o/{organisation.slug}/orders/{order.pk}/").content.decode()
    assert "PDF не сформирован" in page and "Сформировать PDF ещё раз" not in page
    director = as_user("director")
    page = director.get(f"/o/{organisation.slug}/orders/{order.pk}/").content.decode()
    assert "Сформировать PDF ещё раз" in page

    response = director.post(f"/o/{organisation.slug}/orders/{order.pk}/pdf/retry/")
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.pdf_pending and not order.pdf_error
    assert AuditEntry.objects.filter(action="order.pdf_retried", target_id=order.pk).count() == 1
    # A second click while it is queued changes nothing.
    director.post(f"/o/{organisation.slug}/orders/{order.pk}/pdf/retry/")
    assert AuditEntry.objects.filter(action="order.pdf_retried", target_id=order.pk).count() == 1
    assert services.order_pdf_build(order_id=order.pk).pdf


def test_the_order_page_lists_its_pairs_a_page_at_a_time(
    organisation, personas, pair_factory, as_user, django_assert_max_num_queries
):
    order = _sign(organisation, personas, _draft(organisation, personas, pair_factory, count=55))
    client = as_user("curator")
    url = f"/o/{organisation.slug}/orders/{order.pk}/"
    first = client.get(url).content.decode()
    assert "Приложение: 55 пар/групп" in first and "Страница 1 из 2" in first
    second = client.get(url + "?page=2")
    assert second.context["page"].number == 2 and len(second.context["pairs"]) == 5
    assert second.context["page"].start_index() == 51
    with django_assert_max_num_queries(40):
        client.get(url)
