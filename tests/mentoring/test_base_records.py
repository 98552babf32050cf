"""The mentor and mentee bases share one way of saving a record: what it logs and when."""

import pytest

from mentoring.models import AuditEntry, Competency, MenteeProfile, Person, Role
from mentoring.programme import services
from tests.conftest import make_person


@pytest.fixture
def tags(db):
    return [Competency.objects.get_or_create(name=name)[0] for name in ("Оценивание", "Работа с родителями")]


@pytest.mark.django_db
class TestBaseRecords:
    def test_mentor_added_then_changed_then_unchanged(self, organisation, personas, tags):
        person = personas["teacher"]
        profile = services.mentor_profile_save(
            organisation=organisation, person=person, actor=None, data={"capacity": 2}, competencies=tags[:1]
        )
        added = AuditEntry.objects.get(action="mentor.added")
        assert added.changes["capacity"] == 2 and added.changes["competencies"]
        services.mentor_profile_save(
            organisation=organisation, person=person, actor=None, data={"capacity": 3}, competencies=tags
        )
        saved = AuditEntry.objects.get(action="mentor.saved")
        assert saved.changes["capacity"] == [2, 3] and "competencies" in saved.changes
        services.mentor_profile_save(
            organisation=organisation, person=person, actor=None, data={"capacity": 3}, competencies=tags
        )
        assert AuditEntry.objects.filter(action="mentor.saved").count() == 1
        profile.refresh_from_db()
        assert set(profile.competencies.all()) == set(tags)

    def test_a_student_mentee_is_filed_as_a_student_unless_told_otherwise(self, organisation, tags):
        pupil = make_person(organisation, kind=Person.Kind.STUDENT)
        profile = services.mentee_profile_save(
            organisation=organisation, person=pupil, actor=None, data={}, request_tags=tags
        )
        assert profile.category == MenteeProfile.Category.STUDENT
        assert AuditEntry.objects.get(action="mentee.added").changes["category"] == "student"
        teacher = make_person(organisation, roles=[Role.TEACHER])
        other = services.mentee_profile_save(
            organisation=organisation,
            person=teacher,
            actor=None,
            data={"category": MenteeProfile.Category.NEWLY_HIRED},
        )
        assert other.category == MenteeProfile.Category.NEWLY_HIRED
