"""A pair whose people changed after the signed pairs order that fixed it is eligible for a new pairs order;
signing it settles the change (mentoring keeps the state, reports reads it)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from mentoring.models import AuditEntry, MenteeProfile, MentorProfile, Pair, PairChange, Role
from mentoring.programme import services as mentoring_services
from reports.models import Order
from reports.orders import selectors, services
from tests.conftest import make_person
from tests.reports.conftest import make_pair

pytestmark = pytest.mark.django_db


def sign(organisation, personas, order, day):
    return services.order_sign(
        organisation=organisation, order_id=order.pk, actor=personas["director"].user, signed_on=day
    )


def pairs_order(organisation, personas, pairs):
    return services.order_create(
        organisation=organisation,
        actor=personas["curator"].user,
        kind=Order.Kind.PAIRS,
        pair_ids=[pair.pk for pair in pairs],
    )


@pytest.fixture
def fixed_pair(organisation, personas):
    pair = make_pair(organisation)
    MentorProfile.objects.create(organisation=organisation, person=pair.mentor, capacity=3, status="ready")
    for link in pair.pair_mentees.all():
        MenteeProfile.objects.create(organisation=organisation, person=link.mentee)
    order = pairs_order(organisation, personas, [pair])
    first = sign(organisation, personas, order, datetime.date(2026, 9, 1))
    pair.refresh_from_db()
    assert pair.status == Pair.Status.APPROVED and pair.approval_basis == str(first)
    return pair, first


def add_mentee(organisation, pair):
    person = make_person(organisation, roles=[Role.TEACHER])
    MenteeProfile.objects.create(organisation=organisation, person=person)
    from mentoring.models import Consent

    Consent.objects.create(
        organisation=organisation, person=person, given_on=datetime.date(2026, 9, 1), text_version="2026"
    )
    return mentoring_services.pair_members_change(
        organisation=organisation,
        pair=pair,
        actor=None,
        mentor=pair.mentor,
        mentees=[*[link.mentee for link in pair.pair_mentees.all()], person],
        reason="Пара стала группой",
    )


def test_a_fixed_pair_is_not_offered_again_until_it_changes(organisation, personas, fixed_pair):
    pair, _first = fixed_pair
    assert pair not in selectors.proposed_pairs(organisation)
    with pytest.raises(ValidationError):
        pairs_order(organisation, personas, [pair])


def test_changed_pair_goes_into_a_new_order_and_signing_settles_it(organisation, personas, fixed_pair):
    pair, first = fixed_pair
    change = add_mentee(organisation, pair)
    assert change.awaits_order and change.fixed_by == str(first)
    assert pair in selectors.proposed_pairs(organisation)
    order = pairs_order(organisation, personas, [pair])
    second = sign(organisation, personas, order, datetime.date(2026, 10, 1))
    change = PairChange.objects.get()
    assert not change.awaits_order and change.settled_by == str(second)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.APPROVED and pair.approval_basis == str(second)
    assert AuditEntry.objects.filter(action="pair.change_fixed", target_id=pair.pk).exists()
    assert pair not in selectors.proposed_pairs(organisation)


def test_a_new_order_mixes_proposed_and_changed_pairs(organisation, personas, fixed_pair):
    pair, _first = fixed_pair
    add_mentee(organisation, pair)
    proposed = make_pair(organisation)
    sign(
        organisation,
        personas,
        pairs_order(organisation, personas, [pair, proposed]),
        datetime.date(2026, 10, 1),
    )
    proposed.refresh_from_db()
    assert proposed.status == Pair.Status.APPROVED
    assert not PairChange.objects.filter(settled_at__isnull=True).exists()


def test_the_order_form_offers_the_changed_pair(as_user, organisation, personas, fixed_pair):
    from django.urls import reverse

    pair, _first = fixed_pair
    add_mentee(organisation, pair)
    page = as_user("curator").get(reverse("reports:order_create", args=[organisation.slug]))
    assert "состав изменён после приказа" in page.content.decode()


# --- The new mentor's own agreement (ст. 351.8 ТК РФ) ----------------------------------------------------


def new_staff_mentor(organisation, *, consent=True, **fields):
    from mentoring.models import Consent, MentoringConsent

    person = make_person(organisation, roles=[Role.TEACHER], position="Учитель истории", **fields)
    MentorProfile.objects.create(organisation=organisation, person=person, capacity=3, status="ready")
    Consent.objects.create(
        organisation=organisation, person=person, given_on=datetime.date(2026, 9, 1), text_version="2026"
    )
    if consent:
        MentoringConsent.objects.create(
            organisation=organisation, person=person, signed_on=datetime.date(2026, 9, 2)
        )
    return person


def replace_mentor(organisation, pair, mentor):
    return mentoring_services.pair_members_change(
        organisation=organisation,
        pair=pair,
        actor=None,
        mentor=mentor,
        mentees=[link.mentee for link in pair.pair_mentees.all()],
        reason="Наставник уволился",
    )


def sign_agreement(organisation, pair, number):
    from mentoring.programme import labour

    return labour.labour_agreement_save(
        organisation=organisation,
        pair=pair,
        actor=None,
        number=number,
        signed_on=datetime.date(2026, 9, 20),
        content="Адаптация в коллективе",
        starts_on=None,
        ends_on=None,
        payment_kind="none",
    )


class TestTheNewMentorsAgreement:
    def test_the_old_agreement_stays_and_the_new_mentor_has_none(self, organisation, fixed_pair):
        from mentoring.models import LabourAgreement
        from mentoring.programme import labour

        pair, _first = fixed_pair
        old_mentor = pair.mentor
        old = labour.current_agreement(pair)
        assert old is not None and old.mentor == old_mentor
        replace_mentor(organisation, pair, new_staff_mentor(organisation))
        pair.refresh_from_db()
        assert labour.current_agreement(pair) is None
        assert LabourAgreement.objects.get(pk=old.pk).mentor == old_mentor
        assert labour.agreement_history(pair) == [old]
        status = labour.pairs_labour_status(organisation, [pair])[pair.pk]
        assert status.applies and status.consent is not None and status.agreement is None

    def test_the_pairs_order_refuses_until_the_new_mentor_signs(self, organisation, personas, fixed_pair):
        pair, _first = fixed_pair
        mentor = new_staff_mentor(organisation, last_name="Орлов", first_name="Игорь", patronymic="Петрович")
        replace_mentor(organisation, pair, mentor)
        pair.refresh_from_db()
        with pytest.raises(ValidationError) as error:
            pairs_order(organisation, personas, [pair])
        missing = f"{mentor.short_name} — нет дополнительного соглашения к трудовому договору"
        assert missing in str(error.value)
        agreement = sign_agreement(organisation, pair, "77/Н")
        assert agreement.mentor == mentor
        order = pairs_order(organisation, personas, [pair])
        basis = "согласие от 02.09.2026, дополнительное соглашение от 20.09.2026 № 77/Н"
        assert f"{mentor.short_name} — {basis}" in order.body
        sign(organisation, personas, order, datetime.date(2026, 10, 1))
        assert not PairChange.objects.filter(settled_at__isnull=True).exists()

    def test_saving_corrects_only_the_current_mentors_agreement(self, organisation, fixed_pair):
        from mentoring.models import LabourAgreement

        pair, _first = fixed_pair
        old = LabourAgreement.objects.get(pair=pair)
        replace_mentor(organisation, pair, new_staff_mentor(organisation))
        pair.refresh_from_db()
        first = sign_agreement(organisation, pair, "1/Н")
        again = sign_agreement(organisation, pair, "2/Н")
        assert first.pk == again.pk and LabourAgreement.objects.filter(pair=pair).count() == 2
        old.refresh_from_db()
        assert old.number != "2/Н"

    def test_the_pair_page_says_the_new_mentor_has_no_agreement(self, as_user, organisation, fixed_pair):
        from django.urls import reverse

        pair, _first = fixed_pair
        old_mentor = pair.mentor
        mentor = new_staff_mentor(organisation)
        replace_mentor(organisation, pair, mentor)
        page = as_user("curator").get(reverse("mentoring:pair", args=[organisation.slug, pair.pk]))
        html = page.content.decode()
        assert f"с новым наставником ({mentor.short_name}) не оформлено" in html
        assert reverse("mentoring:labour_agreement", args=[organisation.slug, pair.pk]) in html
        assert 'data-testid="former-agreements"' in html and old_mentor.short_name in html

    def test_the_agreement_document_names_the_current_mentor(self, as_user, organisation, fixed_pair):
        from reports.documents.docx import docx_text

        pair, _first = fixed_pair
        mentor = new_staff_mentor(organisation, last_name="Орлов", first_name="Игорь", patronymic="Петрович")
        replace_mentor(organisation, pair, mentor)
        pair.refresh_from_db()
        url = f"/o/{organisation.slug}/documents/labour-agreement/{pair.pk}/docx/"
        assert as_user("curator").get(url).status_code == 404
        sign_agreement(organisation, pair, "77/Н")
        response = as_user("curator").get(url)
        assert response.status_code == 200
        text = " ".join(docx_text(response.content).split())
        assert "Орлов" in text and "77/Н" in text


# --- The new order amends the earlier one ----------------------------------------------------------------


def test_the_new_order_amends_the_earlier_one(organisation, personas, fixed_pair):
    pair, first = fixed_pair
    add_mentee(organisation, pair)
    order = pairs_order(organisation, personas, [pair])
    body = " ".join(order.body.split())
    expected = f"Внести изменения в приказ от 01.09.2026 № {first.number} «{first.title}» в части состава"
    assert expected in body
    assert "было — наставник" in body and "стало — наставник" in body


def test_a_new_pair_alone_amends_nothing(organisation, personas, fixed_pair):
    order = pairs_order(organisation, personas, [make_pair(organisation)])
    assert "Внести изменения" not in order.body


def test_an_own_wording_still_gets_the_amendment(organisation, personas, fixed_pair):
    from reports.orders import texts

    pair, first = fixed_pair
    services.order_wording_save(
        organisation=organisation,
        actor=None,
        kind=Order.Kind.PAIRS,
        text=f"{{{{ basis }}}}\n{texts.VERB}\nЗакрепить пары.\n{texts.CONTROL}",
    )
    add_mentee(organisation, pair)
    order = pairs_order(organisation, personas, [pair])
    lines = order.body.splitlines()
    assert lines[-2].startswith(f"2. Внести изменения в приказ от 01.09.2026 № {first.number}")
    assert lines[-1].startswith("3. Контроль")


@pytest.mark.real_pdf
def test_the_amendment_is_in_the_pdf_and_the_word_copy(organisation, personas, fixed_pair):
    from reports.documents.docx import docx_text
    from reports.orders.documents import OrderDocument
    from tests.reports.pdftools import pdf_text

    pair, first = fixed_pair
    add_mentee(organisation, pair)
    order = pairs_order(organisation, personas, [pair])
    wanted = f"Внести изменения в приказ от 01.09.2026 № {first.number}"
    pdf = " ".join(pdf_text(services.order_pdf_bytes(order)).replace("-\n", "").split())
    assert wanted in pdf
    word = " ".join(docx_text(OrderDocument.render_docx(organisation, {"order": order.pk})).split())
    assert wanted in word


# --- From the pair page to the order ---------------------------------------------------------------------


def test_the_notice_links_to_the_order_with_the_pair_ticked(as_user, organisation, fixed_pair):
    from django.urls import reverse

    pair, _first = fixed_pair
    add_mentee(organisation, pair)
    pair_url = reverse("mentoring:pair", args=[organisation.slug, pair.pk])
    html = as_user("curator").get(pair_url).content.decode()
    link = f"{reverse('reports:order_create', args=[organisation.slug])}?kind=pairs&amp;pair={pair.pk}"
    assert 'data-testid="pair-change-order"' in html and link in html
    form = as_user("curator").get(link.replace("&amp;", "&")).context["form"]
    assert form.initial["pairs"] == [pair.pk] and form.initial["kind"] == Order.Kind.PAIRS


def test_no_link_for_who_cannot_draft_orders(as_user, organisation, fixed_pair):
    from django.urls import reverse

    pair, _first = fixed_pair
    add_mentee(organisation, pair)
    html = as_user("psychologist").get(reverse("mentoring:pair", args=[organisation.slug, pair.pk]))
    assert html.status_code == 200
    content = html.content.decode()
    assert 'data-testid="pair-needs-order"' in content and "pair-change-order" not in content


def test_no_link_once_the_change_is_fixed(as_user, organisation, personas, fixed_pair):
    from django.urls import reverse

    pair, _first = fixed_pair
    add_mentee(organisation, pair)
    sign(organisation, personas, pairs_order(organisation, personas, [pair]), datetime.date(2026, 10, 1))
    html = as_user("curator").get(reverse("mentoring:pair", args=[organisation.slug, pair.pk])).content
    assert b"pair-change-order" not in html and b"pair-needs-order" not in html


@pytest.mark.parametrize("which", ["fixed", "foreign", "junk"])
def test_a_forged_pair_is_not_ticked(as_user, organisation, foreign_organisation, fixed_pair, which):
    from django.urls import reverse

    pair, _first = fixed_pair  # fixed by its order and unchanged: no new order may include it
    value = {"fixed": pair.pk, "foreign": make_pair(foreign_organisation).pk, "junk": "1;drop"}[which]
    response = as_user("curator").get(
        reverse("reports:order_create", args=[organisation.slug]), {"pair": value}
    )
    assert response.status_code == 200 and "pairs" not in response.context["form"].initial


# --- The signed order's Word copy keeps the names it was signed with -------------------------------------


def test_the_signed_copy_keeps_the_names_as_signed(as_user, organisation, personas):
    from reports.documents.docx import docx_text

    mentor = make_person(
        organisation, roles=[Role.TEACHER], last_name="Петрова", first_name="Елена", patronymic="Ивановна"
    )
    signed_pair = make_pair(organisation, mentor=mentor)
    signed = sign(
        organisation, personas, pairs_order(organisation, personas, [signed_pair]), datetime.date(2026, 9, 1)
    )
    assert signed.frozen_rows["pairs"][0]["mentor"]["full_name"] == "Петрова Елена Ивановна"
    draft_pair = make_pair(organisation, mentor=make_person(organisation, roles=[Role.TEACHER]))
    MentorProfile.objects.create(organisation=organisation, person=mentor, capacity=3, status="ready")
    draft = pairs_order(organisation, personas, [draft_pair])
    # The mentor marries; the mentor of the drafted pair is replaced by her.
    mentor.last_name = "Сидорова"
    mentor.save()
    MenteeProfile.objects.create(organisation=organisation, person=draft_pair.pair_mentees.get().mentee)
    draft_pair.mentor = mentor
    draft_pair.save()

    def copy(order):
        response = as_user("curator").get(f"/o/{organisation.slug}/orders/{order.pk}/docx/")
        assert response.status_code == 200
        return " ".join(docx_text(response.content).split())

    signed_text = copy(signed)
    assert "Петрова Елена Ивановна" in signed_text and "Сидорова" not in signed_text
    assert "Сидорова Елена Ивановна" in copy(draft)


def test_the_data_migration_gives_each_agreement_its_pairs_mentor(organisation):
    import importlib

    from django.apps import apps

    from mentoring.models import LabourAgreement

    migration = importlib.import_module("mentoring.migrations.0018_labour_agreement_per_mentor")
    pair = make_pair(organisation)
    other = make_person(organisation, roles=[Role.TEACHER])
    LabourAgreement.objects.filter(pair=pair).update(mentor=other)
    migration.fill_mentor(apps, None)
    assert LabourAgreement.objects.get(pair=pair).mentor_id == pair.mentor_id
