"""The region above the municipalities: the regional coordinator reads every municipality of the region (and
nothing else), the region's overview, and a monitoring round's life: announce → compute → submit (frozen) →
the region sees who has submitted → return for correction; the round's .xlsx in its fixed layout. Also the
read-only and aggregate-only rules at each level."""

from __future__ import annotations

import datetime
import io
import re
import urllib.parse

import openpyxl
import pytest
from django.urls import reverse

from common import dates
from common.dates import AcademicYear
from mentoring.models import AuditEntry
from reports.models import MonitoringRound, MonitoringSubmission
from reports.municipal import services
from tests.conftest import make_person

from .test_indicators import _organisations, pair

YEAR = AcademicYear(2024)
TODAY = dates.today()


def announce(region, regional, **overrides):
    data = {
        "region": region,
        "actor": regional.user,
        "title": "Мониторинг",
        "academic_year": YEAR.label,
        "indicator_codes": ["participants", "mentees_in_pairs"],
        "due_on": TODAY + datetime.timedelta(days=14),
    }
    data.update(overrides)
    return services.monitoring_round_announce(**data)


@pytest.mark.django_db
class TestRoundLife:
    def test_announce_compute_submit_and_the_region_sees_it(
        self, client, region, regional, municipality, organisation, personas
    ):
        _organisations(municipality, 2)
        client.force_login(regional.user)
        response = client.post(
            reverse("reports:region_round_create", args=[region.slug]),
            {
                "title": "Мониторинг за год",
                "academic_year": YEAR.label,
                "indicator_codes": ["participants", "mentees_in_pairs"],
                "due_on": (TODAY + datetime.timedelta(days=10)).isoformat(),
            },
        )
        round_ = MonitoringRound.objects.get()
        assert response.status_code == 302 and round_.indicator_codes == ["participants", "mentees_in_pairs"]
        assert AuditEntry.objects.filter(action="monitoring.announced").exists()

        # The municipality's coordinator sees the figures computed from the data now.
        client.force_login(personas["coordinator"].user)
        page = client.get(reverse("reports:municipal_monitoring_round", args=[municipality.slug, round_.pk]))
        totals = {value.code: value for value in page.context["figures"]["totals"]}
        assert totals["participants"].value == 8  # 2 pairs of 1 mentor and 3 mentees
        assert page.context["form"] is not None

        client.post(
            reverse("reports:municipal_monitoring_submit", args=[municipality.slug, round_.pk]),
            {"comment": "Сверено"},
        )
        submission = MonitoringSubmission.objects.get()
        assert submission.figures["totals"]["participants"]["value"] == 8
        assert submission.figures["organisation_count"] == 4  # two fixture organisations and two made
        assert submission.comment == "Сверено" and submission.submitted_by == personas["coordinator"].user

        # The figures are frozen: new data does not change what the region received.
        pair(organisation, make_person(organisation), [make_person(organisation)])
        page = client.get(reverse("reports:municipal_monitoring_round", args=[municipality.slug, round_.pk]))
        assert {value.code: value for value in page.context["figures"]["totals"]}["participants"].value == 8
        again = client.post(
            reverse("reports:municipal_monitoring_submit", args=[municipality.slug, round_.pk]), follow=True
        )
        assert "уже представлены" in again.content.decode()
        assert MonitoringSubmission.objects.count() == 1

        # The region sees who has submitted.
        client.force_login(regional.user)
        page = client.get(reverse("reports:region_round", args=[region.slug, round_.pk]))
        rows = {row["municipality"].slug: row for row in page.context["rows"]}
        assert rows[municipality.slug]["submission"] == submission and rows["second"]["submission"] is None
        assert page.context["submitted"] == 1

        # The round's .xlsx, in its fixed layout.
        export = client.get(reverse("reports:region_round_export", args=[region.slug, round_.pk]))
        book = openpyxl.load_workbook(io.BytesIO(export.content))
        disposition = urllib.parse.unquote(export["Content-Disposition"])
        # «<Что> <организация> <дата>.xlsx», the one naming pattern of the exports
        assert re.search(rf"Мониторинг .+ {region.name} \d\d\.\d\d\.\d{{4}}\.xlsx", disposition), disposition
        summary = list(book["Сводка"].iter_rows(values_only=True))
        assert summary[0][0] == "Мониторинг за год" and summary[3][1].date() == round_.due_on
        header = summary[5]
        assert header[:5] == ("Муниципалитет", "Статус", "Представлено", "Кто представил", "Организаций")
        by_name = {row[0]: dict(zip(header, row, strict=True)) for row in summary[6:]}
        assert by_name[municipality.name]["Статус"] == "представлено"
        assert by_name[municipality.name]["Участников программы, чел."] == 8
        assert by_name["Второй район"]["Статус"] == "не представлено"
        assert by_name["Второй район"]["Участников программы, чел."] is None
        detail = list(book["По организациям"].iter_rows(values_only=True))
        assert {row[1] for row in detail[1:]} >= {"Ш0", "Ш1"}

        # Returned for correction: the frozen figures stay in the journal, the municipality submits again.
        client.post(
            reverse("reports:region_round_return", args=[region.slug, round_.pk, municipality.pk]),
            {"reason": "Уточните число участников"},
        )
        assert not MonitoringSubmission.objects.exists()
        entry = AuditEntry.objects.get(action="monitoring.returned")
        assert entry.changes["totals"][0]["participants"]["value"] == 8

    def test_bad_rounds_are_refused_in_russian_and_change_nothing(self, region, regional):
        from django.core.exceptions import ValidationError

        for overrides, message in [
            ({"indicator_codes": []}, "хотя бы один"),
            ({"indicator_codes": ["forged"]}, "Неизвестные показатели"),
            ({"due_on": TODAY - datetime.timedelta(days=1)}, "уже прошёл"),
            ({"academic_year": "2024-2026"}, "2025/2026"),
            ({"title": "  "}, "Назовите"),
        ]:
            with pytest.raises(ValidationError, match=message):
                announce(region, regional, **overrides)
        announce(region, regional)
        with pytest.raises(ValidationError, match="уже объявлен"):
            announce(region, regional)
        assert MonitoringRound.objects.count() == 1

    def test_a_municipality_outside_the_region_cannot_submit(self, region, regional, foreign_organisation):
        from django.core.exceptions import ValidationError

        round_ = announce(region, regional)
        with pytest.raises(ValidationError, match="не найден"):
            services.monitoring_submission_submit(
                round_id=round_.pk, municipality=foreign_organisation.municipality, actor=None
            )
        assert not MonitoringSubmission.objects.exists()


@pytest.mark.django_db
class TestRegionalReads:
    def test_the_region_overview_has_municipalities_as_rows(
        self, client, region, regional, municipality, organisation, neighbour_organisation
    ):
        client.force_login(regional.user)
        response = client.get(reverse("reports:region", args=[region.slug]) + f"?year={YEAR.first_year}")
        rows = {row.name: row for row in response.context["rows"]}
        assert [row.name for row in response.context["rows"]] == [
            "Второй район",
            municipality.name,
        ]  # by name
        assert (
            rows[municipality.name].organisation_count == 2
        )  # school-1 and the kindergarten; not the centres
        html = response.content.decode()
        assert reverse("reports:municipality", args=[municipality.slug]) in html  # the drill-down
        assert response.context["total"].organisation_count == 3

    def test_the_regional_coordinator_reads_every_municipality_of_the_region_only(
        self, client, region, regional, municipality, organisation, foreign_organisation
    ):
        client.force_login(regional.user)
        assert client.get(reverse("home"))["Location"] == reverse("mentoring:region", args=[region.slug])
        assert client.get(reverse("reports:municipality", args=["second"])).status_code == 200
        assert client.get(reverse("mentoring:dashboard", args=["school-7"])).status_code == 200
        assert client.get(reverse("mentoring:mentors", args=[organisation.slug])).status_code == 200
        assert client.get(reverse("mentoring:person_create", args=[organisation.slug])).status_code == 403
        assert client.get(reverse("mentoring:matching", args=[organisation.slug])).status_code == 403
        assert client.post(reverse("reports:municipal_report", args=[municipality.slug])).status_code == 403
        # Outside the region: nothing.
        assert client.get(reverse("mentoring:dashboard", args=[foreign_organisation.slug])).status_code == 404
        other = foreign_organisation.municipality.slug
        assert client.get(reverse("reports:municipality", args=[other])).status_code == 404

    def test_a_municipal_coordinator_does_not_see_the_region_or_the_neighbour_municipality(
        self, client, region, regional, personas
    ):
        client.force_login(personas["coordinator"].user)
        assert client.get(reverse("reports:region", args=[region.slug])).status_code == 404
        assert client.get(reverse("reports:municipality", args=["second"])).status_code == 404
        assert client.get(reverse("mentoring:dashboard", args=["school-7"])).status_code == 404
        # The regional centre sits in the municipality but is not one of its organisations.
        assert client.get(reverse("mentoring:dashboard", args=["rcn"])).status_code == 404

    def test_the_regional_centre_dashboard_shows_its_region(self, client, region, regional):
        client.force_login(regional.user)
        response = client.get(reverse("mentoring:dashboard", args=["rcn"]))
        keys = [panel["key"] for panel in response.context["panels"]]
        assert "regional-centre" in keys and "region-monitoring" in keys and "organisation" not in keys


@pytest.mark.django_db
class TestAggregatesOnly:
    """Named questionnaire answers stay in the school; the bases are read the same way from above."""

    @pytest.fixture
    def questionnaire(self, organisation, personas):
        from surveys.models import Invitation, Question, Questionnaire, Response, Section

        questionnaire = Questionnaire.objects.create(
            organisation=organisation, title="Анкета", status=Questionnaire.Status.OPEN
        )
        section = Section.objects.create(questionnaire=questionnaire, title="Раздел")
        Question.objects.create(
            questionnaire=questionnaire, section=section, code="Q01", text="Как дела?", type="short_text"
        )
        invitation = Invitation.objects.create(
            questionnaire=questionnaire, person=personas["teacher"], token="tok", answered=True
        )
        Response.objects.create(
            questionnaire=questionnaire, invitation=invitation, respondent=personas["teacher"]
        )
        return questionnaire

    @pytest.mark.parametrize("who", ["coordinator", "regional"])
    def test_coordinators_get_aggregates_not_named_answers(
        self, client, personas, regional, organisation, questionnaire, who
    ):
        user = regional.user if who == "regional" else personas[who].user
        client.force_login(user)
        export = reverse("surveys:export", args=[organisation.slug, questionnaire.pk])
        assert client.get(export).status_code == 403
        results = client.get(reverse("surveys:results", args=[organisation.slug, questionnaire.pk]))
        assert results.status_code == 200
        html = results.content.decode()
        assert export not in html and 'name="pair"' not in html and 'data-testid="aggregates-only"' in html

    def test_the_school_still_exports_named_answers(self, as_user, organisation, questionnaire):
        export = reverse("surveys:export", args=[organisation.slug, questionnaire.pk])
        assert as_user("curator").get(export).status_code == 200
        assert as_user("psychologist").get(export).status_code == 200

    @pytest.mark.parametrize("who", ["coordinator", "regional"])
    def test_coordinators_read_the_bases_and_their_export(
        self, client, personas, regional, organisation, who
    ):
        user = regional.user if who == "regional" else personas[who].user
        client.force_login(user)
        for kind in ("mentors", "mentees", "pairs"):
            assert client.get(reverse("mentoring:export", args=[organisation.slug, kind])).status_code == 200
        assert client.get(reverse("mentoring:import", args=[organisation.slug])).status_code == 403
