import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import dates
from mentoring.models import AuditEntry, Role
from roadmap import catalog, selectors, services
from roadmap.importing import parse_upload
from roadmap.models import Activity, Attendance, Evidence, Roadmap, Stage
from tests.conftest import make_person

from .conftest import sample

D = datetime.date


def counts():
    return (
        Roadmap.objects.count(),
        Stage.objects.count(),
        Activity.objects.count(),
        AuditEntry.objects.count(),
    )


def test_every_template_loads_and_builds(personas, organisation):
    templates = catalog.list_templates()
    assert {item["slug"] for item in templates} == {
        "school-support-plan",
        "target-model-stages",
        "kindergarten-plan",
    }
    for item in templates:
        roadmap = services.roadmap_create_from_template(
            organisation=organisation, actor=None, template_slug=item["slug"], academic_year="2025/2026"
        )
        assert Activity.objects.filter(stage__roadmap=roadmap).count() == item["activity_count"]
        assert roadmap.source_template == item["slug"]


def test_templates_match_the_samples_they_were_made_from():
    """The shipped JSON is the parser's reading of the sample (made generic): same structure."""
    for slug, name in [
        ("school-support-plan", "000"),
        ("target-model-stages", "001"),
        ("kindergarten-plan", "004"),
    ]:
        template = catalog.load_template(slug)
        path = sample(name, "docx")
        parsed = parse_upload(path.name, path.read_bytes())
        assert [len(stage["activities"]) for stage in template["stages"]] == [
            len(s.activities) for s in parsed.stages
        ]
        assert [a["deadline"] for s in template["stages"] for a in s["activities"]] == [
            a.deadline for a in parsed.activities
        ]
        assert "Кустова" not in str(template) and "Ткаченко" not in str(template)


def test_template_dates_move_to_the_chosen_year(organisation):
    roadmap = services.roadmap_create_from_template(
        organisation=organisation, actor=None, template_slug="school-support-plan", academic_year="2025/2026"
    )
    first = Activity.objects.filter(stage__roadmap=roadmap).order_by("stage__order", "order").first()
    assert (first.deadline_text, first.due_date) == ("01.12.2025", D(2025, 12, 1))
    centre = services.roadmap_create_from_template(
        organisation=organisation, actor=None, template_slug="target-model-stages", academic_year="2025/2026"
    )
    march = Activity.objects.get(stage__roadmap=centre, number="1.1")
    assert (march.deadline_text, march.due_date) == ("Март 2026", D(2026, 3, 31))
    curator_roles = Activity.objects.filter(stage__roadmap=centre, responsible_roles__contains=Role.CURATOR)
    assert curator_roles.count() > 20


def test_import_saves_everything_and_links_people(personas, organisation, staff_member):
    path = sample("001", "docx")
    parsed = parse_upload(path.name, path.read_bytes(), academic_year="2025/2026")
    roadmap = services.roadmap_import(
        organisation=organisation,
        actor=personas["curator"].user,
        parsed=parsed,
        academic_year="2025/2026",
        source_name=path.name,
    )
    assert roadmap.stages.count() == 7
    assert Activity.objects.filter(stage__roadmap=roadmap).count() == 30
    # The source's «УТВЕРЖДАЮ Директор _____ А.Б. Ткаченко» stays with the source (issue 11): the new
    # roadmap is a draft approved only by its own order.
    assert parsed.approver_name == "А.Б. Ткаченко"
    assert (roadmap.approver_name, roadmap.approver_position, roadmap.approved_on) == ("", "", None)
    stage = roadmap.stages.get(number="1")
    assert stage.task.startswith("информирование")
    assert Activity.objects.get(stage__roadmap=roadmap, number="2.1").responsible_people.get() == staff_member
    assert AuditEntry.objects.filter(action="roadmap.imported").count() == 1


def test_failed_import_leaves_the_database_unchanged(personas, organisation):
    path = sample("004", "xlsx")
    parsed = parse_upload(path.name, path.read_bytes())
    parsed.stages[-1].activities[-1].title = ""  # a bad row at the very end
    before = counts()
    with pytest.raises(ValidationError):
        services.roadmap_import(
            organisation=organisation,
            actor=personas["curator"].user,
            parsed=parsed,
            academic_year="2025/2026",
        )
    assert counts() == before
    with pytest.raises(ValidationError):
        services.roadmap_import(organisation=organisation, actor=None, parsed=parsed, academic_year="2025-26")
    assert counts() == before


def test_history_records_who_when_what(personas, roadmap):
    curator = personas["curator"].user
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    services.activity_update(activity=activity, actor=curator, data={"deadline_text": "До 15.01.2026"})
    activity.refresh_from_db()
    assert activity.due_date == D(2026, 1, 15)
    services.activity_set_status(activity=activity, actor=curator, status="done", completed_on=D(2025, 11, 1))
    entries = list(selectors.history_for([activity]))
    assert [entry.action for entry in entries][:2] == ["roadmap.activity_status", "roadmap.activity_updated"]
    assert entries[0].actor == curator
    assert entries[0].changes["status"] == ["planned", "done"]
    assert entries[1].changes["deadline_text"] == ["01.12.2025", "До 15.01.2026"]
    assert entries[1].changes["due_date"] == ["2025-12-01", "2026-01-15"]
    assert entries[1].target_type == ContentType.objects.get_for_model(Activity)
    assert set(selectors.roadmap_history(roadmap)) >= set(entries)


def test_status_rules(personas, roadmap):
    curator = personas["curator"].user
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    with pytest.raises(ValidationError):
        services.activity_set_status(
            activity=activity,
            actor=curator,
            status="done",
            completed_on=dates.today() + datetime.timedelta(1),
        )
    services.activity_set_status(activity=activity, actor=curator, status="done")
    audit_count = AuditEntry.objects.count()
    services.activity_set_status(activity=activity, actor=curator, status="done")  # a double click
    assert AuditEntry.objects.count() == audit_count
    services.activity_set_status(activity=activity, actor=curator, status="planned")
    activity.refresh_from_db()
    assert activity.completed_on is None
    with pytest.raises(ValidationError):
        services.activity_set_status(activity=activity, actor=curator, status="finished")


def test_overdue_is_derived(roadmap):
    activity = Activity.objects.filter(stage__roadmap=roadmap, due_date__isnull=False).first()
    assert activity.is_overdue(activity.due_date + datetime.timedelta(days=1))
    assert not activity.is_overdue(activity.due_date)
    activity.status, activity.completed_on = "done", activity.due_date
    assert not activity.is_overdue(activity.due_date + datetime.timedelta(days=1))


def test_copy_to_next_year_moves_dates_and_resets_statuses(personas, roadmap):
    curator = personas["curator"].user
    activity = Activity.objects.filter(stage__roadmap=roadmap, due_date__isnull=False).first()
    services.activity_set_status(
        activity=activity, actor=curator, status="done", completed_on=D(2025, 11, 30)
    )
    copy = services.roadmap_copy(roadmap=roadmap, actor=curator)
    assert copy.academic_year == "2026/2027" and copy.status == "draft"
    copied = Activity.objects.filter(stage__roadmap=copy)
    assert copied.count() == Activity.objects.filter(stage__roadmap=roadmap).count()
    assert not copied.exclude(status="planned").exists()
    same = copied.get(title=activity.title)
    assert same.due_date == D(activity.due_date.year + 1, activity.due_date.month, activity.due_date.day)
    assert str(activity.due_date.year + 1) in same.deadline_text


def test_approve_only_a_draft_with_activities(personas, organisation, roadmap):
    director = personas["director"].user
    with pytest.raises(ValidationError):
        services.roadmap_approve(
            roadmap=roadmap,
            actor=director,
            approved_on=dates.today() + datetime.timedelta(2),
            approver_position="Директор",
            approver_name="Иванов И.И.",
        )
    services.roadmap_approve(
        roadmap=roadmap,
        actor=director,
        approved_on=D(2025, 9, 1),
        approver_position="Директор",
        approver_name="Иванов И.И.",
    )
    roadmap.refresh_from_db()
    assert (roadmap.status, roadmap.approved_by) == ("approved", director)
    with pytest.raises(ValidationError):
        services.roadmap_approve(
            roadmap=roadmap, actor=director, approved_on=D(2025, 9, 1), approver_position="", approver_name=""
        )
    empty = services.roadmap_create(
        organisation=organisation, actor=None, academic_year="2025/2026", title="Пусто"
    )
    with pytest.raises(ValidationError):
        services.roadmap_approve(
            roadmap=empty, actor=director, approved_on=D(2025, 9, 1), approver_position="", approver_name=""
        )


def test_archived_roadmap_cannot_change(personas, roadmap):
    services.roadmap_archive(roadmap=roadmap, actor=None)
    roadmap.refresh_from_db()
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    with pytest.raises(ValidationError):
        services.activity_set_status(activity=activity, actor=None, status="done")


def test_reorder(personas, roadmap):
    stage = roadmap.stages.order_by("order").last()
    assert services.stage_move(stage=stage, actor=None, direction="up")
    assert list(roadmap.stages.order_by("order"))[-2] == stage
    top = roadmap.stages.order_by("order").first()
    assert not services.stage_move(stage=top, actor=None, direction="up")
    activities = list(stage.activities.order_by("order"))
    services.activity_move(activity=activities[0], actor=None, direction="down")
    assert list(stage.activities.order_by("order"))[:2] == [activities[1], activities[0]]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("virus.exe", b"MZ", "не принимаются"), ("empty.pdf", b"", "пустой")],
)
def test_evidence_file_is_checked(roadmap, name, content, message):
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    with pytest.raises(ValidationError) as error:
        services.evidence_add(activity=activity, actor=None, upload=SimpleUploadedFile(name, content))
    assert message in " ".join(error.value.messages)
    assert not Evidence.objects.exists()


def test_evidence_file_or_link(roadmap, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    with pytest.raises(ValidationError):
        services.evidence_add(activity=activity, actor=None)
    services.evidence_add(
        activity=activity, actor=None, title="Приказ", upload=SimpleUploadedFile("p.pdf", b"%PDF")
    )
    services.evidence_add(activity=activity, actor=None, url="https://school.example/news/1")
    assert activity.evidence.count() == 2


def test_attendance_share(personas, organisation, foreign_organisation):
    people = [make_person(organisation, roles=[Role.TEACHER]) for _ in range(10)]
    event = services.event_create(
        organisation=organisation,
        actor=None,
        data={
            "kind": "final_meeting",
            "title": "Итоговая встреча",
            "starts_at": datetime.datetime(2026, 5, 20, 15, tzinfo=datetime.UTC),
        },
        invited=people,
    )
    services.attendance_set(event=event, actor=None, invited=people, attended=people[:9])
    assert Attendance.objects.filter(event=event, attended=True).count() == 9
    stranger = make_person(foreign_organisation)
    with pytest.raises(ValidationError):
        services.attendance_set(event=event, actor=None, invited=[*people, stranger], attended=[])
    assert Attendance.objects.filter(event=event).count() == 10


def test_progress_counts(roadmap):
    today = D(2026, 1, 10)
    activities = list(
        Activity.objects.filter(stage__roadmap=roadmap, due_date__isnull=False).order_by("due_date")
    )
    services.activity_set_status(
        activity=activities[0], actor=None, status="done", completed_on=D(2025, 11, 1)
    )
    services.activity_set_status(activity=activities[-1], actor=None, status="cancelled")
    progress, by_stage = selectors.roadmap_progress(roadmap, today=today)
    total = Activity.objects.filter(stage__roadmap=roadmap).count()
    assert (progress.total, progress.done, progress.cancelled) == (total, 1, 1)
    assert progress.percent == round(100 / (total - 1))
    overdue = sum(1 for a in Activity.objects.filter(stage__roadmap=roadmap) if a.is_overdue(today))
    assert progress.overdue == overdue > 0
    assert sum(p.total for p in by_stage.values()) == total
    # The dashboard's version: the same counts, the stages in order, an empty stage without progress.
    empty = roadmap.stages.create(title="Пустой раздел", order=99)
    with CaptureQueriesContext(connection) as queries:
        whole, stages = selectors.roadmap_stages_progress(roadmap, today=today)
    assert len(queries) == 2
    assert whole == progress
    assert [stage.pk for stage in stages] == list(
        roadmap.stages.order_by("order", "id").values_list("pk", flat=True)
    )
    assert {stage.pk: stage.progress for stage in stages} == {**by_stage, empty.pk: None}


def test_deadline_reminders_are_sent_once(personas, roadmap, mailoutbox):
    from mentoring.organisations.reminders import send_due_reminders

    activity = Activity.objects.filter(stage__roadmap=roadmap, due_date__isnull=False).first()
    personas["teacher"].email = "teacher@school.example"
    personas["teacher"].save()
    personas["curator"].email = "curator@school.example"
    personas["curator"].save()
    services.activity_update(
        activity=activity,
        actor=None,
        data={"responsible_roles": "curator", "deadline_text": "До 17.02.2026"},
        people=[personas["teacher"]],
    )
    activity.refresh_from_db()
    today = activity.due_date - datetime.timedelta(days=3)
    sent, _skipped = send_due_reminders(today=today)
    assert sorted(message.to[0] for message in mailoutbox) == [
        "curator@school.example",
        "teacher@school.example",
    ]
    assert sent == 2
    assert send_due_reminders(today=today)[0] == 0
