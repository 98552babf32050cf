"""Every upload endpoint goes through `validate_upload`: a file whose content is not what its name says, or
a zip bomb, is refused there with a Russian sentence, and nothing is saved."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common import dates
from common.uploads import MB
from mentoring.models import Consent, PlanItem
from mentoring.programme import services as programme_services
from reports.models import Practice
from reports.municipal import services as practice_services
from roadmap import services as roadmap_services
from roadmap.models import Activity, Evidence
from tests.conftest import make_person
from tests.mentoring.conftest import approve, pair_world  # noqa: F401  (a fixture)
from tests.roadmap.conftest import roadmap  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


def bomb_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            for _ in range(101):
                entry.write(b"\x00" * MB)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return bomb_xlsx()


def test_a_consent_scan_that_is_not_what_its_name_says(organisation):
    person = make_person(organisation)
    with pytest.raises(ValidationError, match="повреждён или это не PDF"):
        programme_services.consent_give(
            organisation=organisation,
            person=person,
            given_on=dates.today(),
            text_version="ред. 2024",
            actor=None,
            file=SimpleUploadedFile("scan.pdf", PNG),
        )
    assert not Consent.objects.exists()


def test_plan_evidence_is_sniffed_and_a_bomb_refused(as_user, organisation, personas, pair_world, bomb):  # noqa: F811
    pair = approve(organisation, pair_world["pair"])
    item = programme_services.plan_item_save(
        plan=programme_services.plan_create(pair=pair, actor=None),
        actor=None,
        data={"title": "Открытый урок"},
    )
    address = reverse("mentoring:plan_item_done", args=[organisation.slug, pair.pk, item.pk])
    for name, content, message in [
        ("protocol.pdf", PNG, "повреждён или это не PDF"),
        ("table.xlsx", bomb, "слишком большой объём"),
    ]:
        response = as_user("teacher").post(
            address, {"done": "on", "evidence_file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 200 and message in response.content.decode()
        assert (
            not PlanItem.objects.get(pk=item.pk).done and not PlanItem.objects.get(pk=item.pk).evidence_file
        )


def test_roadmap_evidence_bomb_is_refused(roadmap, bomb):  # noqa: F811
    activity = Activity.objects.filter(stage__roadmap=roadmap).first()
    with pytest.raises(ValidationError, match="слишком большой объём"):
        roadmap_services.evidence_add(
            activity=activity, actor=None, upload=SimpleUploadedFile("protocol.xlsx", bomb)
        )
    assert not Evidence.objects.exists()


def test_a_practice_file_that_is_not_what_its_name_says(organisation, personas):
    data = {
        "kind": Practice.Kind.CASE,
        "title": "Кейс",
        "summary": "Кратко.",
        "authors": "Петрова Е.И.",
        "url": "",
        "academic_year": "2025/2026",
    }
    with pytest.raises(ValidationError, match="это не MP4"):
        practice_services.practice_save(
            organisation=organisation, actor=None, data=data, upload=SimpleUploadedFile("lesson.mp4", PNG)
        )
    assert not Practice.objects.exists()


def test_the_people_import_refuses_a_bomb_and_a_renamed_file(as_user, organisation, personas, bomb):
    address = reverse("mentoring:import", args=[organisation.slug])
    for content, message in [(bomb, "слишком большой объём"), (PNG, "повреждён или это не XLSX")]:
        response = as_user("admin").post(
            address, {"kind": "people", "file": SimpleUploadedFile("people.xlsx", content)}
        )
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["file"])
        assert "token" not in response.context or not response.context["token"]
