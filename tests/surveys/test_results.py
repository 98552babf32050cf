"""Results, charts, the export, the teacher's own list, and query counts pinned on list pages."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from openpyxl import load_workbook

from common import dates
from mentoring.models import Role
from surveys import charts, panels, selectors, services
from surveys.models import Questionnaire
from tests.conftest import make_person

from .conftest import SCALE, TEXT, TODAY, build, opened

CHOICE = {"code": "C1", "type": "single", "text": "Формат", "options": ["Очно", "Онлайн"]}


@pytest.fixture
def answered(organisation, personas, programme):
    questionnaire = opened(organisation, [SCALE, TEXT, CHOICE])
    raws = [
        (programme["mentors"][0], {"S1": "8", "C1": "Очно", "T1": '=HYPERLINK("http://evil")'}),
        (personas["teacher"], {"S1": "4", "C1": "Онлайн", "T1": "Мало времени"}),
        (programme["mentees"][1], {"S1": "6", "C1": "Очно"}),
    ]
    for person, raw in raws:
        services.response_submit(
            invitation=questionnaire.invitations.get(person=person), raw=raw, actor=None, today=TODAY
        )
    return questionnaire


@pytest.mark.django_db
def test_results_count_share_and_average(answered, programme):
    data = selectors.questionnaire_results(answered)
    assert (data["invited"], data["answered"], data["rate"]) == (5, 3, 60)
    by_code = {item["code"]: item for item in data["questions"]}
    assert by_code["S1"]["mean"] == 6.0 and by_code["S1"]["n"] == 3
    assert dict(by_code["S1"]["distribution"])[8] == 1
    assert by_code["C1"]["options"] == [
        {"label": "Очно", "count": 2, "share": 67},
        {"label": "Онлайн", "count": 1, "share": 33},
    ]
    assert sorted(by_code["T1"]["texts"]) == ['=HYPERLINK("http://evil")', "Мало времени"]
    mentees = selectors.questionnaire_results(answered, role="mentee")
    assert {item["code"]: item for item in mentees["questions"]}["S1"]["mean"] == 5.0
    pair = selectors.questionnaire_results(answered, pair_id=programme["pair"].pk)
    assert {item["code"]: item for item in pair["questions"]}["S1"]["n"] == 3
    form = selectors.questionnaire_results(answered, form_id=programme["form"].pk)
    assert {item["code"]: item for item in form["questions"]}["S1"]["mean"] == 6.0


@pytest.mark.django_db
def test_results_page_filters_and_draws_charts(as_user, organisation, answered):
    page = as_user("psychologist").get(
        f"/o/{organisation.slug}/surveys/{answered.pk}/results/?role=mentee&form=x"
    )
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and "Мало времени" in html
    assert "HYPERLINK" not in html  # the mentor's answer is filtered out
    assert "&lt;script" not in html


def test_charts_are_svg_with_escaped_cyrillic_labels():
    svg = charts.bar_chart([("Очно <b>", 60.0), ("Онлайн & дистанционно", 40.0)], max_value=100, suffix=" %")
    assert svg.startswith("<svg") and "Очно &lt;b&gt;" in svg and "Онлайн &amp; дистанционно" in svg
    assert "60 %" in svg
    histogram = charts.histogram([(1, 0), (2, 3)], min_label="мало", max_label="много")
    assert "мало" in histogram and ">3<" in histogram
    comparison = charts.comparison_chart([("Урок", 2.5, 3.75, 5), ("Уверенность", None, 8, None)])
    assert "2,5" in comparison and "3,8" in comparison and "Входная" in comparison


@pytest.mark.django_db
def test_export_has_one_column_per_code_names_when_named_and_escapes_formulas(
    as_user, organisation, answered
):
    response = as_user("curator").get(f"/o/{organisation.slug}/surveys/{answered.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].values)
    assert rows[0] == (
        "№",
        "Роль",
        "Участник",
        "Отправлено",
        "Насколько вы довольны?",
        "Что изменить?",
        "Формат",
    )
    assert len(rows) == 4
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1])
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    evil = [cell for cell in cells if cell.value == '=HYPERLINK("http://evil")']
    assert len(evil) == 1 and evil[0].data_type == "s" and evil[0].quotePrefix  # the text, unchanged, as text
    assert not any(cell.data_type == "f" for cell in cells)
    assert all(cell.is_date for cell in sheet["D"][1:])  # «Отправлено» is a date cell
    assert sorted(cell.value for cell in sheet["E"][1:]) == [4, 6, 8]  # the scale answers are numbers
    legend = list(book.worksheets[1].values)
    assert ("S1", "Насколько вы довольны?") in legend
    assert not {"N", "ROLE", "PERSON", "SUBMITTED"} & {row[0] for row in legend}  # questions only


@pytest.mark.django_db
def test_a_teacher_sees_only_their_own_invitations(as_user, organisation, personas, programme, answered):
    own = as_user("teacher").get(f"/o/{organisation.slug}/surveys/mine/")
    assert [i.person for i in own.context["filled"]] == [personas["teacher"]]
    assert own.context["to_fill"] == []
    dashboard = as_user("teacher").get(f"/o/{organisation.slug}/")
    assert "Мои анкеты" in dashboard.content.decode()
    # Nobody's answers: results, export and invitations are closed to a teacher.
    for page in ("results/", "export/", "invitations/", ""):
        assert (
            as_user("teacher").get(f"/o/{organisation.slug}/surveys/{answered.pk}/{page}").status_code == 403
        )


@pytest.mark.django_db
def test_my_surveys_panel_lists_to_fill_and_filled(organisation, personas, programme, answered):
    second = opened(organisation, [SCALE])
    from mentoring.organisations.access import organisation_access

    access = organisation_access(personas["teacher"].user, organisation)
    context = panels.my_surveys_context(access, None, today=TODAY)
    assert [i.questionnaire for i in context["to_fill"]] == [second]
    assert [i.questionnaire for i in context["filled"]] == [answered]
    curator_access = organisation_access(personas["curator"].user, organisation)
    assert panels.my_surveys_context(curator_access, None, today=TODAY) is None


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 60])
def test_list_pages_issue_a_fixed_number_of_queries(
    as_user, organisation, personas, count, django_assert_num_queries
):
    people = [make_person(organisation, roles=[Role.TEACHER]) for _ in range(count)]
    questionnaire = build(organisation, [SCALE], audience=Questionnaire.Audience.CHOSEN_PEOPLE)
    questionnaire.chosen_people.set(people)
    services.questionnaire_open(questionnaire=questionnaire, actor=None, today=dates.today())
    for _ in range(count // 10):
        build(organisation, [SCALE])
    for person in people[: count // 2]:
        services.response_submit(
            invitation=questionnaire.invitations.get(person=person),
            raw={"S1": "5"},
            actor=None,
            today=dates.today(),
        )
    client = as_user("curator")
    base = f"/o/{organisation.slug}/surveys/"
    with django_assert_num_queries(6):
        assert client.get(base).status_code == 200
    with django_assert_num_queries(7):
        assert client.get(f"{base}{questionnaire.pk}/invitations/").status_code == 200
    with django_assert_num_queries(12):
        assert client.get(f"{base}{questionnaire.pk}/results/").status_code == 200


@pytest.mark.django_db
def test_send_reminders_reminds_those_who_have_not_answered_once_per_stage(organisation, personas, programme):
    questionnaire = build(organisation, [SCALE], audience=Questionnaire.Audience.MENTEES)
    start = datetime.date(2026, 3, 2)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(closes_on=datetime.date(2026, 3, 20))
    questionnaire.refresh_from_db()
    services.questionnaire_open(questionnaire=questionnaire, actor=None, today=start, send_emails=False)
    services.response_submit(
        invitation=questionnaire.invitations.get(person=personas["teacher"]),
        raw={"S1": "5"},
        actor=None,
        today=start,
    )
    questionnaire.refresh_from_db()
    assert panels.reminder_stage(questionnaire, start) is None
    assert panels.reminder_stage(questionnaire, datetime.date(2026, 3, 10)) == "week-1"
    assert panels.reminder_stage(questionnaire, datetime.date(2026, 3, 18)) == "close"
    assert panels.reminder_stage(questionnaire, datetime.date(2026, 3, 21)) is None
    call_command("send_reminders", "--date", "2026-03-10")
    call_command("send_reminders", "--date", "2026-03-10")
    call_command("send_reminders", "--date", "2026-03-11")

    # Other apps remind of other things (pairs without meetings): only the questionnaire's count here.
    def questionnaire_mail():
        return [message for message in mail.outbox if "/s/" in message.body]

    # Смирнов has not answered and has an address; Юдина has none; the teacher answered.
    assert [message.to for message in questionnaire_mail()] == [["smirnov@example.com"]]
    assert "20.03.2026" in questionnaire_mail()[0].body
    call_command("send_reminders", "--date", "2026-03-18")
    assert len(questionnaire_mail()) == 2
