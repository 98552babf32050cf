import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from mentoring.models import AuditEntry, Pair, Role
from mentoring.organisations.declension import person_name
from reports.documents.pdf import sha256
from reports.models import Order, OrderCounter
from reports.orders import services
from tests.conftest import make_person
from tests.reports.pdftools import pdf_text

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 9, 1)


def draft(organisation, personas, kind=Order.Kind.INTRODUCE_MODEL, **kwargs):
    return services.order_create(
        organisation=organisation, actor=personas["curator"].user, kind=kind, **kwargs
    )


def sign(organisation, personas, order, day=DAY):
    return services.order_sign(
        organisation=organisation, order_id=order.pk, actor=personas["director"].user, signed_on=day
    )


class TestDrafts:
    @pytest.mark.parametrize(
        "kind",
        [kind for kind in Order.Kind.values if kind not in {"pairs", "plans", "free", "end_pair", "reward"}],
    )
    def test_standard_wording_from_the_data(self, organisation, personas, kind):
        order = draft(organisation, personas, kind=kind)
        assert order.status == Order.Status.DRAFT and not order.number
        assert order.title == Order.Kind(kind).label
        assert organisation.short_name in order.body
        assert "ПРИКАЗЫВАЮ:" in order.body
        assert order.body.rstrip().endswith("Контроль за исполнением настоящего приказа оставляю за собой.")
        assert AuditEntry.objects.filter(action="order.created", target_id=order.pk).exists()

    def test_curator_is_named_in_the_introduce_order(self, organisation, personas):
        order = draft(organisation, personas)
        assert person_name(personas["curator"], "accs") in order.body

    def test_pairs_order_lists_the_count_and_links_the_pairs(self, organisation, personas, pair_factory):
        pairs = [pair_factory(), pair_factory()]
        order = draft(organisation, personas, kind=Order.Kind.PAIRS, pair_ids=[pair.pk for pair in pairs])
        assert set(order.pairs.all()) == set(pairs)
        assert "всего: 2" in order.body and "согласно приложению" in order.body

    def test_pairs_order_needs_pairs(self, organisation, personas):
        with pytest.raises(ValidationError):
            draft(organisation, personas, kind=Order.Kind.PAIRS)
        assert not Order.objects.exists()

    def test_only_proposed_pairs_of_the_organisation(
        self, organisation, neighbour_organisation, personas, pair_factory
    ):
        approved = pair_factory(status=Pair.Status.APPROVED)
        foreign = pair_factory(organisation=neighbour_organisation)
        for pair in (approved, foreign):
            with pytest.raises(ValidationError):
                draft(organisation, personas, kind=Order.Kind.PAIRS, pair_ids=[pair.pk])
        assert not Order.objects.exists()

    def test_pairs_only_in_the_pairs_order(self, organisation, personas, pair_factory):
        with pytest.raises(ValidationError):
            draft(organisation, personas, kind=Order.Kind.REGULATION, pair_ids=[pair_factory().pk])

    def test_free_order_needs_a_title(self, organisation, personas):
        with pytest.raises(ValidationError):
            draft(organisation, personas, kind=Order.Kind.FREE)
        order = draft(organisation, personas, kind=Order.Kind.FREE, title="О награждении наставников")
        assert order.title == "О награждении наставников"

    def test_unknown_kind(self, organisation, personas):
        with pytest.raises(ValidationError):
            draft(organisation, personas, kind="nonsense")

    def test_draft_is_editable_and_audited(self, organisation, personas):
        order = draft(organisation, personas)
        services.order_update(
            organisation=organisation,
            order_id=order.pk,
            actor=personas["curator"].user,
            title="О внедрении целевой модели наставничества в 2025/2026 учебном году",
            body="ПРИКАЗЫВАЮ:\n1. Внедрить.",
        )
        order.refresh_from_db()
        assert order.body == "ПРИКАЗЫВАЮ:\n1. Внедрить."
        entry = AuditEntry.objects.get(action="order.updated")
        assert "title" in entry.changes and "body" in entry.changes

    def test_empty_body_refused(self, organisation, personas):
        order = draft(organisation, personas)
        with pytest.raises(ValidationError):
            services.order_update(
                organisation=organisation, order_id=order.pk, actor=None, title="Заголовок", body="  "
            )
        order.refresh_from_db()
        assert order.body.startswith("В соответствии")


class TestSigning:
    @pytest.mark.real_pdf
    def test_director_signs_number_date_signer_pdf(self, organisation, personas):
        order = sign(organisation, personas, draft(organisation, personas))
        assert order.status == Order.Status.SIGNED
        assert (order.number, order.sequence, order.year, order.signed_on) == ("1-ОД", 1, 2025, DAY)
        director = personas["director"]
        assert order.signer_name == f"{director.first_name[0]}.{director.patronymic[0]}. {director.last_name}"
        assert order.signed_by == director.user
        data = order.pdf.read()
        assert data.startswith(b"%PDF") and sha256(data) == order.pdf_sha256
        assert "1-ОД" in pdf_text(data) and "01.09.2025" in pdf_text(data)
        assert AuditEntry.objects.get(action="order.signed").changes["number"] == "1-ОД"

    def test_numbers_follow_each_other_and_restart_each_year(self, organisation, personas):
        numbers = [sign(organisation, personas, draft(organisation, personas)).number for _ in range(3)]
        assert numbers == ["1-ОД", "2-ОД", "3-ОД"]
        next_year = sign(
            organisation, personas, draft(organisation, personas), day=datetime.date(2026, 1, 12)
        )
        assert next_year.number == "1-ОД" and next_year.year == 2026

    def test_register_continues_the_schools_count_in_its_format(self, organisation, personas):
        services.order_register_update(
            organisation=organisation,
            actor=personas["director"].user,
            number_format="{n}-ОД",
            year=2025,
            last_sequence=679,
        )
        assert sign(organisation, personas, draft(organisation, personas)).number == "680-ОД"
        services.order_register_update(
            organisation=organisation, actor=None, number_format="ОД/{year}-{n}", year=2025, last_sequence=680
        )
        assert sign(organisation, personas, draft(organisation, personas)).number == "ОД/2025-681"

    @pytest.mark.parametrize("bad", ["", "ОД", "{x}-ОД", "{n}-{", "{0}"])
    def test_bad_number_format_refused(self, organisation, bad):
        with pytest.raises(ValidationError):
            services.order_register_update(
                organisation=organisation, actor=None, number_format=bad, year=2025, last_sequence=0
            )

    def test_counter_cannot_go_below_a_given_number(self, organisation, personas):
        sign(organisation, personas, draft(organisation, personas))
        with pytest.raises(ValidationError):
            services.order_register_update(
                organisation=organisation, actor=None, number_format="{n}-ОД", year=2025, last_sequence=0
            )

    def test_unique_constraint_is_the_last_defence(self, organisation, personas):
        first = sign(organisation, personas, draft(organisation, personas))
        second = draft(organisation, personas)
        second.status, second.sequence, second.year, second.signed_on = "signed", first.sequence, 2025, DAY
        with pytest.raises(IntegrityError), transaction.atomic():
            second.save()

    @pytest.mark.parametrize("who", ["curator", "admin", "teacher"])
    def test_only_the_director_signs(self, organisation, personas, who):
        order = draft(organisation, personas)
        with pytest.raises(PermissionDenied):
            services.order_sign(organisation=organisation, order_id=order.pk, actor=personas[who].user)
        order.refresh_from_db()
        assert order.is_draft and not OrderCounter.objects.exists()

    def test_a_superuser_is_not_a_director(self, organisation, personas):
        user = personas["admin"].user
        user.is_superuser = True
        user.save()
        with pytest.raises(PermissionDenied):
            services.order_sign(
                organisation=organisation, order_id=draft(organisation, personas).pk, actor=user
            )

    def test_director_of_another_organisation_cannot_sign(self, organisation, personas):
        with pytest.raises(PermissionDenied):
            services.order_sign(
                organisation=organisation,
                order_id=draft(organisation, personas).pk,
                actor=personas["outsider"].user,
            )

    def test_signed_order_is_never_edited(self, organisation, personas):
        order = sign(organisation, personas, draft(organisation, personas))
        with pytest.raises(ValidationError):
            services.order_update(
                organisation=organisation, order_id=order.pk, actor=None, title="Иначе", body="Иначе"
            )
        with pytest.raises(ValidationError):
            sign(organisation, personas, order)
        order.refresh_from_db()
        assert order.title == Order.Kind.INTRODUCE_MODEL.label and order.number == "1-ОД"


class TestPairsOrder:
    @pytest.mark.real_pdf
    def test_signing_approves_the_pairs(self, organisation, personas, pair_factory):
        pairs = [pair_factory(), pair_factory()]
        order = sign(
            organisation,
            personas,
            draft(organisation, personas, kind="pairs", pair_ids=[p.pk for p in pairs]),
        )
        for pair in pairs:
            pair.refresh_from_db()
            assert pair.status == Pair.Status.APPROVED and pair.approved_by == personas["director"].user
        bases = AuditEntry.objects.filter(action="pair.approved").values_list("changes", flat=True)
        assert all("1-ОД" in changes["basis"] for changes in bases) and len(bases) == 2
        text = pdf_text(order.pdf.read())
        assert pairs[0].mentor.last_name in text and "Список наставнических пар/групп" in text

    def test_refused_approval_rolls_the_signing_back_whole(self, organisation, personas, pair_factory):
        shared = pair_factory()
        first = draft(organisation, personas, kind="pairs", pair_ids=[shared.pk])
        second = draft(organisation, personas, kind="pairs", pair_ids=[shared.pk, pair_factory().pk])
        sign(organisation, personas, first)
        with pytest.raises(ValidationError) as error:
            sign(organisation, personas, second)
        assert "Утвердить можно только предложенные пары" in " ".join(error.value.messages)
        second.refresh_from_db()
        assert second.is_draft and not second.number and not second.pdf
        assert OrderCounter.objects.get().last_sequence == 1
        assert Pair.objects.filter(status=Pair.Status.APPROVED).count() == 1
        assert not AuditEntry.objects.filter(action="order.signed", target_id=second.pk).exists()
        # The next order takes the number the refused one did not.
        assert sign(organisation, personas, draft(organisation, personas)).number == "2-ОД"

    def test_signing_takes_row_locks(
        self, organisation, personas, pair_factory, django_assert_max_num_queries
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        order = draft(organisation, personas, kind="pairs", pair_ids=[pair_factory().pk])
        with CaptureQueriesContext(connection) as queries:
            sign(organisation, personas, order)
        locked = [query["sql"] for query in queries if "FOR UPDATE" in query["sql"]]
        if connection.features.has_select_for_update:
            # The order, the year's counter and the pairs are each locked before they change.
            assert any('"reports_order"' in sql for sql in locked)
            assert any('"reports_ordercounter"' in sql for sql in locked)
            assert any('"mentoring_pair"' in sql for sql in locked)
        else:
            assert not locked  # SQLite serialises writers itself; the refusal logic is tested above


class TestFrozenPdf:
    @pytest.mark.real_pdf
    def test_later_changes_of_the_data_do_not_touch_the_signed_pdf(
        self, organisation, personas, named_pair, client
    ):
        order = sign(
            organisation, personas, draft(organisation, personas, kind="pairs", pair_ids=[named_pair.pk])
        )
        stored = order.pdf.read()
        named_pair.mentor.last_name = "Иванова"
        named_pair.mentor.save()
        organisation.name = "Совсем другая школа"
        organisation.save()
        director = personas["director"]
        director.last_name = "Новиков"
        director.save()
        order.refresh_from_db()
        with order.pdf.open("rb") as handle:
            assert handle.read() == stored
        assert sha256(stored) == order.pdf_sha256
        client.force_login(personas["teacher"].user)
        response = client.get(f"/o/{organisation.slug}/orders/{order.pk}/pdf/")
        assert b"".join(response.streaming_content) == stored
        assert "Петрова" in pdf_text(stored) and "Иванова" not in pdf_text(stored)
        # A fresh rendering would differ: the stored file is really the one made at signing.
        assert services.order_pdf_bytes(order) != stored


class TestCancelling:
    def test_a_later_signed_order_cancels_an_earlier_one(self, organisation, personas):
        old = sign(organisation, personas, draft(organisation, personas))
        new = draft(
            organisation, personas, kind=Order.Kind.FREE, title="Об отмене приказа", cancel_ids=[old.pk]
        )
        assert f"Признать утратившим силу приказ от 01.09.2025 № {old.number}" in new.body
        old.refresh_from_db()
        assert old.status == Order.Status.SIGNED  # a draft cancels nothing
        new = sign(organisation, personas, new, day=datetime.date(2025, 10, 1))
        old.refresh_from_db()
        assert old.status == Order.Status.CANCELLED and old.cancelled_by == new
        assert AuditEntry.objects.filter(action="order.cancelled", target_id=old.pk).exists()

    def test_only_signed_orders_can_be_cancelled(self, organisation, personas):
        other_draft = draft(organisation, personas)
        with pytest.raises(ValidationError):
            draft(
                organisation, personas, kind=Order.Kind.FREE, title="Об отмене", cancel_ids=[other_draft.pk]
            )

    def test_an_order_cancelled_meanwhile_stops_the_signing(self, organisation, personas):
        old = sign(organisation, personas, draft(organisation, personas))
        first = draft(organisation, personas, kind=Order.Kind.FREE, title="Об отмене 1", cancel_ids=[old.pk])
        second = draft(organisation, personas, kind=Order.Kind.FREE, title="Об отмене 2", cancel_ids=[old.pk])
        sign(organisation, personas, first)
        with pytest.raises(ValidationError):
            sign(organisation, personas, second)
        second.refresh_from_db()
        assert second.is_draft


def test_people_with_director_role_are_found_per_organisation(organisation, neighbour_organisation):
    director = make_person(neighbour_organisation, roles=[Role.DIRECTOR], username="other-director")
    assert services.director_of(organisation, director.user) is None
    assert services.director_of(neighbour_organisation, director.user) == director
