"""The municipal overview on a small hand-made municipality: each school's roadmap (approved by which order),
the overdue activities across schools, the required orders signed or missing, the pairs at risk, the
questionnaires (aggregates only), the total row; the filters, the sorting, the chart and the .xlsx of what
is on screen; the query count flat in the number of organisations; the МЦН's own page."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from common import dates
from common.dates import AcademicYear
from mentoring.models import Meeting, MenteeProfile, MentorProfile, Organisation
from reports.models import Order
from reports.municipal import overview
from roadmap.models import Activity, Roadmap, Stage
from surveys.models import Answer, Invitation, Question, Questionnaire, Response
from surveys.models import Section as SurveySection
from tests.conftest import make_person

from .test_indicators import pair

YEAR = AcademicYear(2024)  # wholly in the past: every open activity with a date in it is overdue
TODAY = dates.today()


def signed(organisation, kind, number, day, **extra):
    return Order.objects.create(
        organisation=organisation,
        kind=kind,
        title=str(kind),
        body="Текст",
        status=Order.Status.SIGNED,
        sequence=int(number.split("-")[0]),
        year=day.year,
        number=number,
        signed_on=day,
        **extra,
    )


def activity(roadmap, title, *, due, status=Activity.Status.PLANNED, number=""):
    stage = roadmap.stages.first() or Stage.objects.create(roadmap=roadmap, title="Раздел")
    return Activity.objects.create(
        stage=stage,
        title=title,
        number=number,
        due_date=due,
        status=status,
        completed_on=due if status == Activity.Status.DONE else None,
        responsible_text="Куратор",
    )


@pytest.fixture
def town(municipality, organisation, neighbour_organisation, municipal_centre, personas):
    """Школа № 1: an approved roadmap (order 12-ОД), one activity done, one overdue, one ahead; the regulation
    and the roadmap orders signed; a pair that has not met for 40 days; a satisfaction questionnaire.
    ДС № 2: a draft roadmap with one overdue activity, no orders, no pairs."""
    school_roadmap = Roadmap.objects.create(
        organisation=organisation,
        academic_year=YEAR.label,
        title="ДК школы",
        status=Roadmap.Status.APPROVED,
        approved_on=datetime.date(2024, 9, 5),
    )
    activity(school_roadmap, "Положение", due=datetime.date(2024, 9, 20), status=Activity.Status.DONE)
    late = activity(school_roadmap, "Нетворкинг", due=datetime.date(2024, 10, 15), number="2.1")
    activity(school_roadmap, "Итоговая встреча", due=TODAY + datetime.timedelta(days=30))
    signed(organisation, Order.Kind.REGULATION, "3-ОД", datetime.date(2023, 9, 1))
    signed(organisation, Order.Kind.ROADMAP, "12-ОД", datetime.date(2024, 9, 5), roadmap=school_roadmap)
    # A pairs order of another year does not count for this one.
    signed(organisation, Order.Kind.PAIRS, "40-ОД", datetime.date(2023, 10, 1))

    kindergarten_roadmap = Roadmap.objects.create(
        organisation=neighbour_organisation, academic_year=YEAR.label, title="ДК сада"
    )
    kindergarten_late = activity(kindergarten_roadmap, "Диагностика", due=datetime.date(2024, 11, 1))

    mentor = make_person(organisation, last_name="Наставникова")
    mentee = make_person(organisation, last_name="Молодой")
    MentorProfile.objects.create(organisation=organisation, person=mentor)
    MenteeProfile.objects.create(organisation=organisation, person=mentee)
    working = pair(organisation, mentor, [mentee])
    working.approved_at = timezone.now() - datetime.timedelta(days=100)
    working.save(update_fields=["approved_at"])
    Meeting.objects.create(pair=working, date=TODAY - datetime.timedelta(days=40), topic="Встреча")

    questionnaire = Questionnaire.objects.create(
        organisation=organisation,
        title="Удовлетворённость",
        purpose=Questionnaire.Purpose.SATISFACTION,
        status=Questionnaire.Status.CLOSED,
        opens_on=datetime.date(2025, 5, 1),
    )
    section = SurveySection.objects.create(questionnaire=questionnaire, title="Раздел")
    scale = Question.objects.create(
        questionnaire=questionnaire,
        section=section,
        code="Q01",
        text="Оценка",
        type="scale",
        scale_min=1,
        scale_max=5,
    )
    for person, value, answered in ((mentor, 5, True), (mentee, 3, True), (personas["teacher"], None, False)):
        invitation = Invitation.objects.create(
            questionnaire=questionnaire, person=person, token=f"t-{person.pk}", answered=answered
        )
        if value is not None:
            response = Response.objects.create(
                questionnaire=questionnaire, invitation=invitation, respondent=person
            )
            Answer.objects.create(response=response, question=scale, value=value)
    return {"late": late, "kindergarten_late": kindergarten_late, "roadmap": school_roadmap}


def _rows(municipality):
    data = overview.municipal_overview(municipality, YEAR)
    return data, {row.organisation.slug: row for row in data.rows}


@pytest.mark.django_db
class TestFigures:
    def test_each_school_is_where_the_data_says(
        self, municipality, organisation, neighbour_organisation, town
    ):
        data, rows = _rows(municipality)
        assert set(rows) == {organisation.slug, neighbour_organisation.slug}  # not the municipal centre
        school, kindergarten = rows[organisation.slug], rows[neighbour_organisation.slug]

        assert school.roadmap_approved and school.roadmap_order.number == "12-ОД"
        assert (school.done, school.counted, school.overdue, school.percent) == (1, 3, 1, 33)
        assert school.missing_orders == [Order.Kind.PAIRS, Order.Kind.PLANS, Order.Kind.FINAL_EVENT]
        assert school.orders[Order.Kind.REGULATION].number == "3-ОД"  # standing: signed in an earlier year
        assert (school.mentors, school.mentees, school.pairs, school.at_risk) == (1, 1, 1, 1)
        assert school.last_meeting == TODAY - datetime.timedelta(days=40)
        assert (school.invited, school.answered, school.response_rate) == (3, 2, 66.7)
        assert school.satisfaction == 75.0  # 5 and 3 on a 1–5 scale: 100 % and 50 %

        assert not kindergarten.roadmap_approved and kindergarten.roadmap_order is None
        assert kindergarten.missing_orders == overview.REQUIRED_ORDERS
        assert (kindergarten.overdue, kindergarten.pairs, kindergarten.response_rate) == (1, 0, None)

    def test_the_overdue_list_runs_across_schools_oldest_first(self, municipality, town):
        data, _rows_ = _rows(municipality)
        assert [item.id for item in data.overdue] == [town["late"].pk, town["kindergarten_late"].pk]
        first = data.overdue[0]
        assert (first.number, first.due_date, first.days) == (
            "2.1",
            datetime.date(2024, 10, 15),
            (TODAY - first.due_date).days,
        )

    def test_the_total_row_adds_the_schools_up(self, municipality, town):
        data, _rows_ = _rows(municipality)
        total = data.total
        assert (total.organisation_count, total.approved_count, total.overdue) == (2, 1, 2)
        assert (total.done, total.counted, total.pairs, total.at_risk) == (1, 4, 1, 1)
        assert (total.invited, total.answered, total.satisfaction) == (3, 2, 75.0)
        assert total.signed_by_kind[Order.Kind.REGULATION] == 1
        assert total.orders[Order.Kind.REGULATION] is None  # not every school has signed it
        assert not total.roadmap_approved
        # A share in the total is recomputed from its parts, not averaged.
        mentees = total.indicators["mentees_in_pairs"]
        assert (mentees.numerator, mentees.denominator) == (
            sum(row.indicators["mentees_in_pairs"].numerator or 0 for row in data.rows),
            sum(
                row.indicators["mentees_in_pairs"].denominator or 0
                for row in data.rows
                if row.indicators["mentees_in_pairs"].value is not None
            ),
        )


@pytest.mark.django_db
class TestPage:
    def url(self, municipality, **params):
        query = "&".join(f"{key}={value}" for key, value in {"year": YEAR.first_year, **params}.items())
        return reverse("reports:municipality", args=[municipality.slug]) + "?" + query

    def test_the_page_shows_what_each_school_misses(self, as_user, municipality, organisation, town):
        response = as_user("coordinator").get(self.url(municipality))
        html = response.content.decode()
        assert "утв. приказом № 12-ОД от 05.09.2024" in html
        assert "не утверждена" in html  # the kindergarten's draft, in words, not grey
        assert 'data-order="pairs" data-signed="no"' in html
        assert reverse("roadmap:activity", args=[organisation.slug, town["late"].pk]) in html
        assert 'data-testid="overview-total"' in html and "Итого по муниципалитету" in html
        assert '<title id="overview-chart-title">' in html and '<desc id="overview-chart-desc">' in html
        assert 'data-testid="chart-table"' in html
        # Long indicator headings may break only at their syllables: «На\u00adстав\u00adля\u00adе\u00adмые».
        assert "На\u00adстав\u00adля\u00adе\u00adмые" in html

    def test_filters_and_sorting_come_from_the_address(
        self, as_user, municipality, organisation, neighbour_organisation, town
    ):
        client = as_user("coordinator")
        response = client.get(self.url(municipality, problem="not_approved"))
        assert [row.name for row in response.context["rows"]] == [neighbour_organisation.short_name]
        assert response.context["total"].name == "Итого по выбранным организациям"
        response = client.get(self.url(municipality, sort="overdue", desc=1))
        assert response.context["sort_links"]["overdue"]["descending"]
        response = client.get(self.url(municipality, overdue_org=neighbour_organisation.pk))
        assert [item.id for item in response.context["overdue"]] == [town["kindergarten_late"].pk]
        # A forged parameter drops that parameter only.
        response = client.get(self.url(municipality, sort="password", problem="overdue", chart="nope"))
        assert response.status_code == 200 and len(response.context["rows"]) == 2
        assert response.context["chart_code"] == "roadmap_done"

    def test_the_xlsx_is_what_is_on_screen(
        self, as_user, municipality, organisation, neighbour_organisation, town
    ):
        response = as_user("coordinator").get(
            reverse("reports:municipality_export", args=[municipality.slug])
            + f"?year={YEAR.first_year}&sort=name&desc=1"
        )
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        sheet = book["Обзор"]
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[3]
        assert header[0] == "Организация" and "Пар под риском" in header
        body = rows[4:]
        assert [row[0] for row in body] == [
            organisation.short_name,
            neighbour_organisation.short_name,
            "Итого по муниципалитету",
        ]
        school = dict(zip(header, body[0], strict=True))
        assert school["Просрочено"] == 1 and isinstance(school["Просрочено"], int)
        assert school["Приказ об утверждении дорожной карты"] == "№ 12-ОД от 05.09.2024"
        assert school["Приказ: Пары"] == "нет"
        assert school["Отклик, %"] == pytest.approx(66.7)
        meeting = next(cell for cell in sheet[5] if cell.column == header.index("Последняя встреча") + 1)
        assert meeting.is_date and meeting.number_format == "DD.MM.YYYY"
        assert sheet.freeze_panes == "A5"
        overdue = list(book["Просроченные мероприятия"].iter_rows(values_only=True))
        assert [row[2] for row in overdue[1:]] == ["Нетворкинг", "Диагностика"]
        # Both sheets print landscape, one page wide, the header on every page.
        for printed in book.worksheets:
            assert printed.page_setup.orientation == "landscape" and printed.page_setup.fitToWidth == 1
        assert book["Просроченные мероприятия"].print_title_rows == "$1:$1"

    @pytest.mark.parametrize("count", [3, 60])
    def test_query_count_is_flat_in_the_number_of_organisations(
        self, client, municipality, personas, count, django_assert_max_num_queries
    ):
        from .test_indicators import _organisations

        _organisations(municipality, count)
        client.force_login(personas["coordinator"].user)
        # Session and user, the municipality with the visitor's roles (1), the registry with its leaders (3),
        # the indicators (13), orders, pairs, questionnaires (2), overdue activities, the report's home.
        with django_assert_max_num_queries(26):
            response = client.get(self.url(municipality))
        assert len(response.context["rows"]) == count + 2


@pytest.mark.django_db
class TestMunicipalCentrePage:
    def test_the_centre_shows_its_municipality_not_a_school(self, as_user, municipal_centre, town):
        response = as_user("coordinator").get(reverse("mentoring:dashboard", args=[municipal_centre.slug]))
        keys = [panel["key"] for panel in response.context["panels"]]
        assert "municipal-centre" in keys and "report-collections" in keys
        assert "organisation" not in keys and "programme" not in keys and "indicators" not in keys
        html = response.content.decode()
        assert "Руководитель не указан" not in html
        assert "дорожных карт утверждено" in html

    def test_a_school_keeps_its_own_panels(self, as_user, organisation, town):
        response = as_user("curator").get(reverse("mentoring:dashboard", args=[organisation.slug]))
        keys = [panel["key"] for panel in response.context["panels"]]
        assert "organisation" in keys and "municipal-centre" not in keys

    def test_the_centre_sees_its_own_roadmap(self, as_user, municipality, municipal_centre):
        Roadmap.objects.create(
            municipality=municipality, academic_year=AcademicYear.current().label, title="План МЦН"
        )
        response = as_user("coordinator").get(reverse("mentoring:dashboard", args=[municipal_centre.slug]))
        assert "План МЦН" in response.content.decode()


@pytest.mark.django_db
class TestCollections:
    def test_a_collection_shows_who_has_sent_their_report(
        self, as_user, municipality, organisation, neighbour_organisation, municipal_centre, personas
    ):
        from reports.models import GeneratedDocument, ReportCollection

        client = as_user("coordinator")
        due = TODAY + datetime.timedelta(days=10)
        response = client.post(
            reverse("reports:municipal_collection_create", args=[municipality.slug]),
            {"kind": "final-report", "academic_year": YEAR.label, "due_on": due.isoformat()},
        )
        assert response.status_code == 302
        collection = ReportCollection.objects.get()
        GeneratedDocument.objects.create(
            organisation=organisation,
            kind="final-report",
            title="Итоговый отчёт",
            params={"year": YEAR.first_year},
            status=GeneratedDocument.Status.DONE,
            finished_at=timezone.now(),
        )
        page = client.get(
            reverse("reports:municipal_collections", args=[municipality.slug]) + f"?year={YEAR.first_year}"
        )
        rows = {row["organisation"].slug: row for row in page.context["items"][0]["rows"]}
        assert rows[organisation.slug]["document_id"] and not rows[neighbour_organisation.slug]["document_id"]
        assert page.context["items"][0]["sent"] == 1
        # The same again, and a deadline in the past, are refused in Russian and change nothing.
        again = client.post(
            reverse("reports:municipal_collection_create", args=[municipality.slug]),
            {"kind": "final-report", "academic_year": YEAR.label, "due_on": due.isoformat()},
            follow=True,
        )
        assert "уже собирается" in again.content.decode()
        past = client.post(
            reverse("reports:municipal_collection_create", args=[municipality.slug]),
            {"kind": "analytical-note", "academic_year": YEAR.label, "due_on": "2020-01-01"},
            follow=True,
        )
        assert "уже прошёл" in past.content.decode()
        assert ReportCollection.objects.count() == 1 and collection.due_on == due

    def test_the_regional_coordinator_reads_but_does_not_announce(self, client, municipality, regional):
        client.force_login(regional.user)
        assert (
            client.get(reverse("reports:municipal_collections", args=[municipality.slug])).status_code == 200
        )
        response = client.post(
            reverse("reports:municipal_collection_create", args=[municipality.slug]),
            {"kind": "final-report", "academic_year": YEAR.label, "due_on": "2099-01-01"},
        )
        assert response.status_code == 403


@pytest.fixture
def regional(municipality):
    """A regional coordinator of a region that holds the test municipality."""
    from mentoring.models import Region

    region = Region.objects.create(name="Тестовская область", slug="test-region")
    municipality.region = region
    municipality.save(update_fields=["region"])
    centre = Organisation.objects.create(
        municipality=municipality,
        name="Региональный центр наставничества",
        short_name="РЦН",
        slug="rcn",
        kind=Organisation.Kind.REGIONAL_CENTRE,
    )
    return make_person(centre, roles=["regional_coordinator"], username="regional-test")
