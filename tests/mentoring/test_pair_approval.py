import pytest
from django.core.exceptions import ValidationError

from mentoring.models import AuditEntry, MentoringForm, Pair, PairMentee
from mentoring.programme import services
from tests.mentoring.conftest import give_consent


@pytest.fixture
def proposed_pair(organisation, personas):
    pair = Pair.objects.create(
        organisation=organisation,
        mentor=personas["curator"],
        form=MentoringForm.objects.get(code="teacher-teacher"),
    )
    PairMentee.objects.create(pair=pair, mentee=personas["teacher"])
    for person in (personas["curator"], personas["teacher"]):
        give_consent(organisation, person)
    return pair


@pytest.mark.django_db
class TestPairsApprove:
    def test_director_approves_and_it_is_recorded(self, organisation, personas, proposed_pair):
        services.pairs_approve(
            organisation=organisation,
            pair_ids=[proposed_pair.pk],
            actor=personas["director"].user,
            basis="Приказ № 12-ОД",
        )
        proposed_pair.refresh_from_db()
        assert proposed_pair.status == Pair.Status.APPROVED
        assert proposed_pair.approved_by == personas["director"].user and proposed_pair.approved_at
        assert AuditEntry.objects.get(action="pair.approved").changes == {"basis": "Приказ № 12-ОД"}

    def test_second_approval_is_refused_whole(self, organisation, personas, proposed_pair):
        services.pairs_approve(organisation=organisation, pair_ids=[proposed_pair.pk], actor=None)
        with pytest.raises(ValidationError):
            services.pairs_approve(organisation=organisation, pair_ids=[proposed_pair.pk], actor=None)
        assert AuditEntry.objects.filter(action="pair.approved").count() == 1

    def test_pair_of_another_organisation_is_refused(self, neighbour_organisation, personas, proposed_pair):
        with pytest.raises(ValidationError):
            services.pairs_approve(
                organisation=neighbour_organisation, pair_ids=[proposed_pair.pk], actor=None
            )
        proposed_pair.refresh_from_db()
        assert proposed_pair.status == Pair.Status.PROPOSED
