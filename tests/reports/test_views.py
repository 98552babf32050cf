import datetime

import pytest
from django.contrib.messages import get_messages

from mentoring.models import Pair
from reports.models import Order
from reports.orders import services

pytestmark = pytest.mark.django_db


def base(organisation):
    return f"/o/{organisation.slug}/orders/"


def make_orders(organisation, personas, count):
    for number in range(count):
        order = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.REGULATION)
        if number % 2 == 0:
            services.order_sign(
                organisation=organisation,
                order_id=order.pk,
                actor=personas["director"].user,
                signed_on=datetime.date(2024 + number % 3, 9, 1),
            )


class TestRegister:
    @pytest.mark.parametrize("count", [10, 30])
    def test_query_count_does_not_grow(
        self, as_user, organisation, personas, count, django_assert_num_queries
    ):
        make_orders(organisation, personas, count)
        client = as_user("curator")
        with django_assert_num_queries(8):
            response = client.get(base(organisation))
        assert response.status_code == 200

    def test_filters_by_year_and_kind(self, as_user, organisation, personas):
        make_orders(organisation, personas, 6)
        services.order_create(organisation=organisation, actor=None, kind=Order.Kind.ROADMAP)
        client = as_user("curator")
        page = client.get(base(organisation) + "?year=2024").context["page"]
        assert {order.year for order in page} == {2024} and len(page) == 1
        page = client.get(base(organisation) + "?kind=roadmap").context["page"]
        assert [order.kind for order in page] == ["roadmap"]
        # A forged filter is ignored, never an error.
        assert client.get(base(organisation) + "?year=abc&kind=zzz").status_code == 200

    def test_teacher_sees_signed_orders_only(self, as_user, organisation, personas):
        make_orders(organisation, personas, 4)
        page = as_user("teacher").get(base(organisation)).context["page"]
        assert len(page) == 2 and all(order.status == "signed" for order in page)
        content = as_user("teacher").get(base(organisation)).content.decode()
        assert "Подготовить приказ" not in content


class TestOrderPages:
    def test_curator_creates_a_pairs_draft(self, as_user, organisation, pair_factory):
        pairs = [pair_factory(), pair_factory()]
        response = as_user("curator").post(
            base(organisation) + "new/", {"kind": "pairs", "pairs": [pair.pk for pair in pairs]}
        )
        order = Order.objects.get()
        assert response.status_code == 302 and response["Location"].endswith(f"/orders/{order.pk}/")
        assert set(order.pairs.all()) == set(pairs)
        page = as_user("curator").get(response["Location"]).content.decode()
        assert "Проект ожидает подписи директора" in page and pairs[0].mentor.full_name in page

    @pytest.mark.parametrize(
        "data,message",
        [
            ({"kind": "pairs"}, "Отметьте хотя бы одну пару"),
            ({"kind": "free"}, "Укажите заголовок"),
            ({"kind": "nonsense"}, "Выберите корректный вариант"),
            ({"kind": "pairs", "pairs": ["999999"]}, "Выберите корректный вариант"),
        ],
    )
    def test_bad_input_changes_nothing(self, as_user, organisation, data, message):
        response = as_user("curator").post(base(organisation) + "new/", data)
        assert response.status_code == 200 and message in response.content.decode()
        assert not Order.objects.exists()

    def test_foreign_pair_cannot_be_put_in_the_order(
        self, as_user, organisation, neighbour_organisation, pair_factory
    ):
        foreign = pair_factory(organisation=neighbour_organisation)
        response = as_user("curator").post(
            base(organisation) + "new/", {"kind": "pairs", "pairs": [foreign.pk]}
        )
        assert response.status_code == 200 and not Order.objects.exists()

    def test_edit_draft(self, as_user, organisation):
        order = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.ROADMAP)
        response = as_user("curator").post(
            base(organisation) + f"{order.pk}/edit/",
            {"title": "Об утверждении плана", "body": "ПРИКАЗЫВАЮ:\n1. Да."},
        )
        assert response.status_code == 302
        order.refresh_from_db()
        assert order.title == "Об утверждении плана"

    def test_edit_with_empty_body_is_refused(self, as_user, organisation):
        order = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.ROADMAP)
        response = as_user("curator").post(
            base(organisation) + f"{order.pk}/edit/", {"title": "Т", "body": ""}
        )
        assert response.status_code == 200
        order.refresh_from_db()
        assert order.body

    def test_director_signs_through_the_page(self, as_user, organisation, personas, pair_factory):
        pair = pair_factory()
        order = services.order_create(organisation=organisation, actor=None, kind="pairs", pair_ids=[pair.pk])
        client = as_user("director")
        assert "Подписать приказ" in client.get(base(organisation) + f"{order.pk}/").content.decode()
        response = client.post(base(organisation) + f"{order.pk}/sign/", follow=True)
        order.refresh_from_db()
        pair.refresh_from_db()
        assert order.number == "1-ОД" and pair.status == Pair.Status.APPROVED
        content = response.content.decode()
        assert "Приказ подписан" in content and order.pdf_sha256 in content
        # A double click: the second submit is refused with a message, nothing changes.
        response = client.post(base(organisation) + f"{order.pk}/sign/")
        messages = [str(message) for message in get_messages(response.wsgi_request)]
        assert any("уже подписан" in message for message in messages)
        order.refresh_from_db()
        assert order.number == "1-ОД"

    def test_refused_approval_shows_a_russian_message(self, as_user, organisation, personas, pair_factory):
        pair = pair_factory()
        order = services.order_create(organisation=organisation, actor=None, kind="pairs", pair_ids=[pair.pk])
        Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.APPROVED)
        response = as_user("director").post(base(organisation) + f"{order.pk}/sign/", follow=True)
        assert "Приказ не подписан" in response.content.decode()
        order.refresh_from_db()
        assert order.is_draft and not order.number

    def test_signed_order_edit_redirects_with_message(self, as_user, organisation, personas):
        order = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.ROADMAP)
        services.order_sign(organisation=organisation, order_id=order.pk, actor=personas["director"].user)
        response = as_user("curator").post(
            base(organisation) + f"{order.pk}/edit/", {"title": "Иначе", "body": "Иначе"}, follow=True
        )
        assert "Подписанный приказ изменить нельзя" in response.content.decode()
        order.refresh_from_db()
        assert order.title != "Иначе"

    def test_signed_pdf_downloads_as_attachment(self, as_user, organisation, personas):
        order = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.ROADMAP)
        order = services.order_sign(
            organisation=organisation, order_id=order.pk, actor=personas["director"].user
        )
        response = as_user("teacher").get(base(organisation) + f"{order.pk}/pdf/")
        assert (
            response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
        )
        assert b"".join(response.streaming_content).startswith(b"%PDF")


class TestNumbering:
    def test_director_sets_the_count(self, as_user, organisation, personas):
        response = as_user("director").post(
            base(organisation) + "numbering/", {"number_format": "{n}-ОД", "year": 2025, "last_sequence": 679}
        )
        assert response.status_code == 302
        order = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.ROADMAP)
        order = services.order_sign(
            organisation=organisation,
            order_id=order.pk,
            actor=personas["director"].user,
            signed_on=datetime.date(2025, 11, 25),
        )
        assert order.number == "680-ОД"

    @pytest.mark.parametrize(
        "data",
        [
            {"number_format": "ОД", "year": 2025, "last_sequence": 1},
            {"number_format": "{n}-{", "year": 2025, "last_sequence": 1},
            {"number_format": "{n}-ОД", "year": "двадцать", "last_sequence": 1},
            {"number_format": "{n}-ОД", "year": 2025, "last_sequence": -5},
        ],
    )
    def test_bad_input(self, as_user, organisation, data):
        response = as_user("director").post(base(organisation) + "numbering/", data)
        assert response.status_code == 200
        assert not organisation.order_register.counters.filter(last_sequence=1).exists()


class TestDashboardAndNavigation:
    def test_director_sees_drafts_awaiting_signature(self, as_user, organisation):
        order = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.REGULATION)
        content = as_user("director").get(f"/o/{organisation.slug}/").content.decode()
        assert "Ждёт вашей подписи" in content and order.title in content
        assert 'href="/o/school-1/documents/"' in content

    def test_teacher_dashboard_has_no_orders_panel(self, as_user, organisation):
        content = as_user("teacher").get(f"/o/{organisation.slug}/").content.decode()
        assert 'data-panel="orders"' not in content
