"""Issue 13, daily work: an approved plan is read-only and changes through an amendment the director approves;
the curator changes a pair's people after it was created, with consent checks and the order's rule."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentoring.models import (
    AuditEntry,
    MenteeProfile,
    MentoringConsent,
    Pair,
    PairChange,
    PlanAmendment,
    PlanItem,
)
from mentoring.programme import services
from tests.mentoring.conftest import TODAY, add_mentee, add_mentor, approve, proposed_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_plan(organisation, personas, pair_world):
    pair = approve(organisation, pair_world["pair"])
    plan = services.plan_create(pair=pair, actor=None)
    item = services.plan_item_save(
        plan=plan, actor=None, data={"title": "Открытый урок", "due_date": TODAY + datetime.timedelta(30)}
    )
    services.plan_approve(plan=plan, actor=personas["director"].user)
    plan.refresh_from_db()
    return {**pair_world, "pair": pair, "plan": plan, "item": item}


def audit(action):
    return AuditEntry.objects.filter(action=action)


# --- An approved plan is read-only ------------------------------------------------------------------------


class TestApprovedPlanReadOnly:
    def test_items_are_edited_directly_before_approval(self, organisation, pair_world):
        plan = services.plan_create(pair=pair_world["pair"], actor=None)
        item = services.plan_item_save(plan=plan, actor=None, data={"title": "Пункт"})
        services.plan_item_save(plan=plan, actor=None, data={"title": "Новое"}, item=item)
        services.plan_item_delete(item=item, actor=None)
        assert not plan.items.exists()

    def test_add_edit_delete_refused_and_nothing_changes(self, approved_plan):
        plan, item = approved_plan["plan"], approved_plan["item"]
        with pytest.raises(ValidationError, match="утверждён директором"):
            services.plan_item_save(plan=plan, actor=None, data={"title": "Лишний"})
        with pytest.raises(ValidationError, match="Предложите изменение"):
            services.plan_item_save(plan=plan, actor=None, data={"title": "Другое"}, item=item)
        with pytest.raises(ValidationError, match="утверждён директором"):
            services.plan_item_delete(item=item, actor=None)
        item.refresh_from_db()
        assert item.title == "Открытый урок" and plan.items.count() == 1
        assert not audit("plan_item.deleted").exists()

    def test_ticking_stays_allowed(self, approved_plan, personas):
        item = services.plan_item_set_done(
            item=approved_plan["item"], done=True, actor=personas["teacher"].user
        )
        assert item.done and audit("plan_item.done").exists()


class TestAmendments:
    def propose(self, plan, who, **kwargs):
        kwargs.setdefault("reason", "Перенос из-за курсов")
        return services.plan_amendment_propose(plan=plan, actor=who.user, **kwargs)

    def test_propose_change_and_director_approves(self, approved_plan, personas):
        plan, item = approved_plan["plan"], approved_plan["item"]
        new_due = TODAY + datetime.timedelta(60)
        amendment = self.propose(plan, personas["teacher"], kind="change", item=item, due_date=new_due)
        assert amendment.is_pending and amendment.item_title == "Открытый урок"
        item.refresh_from_db()
        assert item.due_date != new_due  # nothing applied until the director decides
        assert audit("plan_amendment.proposed").count() == 1
        services.plan_amendment_decide(amendment=amendment, actor=personas["director"].user, approve=True)
        item.refresh_from_db()
        amendment.refresh_from_db()
        assert item.due_date == new_due
        assert amendment.status == PlanAmendment.Status.APPROVED and amendment.decided_at is not None
        entry = audit("plan_amendment.approved").get()
        assert entry.changes["due_date"][1] == new_due.isoformat()

    def test_add_and_remove(self, approved_plan, personas):
        plan, item = approved_plan["plan"], approved_plan["item"]
        add = self.propose(plan, personas["curator"], kind="add", title="Взаимопосещение уроков")
        remove = self.propose(plan, personas["curator"], kind="remove", item=item)
        services.plan_amendment_decide(amendment=add, actor=personas["director"].user, approve=True)
        services.plan_amendment_decide(amendment=remove, actor=personas["director"].user, approve=True)
        assert list(plan.items.values_list("title", flat=True)) == ["Взаимопосещение уроков"]
        remove.refresh_from_db()
        assert remove.item is None and remove.item_title == "Открытый урок"

    def test_reject_keeps_the_plan(self, approved_plan, personas):
        plan, item = approved_plan["plan"], approved_plan["item"]
        amendment = self.propose(plan, personas["teacher"], kind="remove", item=item)
        services.plan_amendment_decide(
            amendment=amendment, actor=personas["director"].user, approve=False, comment="Пункт нужен"
        )
        assert PlanItem.objects.filter(pk=item.pk).exists()
        amendment.refresh_from_db()
        assert amendment.status == PlanAmendment.Status.REJECTED
        assert audit("plan_amendment.rejected").get().changes["comment"] == "Пункт нужен"

    def test_second_decision_refused(self, approved_plan, personas):
        amendment = self.propose(approved_plan["plan"], personas["teacher"], kind="add", title="Ещё пункт")
        services.plan_amendment_decide(amendment=amendment, actor=personas["director"].user, approve=True)
        with pytest.raises(ValidationError, match="уже принято решение"):
            services.plan_amendment_decide(
                amendment=amendment, actor=personas["director"].user, approve=False
            )
        assert approved_plan["plan"].items.count() == 2
        assert audit("plan_amendment.rejected").count() == 0

    def test_double_submit_records_once(self, approved_plan, personas):
        plan = approved_plan["plan"]
        first = self.propose(plan, personas["teacher"], kind="add", title="Пункт")
        second = self.propose(plan, personas["teacher"], kind="add", title="Пункт")
        assert first.pk == second.pk and plan.amendments.count() == 1

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"kind": "add", "title": ""}, "название нового пункта"),
            ({"kind": "add", "title": "Пункт", "reason": " "}, "причину"),
            ({"kind": "change"}, "Выберите пункт"),
            ({"kind": "bogus", "title": "x"}, "что изменить"),
        ],
    )
    def test_bad_proposals_refused(self, approved_plan, personas, kwargs, message):
        with pytest.raises(ValidationError, match=message):
            self.propose(approved_plan["plan"], personas["teacher"], **kwargs)
        assert not PlanAmendment.objects.exists()

    def test_change_without_a_change_refused(self, approved_plan, personas):
        item = approved_plan["item"]
        with pytest.raises(ValidationError, match="новое название или новый срок"):
            self.propose(
                approved_plan["plan"], personas["teacher"], kind="change", item=item, title=item.title
            )

    def test_item_of_another_plan_refused(self, approved_plan, personas, organisation):
        other = proposed_pair(organisation, add_mentor(organisation), [add_mentee(organisation)])
        other_plan = services.plan_create(pair=other, actor=None)
        foreign = services.plan_item_save(plan=other_plan, actor=None, data={"title": "Чужой"})
        with pytest.raises(ValidationError, match="пункт этого плана"):
            self.propose(approved_plan["plan"], personas["teacher"], kind="remove", item=foreign)

    def test_not_approved_plan_has_no_amendments(self, pair_world, personas):
        plan = services.plan_create(pair=pair_world["pair"], actor=None)
        with pytest.raises(ValidationError, match="ещё не утверждён"):
            self.propose(plan, personas["teacher"], kind="add", title="Пункт")


class TestAmendmentViews:
    def test_plan_page_hides_edit_controls_and_shows_why(self, as_user, organisation, approved_plan):
        pair = approved_plan["pair"]
        page = as_user("teacher").get(reverse("mentoring:pair", args=[organisation.slug, pair.pk]))
        html = page.content.decode()
        assert 'data-testid="plan-locked"' in html and 'data-testid="propose-amendment"' in html
        assert reverse("mentoring:plan_item_create", args=[organisation.slug, pair.pk]) not in html
        assert 'data-testid="tick"' in html

    def test_direct_edit_through_the_client_is_refused(self, as_user, organisation, approved_plan):
        pair, item = approved_plan["pair"], approved_plan["item"]
        client = as_user("curator")
        url = reverse("mentoring:plan_item_edit", args=[organisation.slug, pair.pk, item.pk])
        response = client.post(url, {"title": "Подменили"}, follow=True)
        assert "утверждён директором" in response.content.decode()
        client.post(url, {"delete": "1"})
        item.refresh_from_db()
        assert item.title == "Открытый урок"

    def test_propose_then_director_approves_through_the_client(self, as_user, organisation, approved_plan):
        pair, item = approved_plan["pair"], approved_plan["item"]
        url = reverse("mentoring:plan_amendment_create", args=[organisation.slug, pair.pk])
        client = as_user("teacher")
        assert client.get(url + f"?item={item.pk}").status_code == 200
        data = {"kind": "change", "item": item.pk, "title": "Открытый урок по геометрии", "reason": "Тема"}
        client.post(url, data)
        client.post(url, data)  # a double click
        amendment = PlanAmendment.objects.get()
        page = as_user("director").get(reverse("mentoring:pairs_approval", args=[organisation.slug]))
        assert 'data-testid="pending-amendments"' in page.content.decode()
        dashboard = as_user("director").get(reverse("mentoring:dashboard", args=[organisation.slug]))
        assert 'data-testid="panel-amendments"' in dashboard.content.decode()
        decide = reverse("mentoring:plan_amendment_decide", args=[organisation.slug, pair.pk, amendment.pk])
        as_user("director").post(decide, {"action": "approve"})
        response = as_user("director").post(decide, {"action": "reject"}, follow=True)
        assert "уже принято решение" in response.content.decode()
        item.refresh_from_db()
        assert item.title == "Открытый урок по геометрии"
        assert audit("plan_amendment.approved").count() == 1

    def test_teacher_cannot_decide(self, as_user, organisation, approved_plan, personas):
        amendment = services.plan_amendment_propose(
            plan=approved_plan["plan"], actor=None, kind="add", title="Пункт", reason="Надо"
        )
        pair = approved_plan["pair"]
        decide = reverse("mentoring:plan_amendment_decide", args=[organisation.slug, pair.pk, amendment.pk])
        assert as_user("teacher").post(decide, {"action": "approve"}).status_code == 403
        assert as_user("curator").post(decide, {"action": "approve"}).status_code == 403
        amendment.refresh_from_db()
        assert amendment.is_pending

    def test_amendment_under_another_pair_is_404(self, as_user, organisation, approved_plan):
        amendment = services.plan_amendment_propose(
            plan=approved_plan["plan"], actor=None, kind="add", title="Пункт", reason="Надо"
        )
        other = proposed_pair(organisation, add_mentor(organisation), [add_mentee(organisation)])
        decide = reverse("mentoring:plan_amendment_decide", args=[organisation.slug, other.pk, amendment.pk])
        assert as_user("director").post(decide, {"action": "approve"}).status_code == 404


# --- The curator changes a pair's people ------------------------------------------------------------------


def fixed_by_order(organisation, pair):
    """Approve the pair as the signed pairs order does (reports passes the order's name as the basis)."""
    services.pairs_approve(
        organisation=organisation,
        pair_ids=[pair.pk],
        actor=None,
        basis="Приказ от 01.09.2026 № 12-ОД «О закреплении наставнических пар/групп»",
    )
    pair.refresh_from_db()
    return pair


class TestPairMembersChange:
    def change(self, organisation, pair, personas, **kwargs):
        kwargs.setdefault("reason", "Наставник ушёл в декрет")
        kwargs.setdefault("mentor", pair.mentor)
        kwargs.setdefault("mentees", [link.mentee for link in pair.pair_mentees.all()])
        return services.pair_members_change(
            organisation=organisation, pair=pair, actor=personas["curator"].user, **kwargs
        )

    def test_new_mentee_in_a_proposed_pair(self, organisation, personas, pair_world):
        pair, old = pair_world["pair"], pair_world["mentee"]
        new = add_mentee(organisation, last_name="Новикова")
        change = self.change(organisation, pair, personas, mentees=[new])
        assert list(pair.pair_mentees.values_list("mentee_id", flat=True)) == [new.pk]
        assert not change.needs_order
        assert organisation.mentee_profiles.get(person=old).status == MenteeProfile.Status.CANDIDATE
        assert organisation.mentee_profiles.get(person=new).status == MenteeProfile.Status.IN_PAIR
        entry = audit("pair.members_changed").get()
        assert entry.changes["mentees"] == [[old.short_name], [new.short_name]]

    def test_change_after_order_needs_a_new_order(self, organisation, personas, pair_world):
        pair = fixed_by_order(organisation, pair_world["pair"])
        new_mentor = add_mentor(organisation, last_name="Сидорова")
        MentoringConsent.objects.create(organisation=organisation, person=new_mentor, signed_on=TODAY)
        change = self.change(organisation, pair, personas, mentor=new_mentor)
        assert change.awaits_order and change.fixed_by.startswith("Приказ от 01.09.2026")
        assert change.order_genitive.startswith("приказа от 01.09.2026 № 12-ОД")
        pair.refresh_from_db()
        assert pair.mentor == new_mentor and pair.status == Pair.Status.APPROVED
        entry = audit("pair.members_changed").get()
        assert entry.changes["mentor"] == [pair_world["mentor"].short_name, new_mentor.short_name]
        assert entry.changes["needs_order"]

    def test_staff_mentor_of_an_approved_pair_needs_written_consent(self, organisation, personas, pair_world):
        pair = fixed_by_order(organisation, pair_world["pair"])
        new_mentor = add_mentor(organisation, last_name="Сидорова")
        with pytest.raises(ValidationError, match="351.8"):
            self.change(organisation, pair, personas, mentor=new_mentor)
        pair.refresh_from_db()
        assert pair.mentor == pair_world["mentor"] and not PairChange.objects.exists()
        assert not audit("pair.members_changed").exists()

    def test_new_person_without_consent_refused(self, organisation, personas, pair_world):
        pair = pair_world["pair"]
        new = add_mentee(organisation, consent=False)
        with pytest.raises(ValidationError, match="согласия на обработку персональных данных"):
            self.change(organisation, pair, personas, mentees=[new])
        assert list(pair.pair_mentees.values_list("mentee_id", flat=True)) == [pair_world["mentee"].pk]
        assert not PairChange.objects.exists()

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"reason": ""}, "причину"),
            ({"mentees": []}, "хотя бы одного"),
            ({}, "не изменился"),
        ],
    )
    def test_bad_changes_refused(self, organisation, personas, pair_world, kwargs, message):
        with pytest.raises(ValidationError, match=message):
            self.change(organisation, pair_world["pair"], personas, **kwargs)
        assert not PairChange.objects.exists()

    def test_mentee_busy_in_another_pair_refused(self, organisation, personas, pair_world):
        other_mentee = add_mentee(organisation)
        proposed_pair(organisation, add_mentor(organisation), [other_mentee])
        with pytest.raises(ValidationError, match="Уже в паре"):
            self.change(organisation, pair_world["pair"], personas, mentees=[other_mentee])

    def test_settled_by_a_new_order(self, organisation, personas, pair_world):
        pair = fixed_by_order(organisation, pair_world["pair"])
        self.change(organisation, pair, personas, mentees=[pair_world["mentee"], add_mentee(organisation)])
        services.pair_changes_settle(
            organisation=organisation, pair_ids=[pair.pk], actor=None, basis="Приказ от 02.10.2026 № 20-ОД"
        )
        change = PairChange.objects.get()
        assert not change.awaits_order and change.settled_by == "Приказ от 02.10.2026 № 20-ОД"
        pair.refresh_from_db()
        assert pair.approval_basis == "Приказ от 02.10.2026 № 20-ОД"
        with pytest.raises(ValidationError, match="не менялся"):
            services.pair_changes_settle(organisation=organisation, pair_ids=[pair.pk], actor=None, basis="x")


class TestPairMembersViews:
    def url(self, organisation, pair):
        return reverse("mentoring:pair_members", args=[organisation.slug, pair.pk])

    def test_curator_changes_through_the_client(self, as_user, organisation, pair_world):
        pair = fixed_by_order(organisation, pair_world["pair"])
        extra = add_mentee(organisation, last_name="Новикова")
        client = as_user("curator")
        assert client.get(self.url(organisation, pair)).status_code == 200
        data = {
            "mentor": pair.mentor_id,
            "mentees": [pair_world["mentee"].pk, extra.pk],
            "reason": "Группа",
        }
        client.post(self.url(organisation, pair), data)
        response = client.post(self.url(organisation, pair), data)  # double submit: refused, nothing new
        assert "не изменился" in response.content.decode()
        assert PairChange.objects.count() == 1
        page = client.get(reverse("mentoring:pair", args=[organisation.slug, pair.pk])).content.decode()
        assert "Состав пары изменён после приказа от 01.09.2026 № 12-ОД" in page
        assert "нужен новый приказ" in page

    def test_teacher_cannot(self, as_user, organisation, pair_world):
        pair = pair_world["pair"]
        data = {"mentor": pair.mentor_id, "mentees": [add_mentee(organisation).pk], "reason": "x"}
        assert as_user("teacher").post(self.url(organisation, pair), data).status_code == 403
        assert not PairChange.objects.exists()

    def test_forged_mentee_of_another_organisation(
        self, as_user, organisation, foreign_organisation, pair_world
    ):
        pair = pair_world["pair"]
        foreign = add_mentee(foreign_organisation)
        data = {"mentor": pair.mentor_id, "mentees": [foreign.pk], "reason": "x"}
        response = as_user("curator").post(self.url(organisation, pair), data)
        assert response.status_code == 200 and not PairChange.objects.exists()

    def test_pair_of_another_organisation_is_404(self, as_user, organisation, foreign_organisation):
        foreign = proposed_pair(
            foreign_organisation, add_mentor(foreign_organisation), [add_mentee(foreign_organisation)]
        )
        assert as_user("curator").get(self.url(organisation, foreign)).status_code == 404
