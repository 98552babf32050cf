"""Date rules of the daily work (issue 13): a meeting is recorded once held, as a support note is; the
practice's school year starts on the current one."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from common.dates import AcademicYear
from mentoring.models import Meeting
from mentoring.programme import services
from mentoring.programme.forms import MeetingForm, SupportNoteForm
from tests.mentoring.conftest import TODAY, approve

pytestmark = pytest.mark.django_db

FUTURE = "Встреча ещё не прошла: записать можно только проведённую встречу."


def test_a_future_meeting_cannot_be_recorded_as_held(organisation, pair_world):
    pair = approve(organisation, pair_world["pair"])
    tomorrow = TODAY + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.meeting_create(pair=pair, actor=None, data={"date": tomorrow, "topic": "Разбор урока"})
    assert error.value.messages == [FUTURE]
    assert not Meeting.objects.exists()
    services.meeting_create(pair=pair, actor=None, data={"date": TODAY, "topic": "Разбор урока"})
    assert Meeting.objects.count() == 1


def test_the_meeting_form_says_so_in_russian_like_the_support_note_form(organisation, pair_world):
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    members = pair_world["pair"].mentees.all()
    form = MeetingForm(
        {"kind": "regular", "date": tomorrow, "topic": "Разбор"}, members=members, organisation=organisation
    )
    assert not form.is_valid() and form.errors["date"] == [FUTURE]
    note = SupportNoteForm({"date": tomorrow, "note": "Беседа"})
    assert not note.is_valid() and "date" in note.errors
    today = MeetingForm(
        {"kind": "regular", "date": TODAY.isoformat(), "topic": "Разбор"},
        members=members,
        organisation=organisation,
    )
    assert today.is_valid(), today.errors


def test_a_new_practice_defaults_to_the_current_school_year():
    from reports.municipal.forms import PracticeForm

    form = PracticeForm()
    assert form["academic_year"].value() == AcademicYear.current().label
    assert form["academic_year"].value() != AcademicYear.current().next.label


class TestTemplateDeadlines:
    def make_template(self, form, offsets):
        from mentoring.models import PlanTemplate, PlanTemplateItem

        template = PlanTemplate.objects.create(form=form, name="Годовой план")
        for order, offset in enumerate(offsets):
            PlanTemplateItem.objects.create(
                template=template, order=order, title=f"Пункт {order}", due_offset_days=offset
            )
        return template

    def test_deadlines_count_from_the_start_and_stop_at_the_school_years_end(self, organisation, pair_world):
        pair = pair_world["pair"]
        pair.start_date = datetime.date(2026, 1, 12)
        pair.save(update_fields=["start_date"])
        template = self.make_template(pair.form, [10, 200, 400])
        plan = services.plan_create(pair=pair, actor=None, template=template)
        due = list(plan.items.order_by("order").values_list("due_date", flat=True))
        year_end = AcademicYear.of(pair.start_date).end
        assert due == [datetime.date(2026, 1, 22), datetime.date(2026, 7, 31), year_end]
        assert all(day <= year_end for day in due)

    def test_the_pairs_own_end_comes_first(self, organisation, pair_world):
        pair = pair_world["pair"]
        pair.start_date, pair.end_date = datetime.date(2025, 9, 15), datetime.date(2026, 5, 31)
        pair.save(update_fields=["start_date", "end_date"])
        template = self.make_template(pair.form, [30, 300])
        plan = services.plan_create(pair=pair, actor=None, template=template)
        due = list(plan.items.order_by("order").values_list("due_date", flat=True))
        assert due == [datetime.date(2025, 10, 15), datetime.date(2026, 5, 31)]
