import datetime
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from common import dates
from mentoring.models import AuditEntry, Role
from roadmap import services
from roadmap.models import Activity, CalendarToken, Publication, Roadmap, Stage
from tests.conftest import make_person

from .conftest import sample


def url(name, *args, org="school-1"):
    return reverse(f"roadmap:{name}", args=[org, *args])


def upload(number, suffix):
    path = sample(number, suffix)
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_import_preview_then_confirm(as_user):
    client = as_user("curator")
    response = client.post(url("import"), {"file": upload("000", "docx")})
    assert response.status_code == 302 and response["Location"] == url("import_preview")
    assert not Roadmap.objects.exists()  # nothing saved before the confirmation
    preview = client.get(url("import_preview"))
    content = preview.content.decode()
    assert "4 раздела, 21 мероприятие" in content
    assert "Организационно-методическое сопровождение деятельности" in content
    assert not Roadmap.objects.exists()
    data = {
        f"col_{i}": field
        for i, field in enumerate(["title", "deadline", "result", "indicator", "responsible"])
    }
    data.update({"academic_year": "2022/2023", "title": "План 2022/2023", "confirm": "1"})
    response = client.post(url("import_preview"), data)
    roadmap = Roadmap.objects.get()
    assert response["Location"] == url("detail", roadmap.pk)
    assert (roadmap.title, roadmap.academic_year, roadmap.status) == ("План 2022/2023", "2022/2023", "draft")
    assert Activity.objects.filter(stage__roadmap=roadmap).count() == 21
    # A second click of «Сохранить» finds nothing to save and saves nothing twice.
    again = client.post(url("import_preview"), data)
    assert again.status_code == 302 and Roadmap.objects.count() == 1


def test_import_remap_columns_before_confirming(as_user):
    client = as_user("curator")
    client.post(url("import"), {"text": sample("004", "txt").read_text(encoding="utf-8")})
    mapping = {
        f"col_{i}": field for i, field in enumerate(["number", "title", "deadline", "skip", "comments"])
    }
    client.post(url("import_preview"), {**mapping, "academic_year": "2022/2023", "title": "Сад"})
    assert not Roadmap.objects.exists()
    client.post(
        url("import_preview"), {**mapping, "academic_year": "2022/2023", "title": "Сад", "confirm": "1"}
    )
    activity = Activity.objects.get(number="1.1")
    assert (activity.responsible_text, activity.result, activity.comments) == ("", "", "Приказ")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"file": SimpleUploadedFile("plan.docx", b"garbage")}, "повреждён"),
        ({"file": SimpleUploadedFile("plan.doc", b"\xd0\xcf\x11\xe0")}, "не поддерживается"),
        ({"text": "одна строка без табуляции"}, "не нашлось таблицы"),
        ({}, "Выберите файл или вставьте таблицу"),
    ],
)
def test_broken_upload_gets_a_message_and_changes_nothing(as_user, data, message):
    client = as_user("curator")
    before = AuditEntry.objects.count()
    response = client.post(url("import"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Roadmap.objects.exists() and AuditEntry.objects.count() == before
    assert client.get(url("import_preview")).status_code == 302


def test_import_cancel_discards_the_upload(as_user):
    client = as_user("curator")
    client.post(url("import"), {"file": upload("001", "xlsx")})
    client.post(url("import_cancel"))
    assert client.get(url("import_preview")).status_code == 302
    assert not Roadmap.objects.exists()


def test_status_change_from_the_row(as_user, roadmap):
    client = as_user("curator")
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    response = client.post(
        url("activity_status", activity.pk), {"status": "done", "from": "row"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "roadmapChanged"
    assert 'data-status="done"' in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "done" and activity.completed_on == dates.today()
    progress = client.get(url("progress", roadmap.pk)).content.decode()
    total = Activity.objects.filter(stage__roadmap=roadmap).count()
    assert f"{round(100 / total)}%" in progress


def test_bad_status_input_changes_nothing(as_user, roadmap):
    client = as_user("curator")
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    future = (dates.today() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url("activity_status", activity.pk),
        {"status": "done", "completed_on": future},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    response = client.post(url("activity_status", activity.pk), {"status": "whatever"})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "planned"


def test_teacher_named_responsible_can_mark_done_but_not_others(client, personas, roadmap):
    teacher = personas["teacher"]
    mine, other = Activity.objects.filter(stage__roadmap=roadmap)[:2]
    services.activity_update(activity=mine, actor=None, data={}, people=[teacher])
    client.force_login(teacher.user)
    assert client.get(url("activity", mine.pk)).status_code == 200
    assert client.get(url("activity", other.pk)).status_code == 403
    assert client.post(url("activity_status", other.pk), {"status": "done"}).status_code == 403
    client.post(url("activity_status", mine.pk), {"status": "done"})
    mine.refresh_from_db()
    assert mine.status == "done"
    dashboard = client.get(reverse("mentoring:dashboard", args=["school-1"])).content.decode()
    assert "Мои мероприятия" not in dashboard  # done ones leave the list
    services.activity_update(activity=other, actor=None, data={}, people=[teacher])
    dashboard = client.get(reverse("mentoring:dashboard", args=["school-1"])).content.decode()
    assert "Мои мероприятия" in dashboard and other.title[:30] in dashboard


def test_inline_edit_returns_the_row(as_user, roadmap):
    client = as_user("curator")
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    form = client.get(url("activity_edit", activity.pk), HTTP_HX_REQUEST="true")
    assert "<form" in form.content.decode() and "<html" not in form.content.decode()
    response = client.post(
        url("activity_edit", activity.pk),
        {
            "number": "1.1",
            "title": "Новая формулировка",
            "deadline_text": "март",
            "responsible_text": "Куратор",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "Новая формулировка" in response.content.decode()
    activity.refresh_from_db()
    assert activity.due_date == datetime.date(2026, 3, 31)
    bad = client.post(url("activity_edit", activity.pk), {"title": "  "}, HTTP_HX_REQUEST="true")
    assert "is-invalid" in bad.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Новая формулировка"


def test_filters(as_user, roadmap):
    client = as_user("curator")
    activities = list(
        Activity.objects.filter(stage__roadmap=roadmap, due_date__isnull=False).order_by("due_date")
    )
    services.activity_set_status(activity=activities[1], actor=None, status="in_progress")
    response = client.get(url("detail", roadmap.pk), {"status": "in_progress"})
    assert response.content.decode().count('data-testid="activity-row"') == 1
    stage = roadmap.stages.order_by("order").last()
    response = client.get(url("detail", roadmap.pk), {"stage": stage.pk})
    assert response.content.decode().count('data-testid="activity-row"') == stage.activities.count()
    response = client.get(url("detail", roadmap.pk), {"responsible": f"r{Role.DIRECTOR}"})
    directors = Activity.objects.filter(
        stage__roadmap=roadmap, responsible_roles__contains="director"
    ).count()
    assert response.content.decode().count('data-testid="activity-row"') == directors > 0
    overdue = sum(1 for a in Activity.objects.filter(stage__roadmap=roadmap) if a.overdue)
    response = client.get(url("detail", roadmap.pk), {"overdue": "on"})
    assert response.content.decode().count('data-testid="activity-row"') == overdue
    response = client.get(
        url("detail", roadmap.pk), {"soon": "on"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="roadmap-stages"
    )
    assert "<html" not in response.content.decode()


def _grow(roadmap, count):
    stage = roadmap.stages.first()
    Activity.objects.bulk_create(
        [
            Activity(
                stage=stage,
                order=100 + n,
                title=f"Мероприятие {n}",
                deadline_text="май",
                due_date=datetime.date(2026, 5, 31),
            )
            for n in range(count)
        ]
    )


@pytest.mark.parametrize("extra", [0, 40])
def test_roadmap_page_query_count_does_not_grow(as_user, roadmap, django_assert_num_queries, extra, personas):
    client = as_user("curator")
    _grow(roadmap, extra)
    people = list(Activity.objects.filter(stage__roadmap=roadmap)[:5])
    for activity in people:
        activity.responsible_people.add(personas["psychologist"])
    # Once before counting: the content types' cache is per process, warm or cold by the tests before.
    client.get(url("detail", roadmap.pk))
    # 19: the reports app adds one for its «PDF»/«Приказ» buttons (mentoring.organisations.page_actions);
    # 18 since the roadmap's progress is the sum of its stages' (issue 15).
    with django_assert_num_queries(15):
        response = client.get(url("detail", roadmap.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [1, 10])
def test_roadmap_list_query_count(as_user, organisation, django_assert_num_queries, extra):
    client = as_user("curator")
    for n in range(extra):
        services.roadmap_create(
            organisation=organisation, actor=None, academic_year="2025/2026", title=f"План {n}"
        )
    with django_assert_num_queries(7):
        client.get(url("list"))


def _sheet_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_export_keeps_the_source_columns_and_escapes_formulas(as_user, roadmap):
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    activity.title = '=HYPERLINK("http://evil")'
    activity.save()
    response = as_user("director").get(url("export", roadmap.pk))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet_rows(response)
    header = next(row for row in rows if row[0] == "№ п/п")
    assert header == [
        "№ п/п",  # the source has no numbers; the book numbers the activities as the PDF does
        "Содержание",
        "Сроки",
        "Ожидаемый результат (вид документа)",
        "Показатели эффективности",
        "Ответственный",
        "Статус",
        "Выполнено",
    ]
    assert any(row[1] == '=HYPERLINK("http://evil")' for row in rows)  # the text unchanged...
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    evil = next(cell for cell in sheet["B"] if cell.value == '=HYPERLINK("http://evil")')
    assert evil.data_type == "s" and evil.quotePrefix  # ...stored as text, never as a formula
    header_row = next(index for index, row in enumerate(rows, start=1) if row[0] == "№ п/п")
    stage_row = rows[header_row]
    assert stage_row[0] == "1" and rows[header_row + 1][0] == "1.1"
    assert (
        sheet.freeze_panes == f"A{header_row + 1}"
        and sheet.print_title_rows == f"${header_row}:${header_row}"
    )
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sum(1 for row in rows if row[2]) == Activity.objects.filter(stage__roadmap=roadmap).count() + 1


def test_export_of_an_imported_numbered_roadmap(as_user, organisation):
    path = sample("004", "docx")
    from roadmap.importing import parse_upload

    parsed = parse_upload(path.name, path.read_bytes())
    roadmap = services.roadmap_import(
        organisation=organisation, actor=None, parsed=parsed, academic_year="2022/2023"
    )
    rows = _sheet_rows(as_user("curator").get(url("export", roadmap.pk)))
    header_index = next(index for index, row in enumerate(rows) if row[0] == "№ п/п")
    assert rows[header_index][:5] == [
        "№ п/п",
        "Наименование мероприятий",
        "Сроки реализации",
        "Ответственный исполнитель",
        "Результат, вид документа",
    ]
    assert rows[header_index + 1][:2] == ["1", parsed.stages[0].title]
    assert rows[header_index + 2][:3] == ["1.1", parsed.activities[0].title, "февраль 2023"]


def test_calendar_feed_by_private_token(client, personas, roadmap, organisation):
    user = personas["curator"].user
    client.force_login(user)
    page = client.get(reverse("roadmap:calendar", args=["school-1"]))
    token = CalendarToken.objects.get(user=user).token
    assert len(token) >= 40 and token in page.content.decode()
    client.logout()
    feed = client.get(reverse("roadmap:calendar_feed", args=[token]))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    dated = Activity.objects.filter(stage__roadmap=roadmap, due_date__isnull=False).count()
    assert body.count("BEGIN:VEVENT") == dated
    assert "DTSTART;VALUE=DATE:20251201" in body
    assert client.get(reverse("roadmap:calendar_feed", args=[token[:-1] + "x"])).status_code == 404
    client.force_login(user)
    client.post(reverse("roadmap:calendar", args=["school-1"]))
    client.logout()
    assert client.get(reverse("roadmap:calendar_feed", args=[token])).status_code == 404


def test_calendar_feed_of_a_teacher_has_only_their_activities(client, personas, roadmap):
    teacher = personas["teacher"]
    activity = Activity.objects.filter(stage__roadmap=roadmap, due_date__isnull=False).first()
    services.activity_update(activity=activity, actor=None, data={}, people=[teacher])
    token = services.calendar_token_for(user=teacher.user).token
    body = client.get(reverse("roadmap:calendar_feed", args=[token])).content.decode()
    assert body.count("BEGIN:VEVENT") == 1


def test_create_from_template_and_copy(as_user, organisation):
    client = as_user("curator")
    response = client.post(
        url("create"), {"mode": "template", "template": "kindergarten-plan", "academic_year": "2025/2026"}
    )
    roadmap = Roadmap.objects.get()
    assert response["Location"] == url("detail", roadmap.pk)
    response = client.post(
        url("create"), {"mode": "copy", "source": roadmap.pk, "academic_year": "2026/2027"}
    )
    assert Roadmap.objects.filter(academic_year="2026/2027").exists()
    bad = client.post(url("create"), {"mode": "empty", "academic_year": "2026-2027"})
    assert "2025/2026" in bad.content.decode() and Roadmap.objects.count() == 2


def test_forged_ids_of_another_organisation_are_404(as_user, foreign_roadmap):
    client = as_user("curator")
    activity = Activity.objects.filter(stage__roadmap=foreign_roadmap).first()
    assert client.get(url("detail", foreign_roadmap.pk)).status_code == 404
    assert client.post(url("activity_status", activity.pk), {"status": "done"}).status_code == 404
    assert client.post(url("stage_move", activity.stage_id, "up")).status_code == 404
    activity.refresh_from_db()
    assert activity.status == "planned"


def test_director_approves(as_user, roadmap):
    response = as_user("director").post(
        url("approve", roadmap.pk),
        {"approved_on": "2025-09-01", "approver_position": "Директор", "approver_name": "Иванов И.И."},
    )
    assert response.status_code == 302
    roadmap.refresh_from_db()
    assert roadmap.status == "approved"
    page = as_user("curator").get(url("detail", roadmap.pk)).content.decode()
    assert "УТВЕРЖДАЮ" in page and "01.09.2025" in page


def council(organisation, *, invited):
    """A council of 10.01.2026 with these people invited."""
    return services.event_create(
        organisation=organisation,
        actor=None,
        data={
            "kind": "council",
            "title": "Педсовет",
            "starts_at": datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC),
        },
        invited=invited,
    )


def test_event_attendance_form(as_user, organisation):
    people = [make_person(organisation, roles=[Role.TEACHER]) for _ in range(3)]
    event = council(organisation, invited=people)
    client = as_user("curator")
    client.post(
        reverse("roadmap:event", args=["school-1", event.pk]),
        {"invited": [p.pk for p in people], "attended": [people[0].pk, people[1].pk]},
    )
    page = client.get(reverse("roadmap:event", args=["school-1", event.pk])).content.decode()
    assert "пришли 2 из 3 (67 %)" in page


def test_the_invitee_picker_comes_when_asked_for(as_user, organisation, personas):
    invited = [make_person(organisation, roles=[Role.TEACHER], last_name="Приглашённая")]
    others = [make_person(organisation, roles=[Role.TEACHER], last_name=f"Другая{n}") for n in range(30)]
    event = council(organisation, invited=invited)
    address = reverse("roadmap:event", args=[organisation.slug, event.pk])
    client = as_user("curator")
    page = client.get(address).content.decode()
    # The page carries the register, not a checkbox per person of the organisation.
    assert "Другая0" not in page and "people-picker-option" not in page
    assert 'data-testid="invite-more"' in page
    picker = client.get(address, {"invite": 1}).content.decode()
    assert "Другая29" in picker and 'id="invite-picker"' in picker
    # Ticked in the picker and saved with the marks: invited, the earlier invitee kept.
    client.post(address, {"invited": [invited[0].pk, others[0].pk], "attended": [invited[0].pk]})
    assert set(event.attendances.values_list("person_id", flat=True)) == {invited[0].pk, others[0].pk}
    # A reader sees neither the picker nor its button.
    reader = as_user("psychologist").get(address, {"invite": 1}).content.decode()
    assert "invite-picker" not in reader


def test_publication_bad_input(as_user):
    client = as_user("curator")
    future = (dates.today() + datetime.timedelta(days=5)).isoformat()
    client.post(
        reverse("roadmap:publication_create", args=["school-1"]),
        {"title": "Новость", "url": "not a url", "published_on": future},
    )
    assert not Publication.objects.exists()
    client.post(
        reverse("roadmap:publication_create", args=["school-1"]),
        {"title": "Новость", "url": "school.example/n", "published_on": "2025-10-01"},
    )
    assert Publication.objects.get().url == "https://school.example/n"


def test_import_command_json_and_dry_run(organisation, capsys):
    path = sample("000", "docx")
    call_command("import_roadmap", str(path), "--organisation", "school-1", "--dry-run", "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"title", "stages"}
    assert set(data["stages"][0]) == {"number", "title", "activities"}
    first = data["stages"][0]["activities"][0]
    assert set(first) == {
        "number",
        "title",
        "deadline",
        "due_date",
        "responsible",
        "participants",
        "result",
        "indicator",
    }
    assert first["due_date"] == "2022-12-01"
    assert not Roadmap.objects.exists()
    call_command(
        "import_roadmap", str(sample("004", "xlsx")), "--organisation", "school-1", "--year", "2022/2023"
    )
    assert Stage.objects.count() == 5


def test_import_command_errors(organisation):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("import_roadmap", "/nonexistent.docx", "--organisation", "school-1")
    with pytest.raises(CommandError):
        call_command("import_roadmap", str(sample("000", "docx")), "--organisation", "nope")


def test_import_of_last_years_document_moves_its_dates(as_user):
    client = as_user("curator")
    client.post(url("import"), {"file": upload("000", "xlsx")})
    mapping = {
        f"col_{i}": field
        for i, field in enumerate(["title", "deadline", "result", "indicator", "responsible"])
    }
    data = {**mapping, "academic_year": "2025/2026", "title": "План", "shift_dates": "on"}
    preview = client.post(url("import_preview"), data, follow=True).content.decode()
    assert "перенесены с 2022/2023 на 2025/2026" in preview
    client.post(url("import_preview"), {**data, "confirm": "1"})
    first = Activity.objects.get(title="Формирование базы наставляемых")
    assert (first.deadline_text, first.due_date) == ("01.12.2025", datetime.date(2025, 12, 1))


def test_evidence_in_one_click_from_the_row(as_user, roadmap, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = as_user("curator")
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    response = client.post(
        url("evidence_add", activity.pk),
        {"file": SimpleUploadedFile("protocol.pdf", b"%PDF-1.4"), "from": "row"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and 'id="activity-' in response.content.decode()
    evidence = activity.evidence.get()
    download = client.get(url("evidence", evidence.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
    bad = client.post(
        url("evidence_add", activity.pk), {"file": SimpleUploadedFile("x.exe", b"MZ")}, follow=True
    )
    assert "не принимаются" in bad.content.decode()
    assert activity.evidence.count() == 1


def test_municipal_centre_keeps_the_municipality_plan(client, municipal_centre, organisation, personas):
    methodist = make_person(municipal_centre, roles=[Role.CURATOR], username="methodist")
    client.force_login(methodist.user)
    response = client.post(
        url("create", org="mcn"),
        {
            "mode": "template",
            "template": "target-model-stages",
            "academic_year": "2025/2026",
            "municipal": "on",
        },
    )
    roadmap = Roadmap.objects.get()
    assert (roadmap.organisation, roadmap.municipality) == (None, municipal_centre.municipality)
    assert response["Location"] == url("detail", roadmap.pk, org="mcn")
    assert client.get(url("detail", roadmap.pk, org="mcn")).status_code == 200
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    client.post(url("activity_status", activity.pk, org="mcn"), {"status": "in_progress"})
    activity.refresh_from_db()
    assert activity.status == "in_progress"
    # A school of the municipality does not get the centre's plan in its own list.
    client.force_login(personas["curator"].user)
    assert client.get(url("detail", roadmap.pk)).status_code == 404
    client.force_login(personas["coordinator"].user)
    assert client.get(url("detail", roadmap.pk, org="mcn")).status_code == 200


def test_only_a_municipal_centre_keeps_a_municipal_plan(organisation):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.roadmap_create(
            organisation=organisation, actor=None, academic_year="2025/2026", title="План", municipal=True
        )


@pytest.mark.parametrize("count", [2, 20])
def test_events_page_query_count_does_not_grow(as_user, organisation, django_assert_num_queries, count):
    people = [make_person(organisation, roles=[Role.TEACHER]) for _ in range(3)]
    for n in range(count):
        event = services.event_create(
            organisation=organisation,
            actor=None,
            data={
                "kind": "group_meeting",
                "title": f"Встреча {n}",
                "starts_at": datetime.datetime(2026, 1, 1 + n % 28, 15, tzinfo=datetime.UTC),
            },
            invited=people,
        )
        services.attendance_set(event=event, actor=None, invited=people, attended=people[:2])
        services.publication_create(
            organisation=organisation,
            actor=None,
            data={
                "title": f"Новость {n}",
                "url": f"https://s.example/{n}",
                "published_on": datetime.date(2025, 10, 1),
            },
        )
    client = as_user("curator")
    with django_assert_num_queries(8):
        response = client.get(reverse("roadmap:events", args=["school-1"]))
    assert response.content.decode().count("2 / 3") == count


@pytest.mark.django_db
def test_a_time_typed_at_a_sakhalin_school_is_sakhalin_time(as_user, organisation):
    organisation.time_zone = "Asia/Sakhalin"
    organisation.save(update_fields=["time_zone"])
    response = as_user("curator").post(
        f"/o/{organisation.slug}/events/new/",
        {"kind": "council", "title": "Педсовет", "starts_at": "10.03.2026 15:00", "place": "Актовый зал"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = organisation.events.get(title="Педсовет")
    # 15:00 on Sakhalin (UTC+11) is 04:00 UTC, and the event's page shows 15:00 again.
    assert event.starts_at == datetime.datetime(2026, 3, 10, 4, 0, tzinfo=datetime.UTC)
    page = as_user("curator").get(f"/o/{organisation.slug}/events/{event.pk}/").content.decode()
    assert "15:00" in page
