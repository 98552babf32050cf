"""The import between upload and confirmation: staged in the project's storage, read once, one roadmap
per preview however many confirmations, the source's paperwork left behind, abandoned uploads cleaned."""

from __future__ import annotations

import datetime
import hashlib
import json
import threading
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from common import staging
from roadmap.import_session import PURPOSE, SESSION_KEY
from roadmap.models import Activity, Roadmap

from .test_import_layouts import APPENDIX, HEADING_TITLE, NUMBERED_ITEMS, to_docx, to_text, to_xlsx


def url(name, *args, org="school-1"):
    return reverse(f"roadmap:{name}", args=[org, *args])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def staged_files(media: Path) -> list[str]:
    folder = media / "staged"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


MAPPING_FIELDS = ["number", "stage", "title", "deadline", "responsible"]


def confirm_data(fields=MAPPING_FIELDS, **extra):
    data = {f"col_{index}": name for index, name in enumerate(fields)}
    data.update({"academic_year": "2025/2026", "title": "План школы № 1", "confirm": "1"})
    data.update(extra)
    return data


def test_staged_upload_lives_in_storage_and_goes_on_confirm(as_user, media):
    client = as_user("curator")
    response = client.post(url("import"), {"file": SimpleUploadedFile("plan.docx", to_docx(NUMBERED_ITEMS))})
    assert response["Location"] == url("import_preview")
    files = staged_files(media)
    assert len(files) == 2 and {Path(name).suffix for name in files} == {".upload", ".json"}
    token = client.session[SESSION_KEY]["token"]
    assert len(token) == 32 and "/" not in token and f"{token}.upload" in files
    meta = json.loads((media / "staged" / f"{token}.json").read_text(encoding="utf-8"))
    assert meta["purpose"] == PURPOSE and meta["name"] == "plan.docx" and meta["data"]["raw"]["tables"]
    preview = client.get(url("import_preview")).content.decode()
    assert "3 раздела, 7 мероприятий" in preview
    assert not Roadmap.objects.exists()
    response = client.post(url("import_preview"), confirm_data())
    roadmap = Roadmap.objects.get()
    assert response["Location"] == url("detail", roadmap.pk)
    assert roadmap.import_token == hashlib.sha256(token.encode()).hexdigest()
    assert staged_files(media) == []  # deleted on confirm
    assert [s.title for s in roadmap.stages.all()] == [
        "Подготовительный этап",
        "Формирование базы наставляемых",
        "Организация работы пар",
    ]
    assert list(
        Activity.objects.filter(stage__roadmap=roadmap)
        .order_by("stage__order", "order")
        .values_list("number", "title", "deadline_text")
    )[:3] == [
        ("1.1", "Издание приказа о внедрении целевой модели", "сентябрь 2025"),
        ("1.2", "Разработка положения о наставничестве", "сентябрь 2025"),
        ("1.3", "Назначение куратора", "сентябрь 2025"),
    ]


def test_preview_reads_the_kept_document_not_the_file_again(as_user, media):
    client = as_user("curator")
    client.post(url("import"), {"file": SimpleUploadedFile("plan.xlsx", to_xlsx(NUMBERED_ITEMS))})
    token = client.session[SESSION_KEY]["token"]
    (media / "staged" / f"{token}.upload").write_bytes(b"not a workbook any more")
    preview = client.get(url("import_preview"))
    assert preview.status_code == 200
    assert "Формирование базы наставляемых" in preview.content.decode()


def test_second_confirm_is_told_and_sent_to_the_roadmap_made(as_user, media):
    client = as_user("curator")
    client.post(url("import"), {"text": to_text(NUMBERED_ITEMS)})
    first = client.post(url("import_preview"), confirm_data())
    roadmap = Roadmap.objects.get()
    second = client.post(url("import_preview"), confirm_data(), follow=False)
    assert Roadmap.objects.count() == 1
    assert first["Location"] == second["Location"] == url("detail", roadmap.pk)
    texts = [str(message) for message in get_messages(second.wsgi_request)]
    assert any("уже сохранена" in text and "Вторая копия не создана" in text for text in texts)
    # The preview page, opened again in another tab, goes to the roadmap too.
    assert client.get(url("import_preview"))["Location"] == url("detail", roadmap.pk)


def test_missing_staged_file_gets_a_message_and_saves_nothing(as_user, media):
    client = as_user("curator")
    client.post(url("import"), {"file": SimpleUploadedFile("plan.docx", to_docx(NUMBERED_ITEMS))})
    token = client.session[SESSION_KEY]["token"]
    staging.staged_upload_delete(token=token)  # the cleanup ran in between
    response = client.post(url("import_preview"), confirm_data(), follow=True)
    assert "Загрузите дорожную карту заново" in response.content.decode()
    assert not Roadmap.objects.exists()


def test_cancel_deletes_the_staged_upload(as_user, media):
    client = as_user("curator")
    client.post(url("import"), {"file": SimpleUploadedFile("plan.docx", to_docx(NUMBERED_ITEMS))})
    assert staged_files(media)
    client.post(url("import_cancel"))
    assert staged_files(media) == []


def test_preview_accounts_for_columns_and_source_lines_and_leaves_the_approval_behind(as_user, media):
    client = as_user("curator")
    client.post(url("import"), {"file": SimpleUploadedFile("plan.docx", to_docx(APPENDIX))})
    content = client.get(url("import_preview")).content.decode()
    assert "Из исходного документа" in content and "не переносится" in content
    assert "Протокол № 1 от 28.08.2025" in content and "Е.В. Смирнова" in content
    client.post(url("import_preview"), confirm_data(title="", title_line="0"))  # the document's title
    roadmap = Roadmap.objects.get()
    assert roadmap.title == "План мероприятий (дорожная карта) по внедрению целевой модели наставничества"
    assert (roadmap.status, roadmap.approver_name, roadmap.approver_position, roadmap.approved_on) == (
        "draft",
        "",
        "",
        None,
    )
    assert "Приложение" not in roadmap.preamble and "Протокол" not in roadmap.preamble
    assert roadmap.stages.count() == 2


def test_unrecognised_column_is_shown_going_to_the_comments_and_can_be_remapped(as_user, media):
    client = as_user("curator")
    client.post(url("import"), {"file": SimpleUploadedFile("plan.xlsx", to_xlsx(HEADING_TITLE))})
    content = client.get(url("import_preview")).content.decode()
    assert content.count('data-testid="column-unrecognised"') == 1
    assert "не распознан — в примечание" in content and "Форма проведения" in content
    fields = ["number", "title", "deadline", "responsible", "result", "result", "participants"]
    client.post(url("import_preview"), {**confirm_data(fields), "confirm": ""} | {"remap": "1"})
    data = confirm_data(fields)
    client.post(url("import_preview"), data)
    activity = Activity.objects.get(number="1")
    assert (activity.result, activity.participants, activity.comments) == (
        "Утверждён состав наставников; Приказ",
        "очно",
        "",
    )


def test_title_is_picked_from_the_lines_of_the_document(as_user, media):
    client = as_user("curator")
    client.post(url("import"), {"text": to_text(HEADING_TITLE)})
    preview = client.get(url("import_preview"))
    candidates = preview.context["form"].title_candidates
    assert candidates[0] == "План мероприятий (дорожная карта)"
    index = candidates.index(
        "Настоящий план разработан в соответствии с Положением о системе наставничества."
    )
    fields = ["number", "title", "deadline", "responsible", "result", "result", "comments"]
    data = {**confirm_data(fields, title="что-то набранное", title_line=str(index))}
    data.pop("confirm")
    client.post(url("import_preview"), data)
    assert client.session[SESSION_KEY]["title"] == candidates[index]
    again = client.get(url("import_preview")).content.decode()
    assert (
        "Настоящий план разработан в соответствии с Положением о системе наставничества.</textarea>" in again
    )
    empty = client.post(url("import_preview"), {**data, "title": "", "title_line": ""})
    assert "Введите название или выберите строку документа" in empty.content.decode()
    assert not Roadmap.objects.exists()


# --- The staging service and its cleanup ------------------------------------------------------------------


def test_staging_keeps_the_upload_for_its_owner_and_purpose_only(media):
    token = staging.staged_upload_save(file=b"data", owner_id=7, purpose="people-import", name="a.xlsx")
    assert staging.staged_upload_open(token=token, owner_id=7, purpose="people-import") == b"data"
    for owner_id, purpose in ((8, "people-import"), (7, "roadmap-import")):
        with pytest.raises(staging.StagedUploadMissing):
            staging.staged_upload_open(token=token, owner_id=owner_id, purpose=purpose)
    for bad in ("../../etc/passwd", "", "x" * 31):
        with pytest.raises(staging.StagedUploadMissing):
            staging.staged_upload_get(token=bad, owner_id=7, purpose="people-import")
    staging.staged_upload_update(token=token, owner_id=7, purpose="people-import", data={"rows": 3})
    assert staging.staged_upload_get(token=token, owner_id=7, purpose="people-import").data == {"rows": 3}
    assert staging.staged_upload_delete(token=token) is True
    assert staging.staged_upload_delete(token=token) is False
    assert staged_files(media) == []


def _age(token: str, hours: float) -> None:
    path = f"{staging.FOLDER}/{token}.json"
    with default_storage.open(path, "rb") as handle:
        meta = json.loads(handle.read())
    created = datetime.datetime.fromisoformat(meta["created_at"]) - datetime.timedelta(hours=hours)
    meta["created_at"] = created.isoformat()
    default_storage.delete(path)
    default_storage.save(path, ContentFile(json.dumps(meta).encode()))


def test_cleanup_command_deletes_abandoned_uploads_only(media, capsys):
    old = staging.staged_upload_save(file=b"old", owner_id=1, purpose=PURPOSE)
    fresh = staging.staged_upload_save(file=b"fresh", owner_id=1, purpose=PURPOSE)
    _age(old, 30)
    (media / "staged" / "orphan-without-description-x.upload").write_bytes(b"x")  # not a token: left alone
    call_command("cleanup_staged_uploads", "--older-than-hours", "24")
    assert "Удалено брошенных загрузок: 1." in capsys.readouterr().out
    assert f"{old}.upload" not in staged_files(media) and f"{old}.json" not in staged_files(media)
    assert staging.staged_upload_open(token=fresh, owner_id=1, purpose=PURPOSE) == b"fresh"
    call_command("cleanup_staged_uploads", "--older-than-hours", "0")
    assert f"{fresh}.upload" not in staged_files(media)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("cleanup_staged_uploads", "--older-than-hours", "-1")


def test_import_command_reports_columns_and_source_lines(organisation, tmp_path, capsys):
    path = tmp_path / "appendix.docx"
    path.write_bytes(to_docx(APPENDIX))
    call_command("import_roadmap", str(path), "--organisation", "school-1", "--dry-run", "--json")
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert set(data) == {"title", "stages"}
    assert [stage["title"] for stage in data["stages"]] == ["Подготовка условий", "Формирование пар"]
    report = json.loads(captured.err)["report"]
    assert report["source_lines"][0] == "Приложение № 2"
    assert [column["field"] for column in report["columns"]] == MAPPING_FIELDS
    assert report["unrecognised_columns"] == []
    path.write_text(to_text(HEADING_TITLE), encoding="utf-8")
    text_path = path.with_suffix(".txt")
    text_path.write_text(to_text(HEADING_TITLE), encoding="utf-8")
    call_command("import_roadmap", str(text_path), "--organisation", "school-1", "--dry-run")
    err = capsys.readouterr().err
    assert "Столбец «Форма проведения» не распознан — в примечание." in err
    assert not Roadmap.objects.exists()


# --- Confirmations at the same moment (PostgreSQL: SQLite serialises writers itself) ----------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_confirms_of_one_preview_give_one_roadmap(personas, media):
    client = Client()
    client.force_login(personas["curator"].user)
    client.post(url("import"), {"file": SimpleUploadedFile("plan.docx", to_docx(NUMBERED_ITEMS))})
    cookie = client.cookies
    count = 4
    barrier = threading.Barrier(count)
    locations, errors = [], []

    def confirm():
        try:
            tab = Client()
            tab.cookies = cookie
            barrier.wait(timeout=10)
            response = tab.post(url("import_preview"), confirm_data())
            locations.append(response["Location"])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    roadmap = Roadmap.objects.get()
    assert locations == [url("detail", roadmap.pk)] * count
    assert roadmap.stages.count() == 3
    assert Activity.objects.filter(stage__roadmap=roadmap).count() == 7
    assert staged_files(media) == []
