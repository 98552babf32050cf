"""Stored files: names nobody can derive from the object, the human name kept for the download, a file
deleted with its row or when it is replaced."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from common.filenames import human_name, random_name
from mentoring.models import Consent
from mentoring.programme import services as programme_services
from reports.models import GeneratedDocument, Order, Practice
from reports.orders import services as order_services
from tests.conftest import make_person

RANDOM = re.compile(r"^(consents|orders|documents|practices|evidence|plans|imports)/[0-9a-f]{32}\.[a-z0-9]+$")


def _consent(organisation, person, content=b"%PDF-1.4 scan", name="Скан Иванова 2026.pdf"):
    return programme_services.consent_give(
        organisation=organisation,
        person=person,
        given_on=datetime.date(2025, 9, 1),
        text_version="ред. 2024",
        actor=None,
        file=SimpleUploadedFile(name, content),
    )


def test_random_names_are_random_and_keep_only_a_plain_extension():
    names = {random_name("consents", "Иванов.PDF") for _ in range(100)}
    assert len(names) == 100
    assert all(RANDOM.match(name) and name.endswith(".pdf") for name in names)
    assert random_name("consents", "evil.php%00.x y").startswith("consents/")
    assert "." not in random_name("consents", "no-extension").split("/")[1]


def test_human_name_of_a_download():
    assert human_name("Протокол: заседание 1/2", "evidence/ab12.pdf") == "Протокол  заседание 1 2.pdf"
    assert human_name("scan.pdf", "evidence/ab12.pdf") == "scan.pdf"
    assert human_name("", "x/ab.docx") == "file.docx"


@pytest.mark.django_db(transaction=True)
def test_consent_scan_name_is_not_derivable_and_download_keeps_a_human_name(client, organisation, personas):
    person = make_person(organisation, last_name="Иванова")
    consent = _consent(organisation, person)
    assert RANDOM.match(consent.file.name), consent.file.name
    for clue in ("Иванова", "Скан", "2025", "2026", organisation.slug):
        assert clue not in consent.file.name
    client.force_login(personas["admin"].user)
    response = client.get(reverse("mentoring:consent_file", args=[organisation.slug, consent.pk]))
    assert response.status_code == 200
    assert "Иванова" in response["Content-Disposition"] or "%D0%98" in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db(transaction=True)
def test_signed_order_and_generated_document_have_random_names(organisation, personas):
    order = order_services.order_create(
        organisation=organisation, actor=None, kind=Order.Kind.INTRODUCE_MODEL
    )
    order = order_services.order_sign(
        organisation=organisation,
        order_id=order.pk,
        actor=personas["director"].user,
        signed_on=datetime.date(2025, 9, 1),
    )
    assert RANDOM.match(order.pdf.name), order.pdf.name
    assert order.number not in order.pdf.name and "prikaz" not in order.pdf.name
    document = GeneratedDocument.objects.create(organisation=organisation, kind="agreements-all", title="Все")
    document.file.save("soglasheniya-school-1.pdf", ContentFile(b"%PDF"))
    assert RANDOM.match(document.file.name)


@pytest.mark.django_db(transaction=True)
def test_replaced_file_is_deleted_and_a_deleted_row_takes_its_file(organisation):
    person = make_person(organisation)
    consent = _consent(organisation, person)
    first = consent.file.name
    assert default_storage.exists(first)
    consent.file.save("second.pdf", ContentFile(b"%PDF-1.4 second"))
    assert not default_storage.exists(first)
    second = consent.file.name
    assert default_storage.exists(second)
    Consent.objects.filter(pk=consent.pk).first().delete()
    assert not default_storage.exists(second)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_replacement_keeps_the_file(organisation):
    practice = Practice.objects.create(
        organisation=organisation,
        title="Кейс",
        summary="…",
        academic_year="2025/2026",
        url="https://school.example/case",
    )
    practice.file.save("case.pdf", ContentFile(b"%PDF first"))
    first = practice.file.name
    with pytest.raises(RuntimeError), transaction.atomic():
        practice.file.save("case2.pdf", ContentFile(b"%PDF second"))
        raise RuntimeError
    assert default_storage.exists(first)
    practice.refresh_from_db()
    assert practice.file.name == first
    practice.delete()
    assert not default_storage.exists(first)
