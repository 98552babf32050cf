"""Excel: export through the one .xlsx writer (typed cells, text never a formula, tenant-scoped),
all-or-nothing import through django-import-export with preview."""

import io
import re
import time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.models import (
    Competency,
    Consent,
    Membership,
    MenteeProfile,
    MentorProfile,
    Organisation,
    Pair,
    Person,
)
from mentoring.programme import excel
from tests.conftest import make_person
from tests.mentoring.conftest import add_mentor

pytestmark = pytest.mark.django_db


def workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def xlsx(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MENTOR_HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "Должность",
    "Предметы",
    "Электронная почта",
    "Статус",
    "Мест для наставляемых",
    "Компетенции",
    "Дата обучения",
    "Дата согласия",
]


class TestExport:
    def test_every_mentor_with_russian_headers_and_only_this_organisation(
        self, as_user, organisation, personas, neighbour_organisation
    ):
        for number in range(5):
            add_mentor(organisation, last_name=f"Наставникова{number}", competencies=["Работа с родителями"])
        add_mentor(neighbour_organisation, last_name="Соседова")
        response = as_user("admin").get(reverse("mentoring:export", args=[organisation.slug, "mentors"]))
        assert response.status_code == 200
        assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
        sheet = workbook(response.content).active
        rows = list(sheet.values)
        assert rows[0][:3] == ("Фамилия", "Имя", "Отчество") and "Компетенции" in rows[0]
        names = sorted(row[0] for row in rows[1:])
        assert names == [f"Наставникова{n}" for n in range(5)]
        assert "Работа с родителями" in rows[1]

    def test_formula_cells_are_escaped(self, organisation):
        add_mentor(
            organisation,
            last_name='=HYPERLINK("http://evil")',
            first_name="+1+2",
            patronymic="@SUM(A1)",
            position="-2+3",
            phone="+7 914 000-00-00",
        )
        content, _name = excel.export_for(organisation, "mentors")
        sheet = workbook(content).active
        row = list(next(sheet.iter_rows(min_row=2, max_row=2)))
        values = {cell.column_letter: cell for cell in row}
        # Every text is stored as the same string, as a string cell; a risky start only adds quotePrefix.
        assert values["A"].value == '=HYPERLINK("http://evil")' and values["A"].data_type == "s"
        assert values["B"].value == "+1+2" and values["B"].data_type == "s"
        assert values["C"].value == "@SUM(A1)" and values["C"].data_type == "s"
        assert values["E"].value == "-2+3" and values["E"].data_type == "s"
        assert values["I"].value == "+7 914 000-00-00"  # a phone number stays readable
        assert values["I"].data_type == "s"
        assert all(values[letter].quotePrefix for letter in "ABCEI") and not values["F"].quotePrefix
        assert not any(cell.data_type == "f" for cell in row)

    def test_pairs_and_mentees_export(self, organisation, pair_world):
        import datetime

        Pair.objects.filter(pk=pair_world["pair"].pk).update(start_date=datetime.date(2025, 9, 15))
        content, name = excel.export_for(organisation, "pairs")
        rows = list(workbook(content).active.values)
        assert rows[0][0] == "Наставник" and rows[1][0] == pair_world["mentor"].full_name
        assert re.fullmatch(
            rf"Наставнические пары и группы {organisation.short_name} \d\d\.\d\d\.\d{{4}}\.xlsx", name
        )
        sheet = workbook(content).active
        start = sheet.cell(row=2, column=rows[0].index("Начало") + 1)
        assert start.is_date and start.number_format == "DD.MM.YYYY"
        assert start.value.date() == datetime.date(2025, 9, 15)
        content, _name = excel.export_for(organisation, "mentees")
        rows = list(workbook(content).active.values)
        assert rows[1][0] == pair_world["mentee"].last_name

    @pytest.mark.parametrize("kind", ["mentors", "mentees", "pairs"])
    def test_registers_print_landscape_fitted_to_the_width_with_the_header_on_every_page(
        self, organisation, kind
    ):
        content, _name = excel.export_for(organisation, kind)
        sheet = workbook(content).active
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1" and sheet.freeze_panes == "A2"

    def test_mentor_base_cells_have_their_kinds(self, organisation):
        import datetime

        add_mentor(organisation, last_name="Датова", competencies=["Работа с родителями"])
        person = Person.objects.get(last_name="Датова")
        person.birth_date, person.teaching_experience = datetime.date(1980, 5, 17), 12
        person.save()
        content, _name = excel.export_for(organisation, "mentors")
        sheet = workbook(content).active
        headers = [cell.value for cell in sheet[1]]
        row = dict(zip(headers, sheet[2], strict=False))
        assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1])
        assert row["Дата рождения"].is_date and row["Дата рождения"].value.date() == datetime.date(
            1980, 5, 17
        )
        assert row["Дата рождения"].number_format == "DD.MM.YYYY"
        assert row["Стаж, лет"].value == 12 and row["Стаж, лет"].data_type == "n"
        assert row["Мест для наставляемых"].data_type == "n"
        assert row["Обучение пройдено"].value in ("да", "нет")
        assert row["Дата согласия"].is_date
        assert row["Дата обучения"].value is None  # not trained yet: an empty cell

    def test_import_templates_read_back_through_the_import(self, as_user, organisation, personas):
        for kind in ("people", "mentors", "mentees"):
            response = as_user("admin").get(
                reverse("mentoring:import_template", args=[organisation.slug, kind])
            )
            assert response.status_code == 200
            assert "attachment" in response["Content-Disposition"]
            sheet = workbook(response.content).active
            assert sheet.freeze_panes == "A2" and sheet["D2"].is_date  # «Дата рождения»
            assert sheet["I2"].value in ("+7 914 123-45-67", "+7 914 000-00-01", None)
            report = excel.run_import(
                organisation=organisation, actor=None, kind=kind, content=response.content, dry_run=True
            )
            assert report.ok, (kind, report.errors, report.file_error)

    @pytest.mark.benchmark
    def test_benchmark_export_of_10000_mentors(self, organisation):
        people = Person.objects.bulk_create(
            Person(
                last_name=f"Наставник{n}",
                first_name="Иван",
                patronymic="Петрович",
                position="Учитель",
                subjects="Математика",
                email=f"m{n}@example.com",
            )
            for n in range(10_000)
        )
        Membership.objects.bulk_create(Membership(person=p, organisation=organisation) for p in people)
        profiles = MentorProfile.objects.bulk_create(
            MentorProfile(organisation=organisation, person=p, status=MentorProfile.Status.READY, capacity=2)
            for p in people
        )
        competencies = list(Competency.objects.all()[:3])
        through = MentorProfile.competencies.through
        through.objects.bulk_create(
            through(mentorprofile_id=profile.pk, competency_id=c.pk)
            for profile in profiles
            for c in competencies
        )
        started = time.perf_counter()
        content, _name = excel.export_for(organisation, "mentors")
        elapsed = time.perf_counter() - started
        print(f"\nexport of 10000 mentors: {elapsed:.2f} s, {len(content) // 1024} KB")
        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
        assert sum(1 for _ in sheet.iter_rows(min_row=2)) == 10_000  # type: ignore[misc]


class TestImport:
    def test_good_file_preview_then_import(self, organisation, personas):
        existing = make_person(
            organisation,
            last_name="Петрова",
            first_name="Елена",
            patronymic="Ивановна",
            email="petrova@school.example",
        )
        content = xlsx(
            MENTOR_HEADERS,
            [
                [
                    "Петрова",
                    "Елена",
                    "Ивановна",
                    "14.03.1972",
                    "Учитель математики",
                    "Математика",
                    "petrova@school.example",
                    "Готов к работе",
                    2,
                    "Подготовка к ОГЭ/ЕГЭ, Работа с родителями",
                    "15.10.2025",
                    "01.09.2025",
                ],
                [
                    "Орлова",
                    "Анна",
                    "",
                    "",
                    "Учитель химии",
                    "Химия",
                    "",
                    "",
                    "",
                    "Классное руководство",
                    "",
                    "",
                ],
            ],
        )
        preview = excel.run_import(
            organisation=organisation, actor=None, kind="mentors", content=content, dry_run=True
        )
        assert preview.ok, preview.errors
        assert (preview.new, preview.updated) == (1, 1)
        assert not MentorProfile.objects.exists() and not Person.objects.filter(last_name="Орлова").exists()
        report = excel.run_import(
            organisation=organisation, actor=None, kind="mentors", content=content, dry_run=False
        )
        assert report.ok
        petrova = MentorProfile.objects.get(person=existing)
        assert petrova.status == "ready" and petrova.capacity == 2 and petrova.trained
        assert {c.name for c in petrova.competencies.all()} == {"Подготовка к ОГЭ/ЕГЭ", "Работа с родителями"}
        assert Consent.objects.filter(person=existing, withdrawn_on__isnull=True).exists()
        orlova = Person.objects.get(last_name="Орлова")
        assert Membership.objects.filter(person=orlova, organisation=organisation).exists()
        assert MentorProfile.objects.get(person=orlova).status == "potential"

    def test_a_bad_file_changes_nothing_and_says_why_in_russian(self, organisation):
        before = (Person.objects.count(), MentorProfile.objects.count())
        content = xlsx(
            MENTOR_HEADERS,
            [
                ["Верная", "Строка", "", "", "", "", "", "", 1, "", "", ""],
                ["Кривая", "Дата", "", "31.02.1990", "", "", "", "", 1, "", "", ""],
                ["", "Безфамильная", "", "", "", "", "", "", 1, "", "", ""],
                ["Странная", "Компетенция", "", "", "", "", "", "Гуру", 20, "Левитация", "", ""],
            ],
        )
        report = excel.run_import(
            organisation=organisation, actor=None, kind="mentors", content=content, dry_run=False
        )
        assert not report.ok
        assert (Person.objects.count(), MentorProfile.objects.count()) == before
        by_row = {row["number"]: " ".join(row["messages"]) for row in report.errors}
        assert set(by_row) == {3, 4, 5}
        assert "Дата рождения: даты «31.02.1990» нет в календаре" in by_row[3]
        assert "фамилия" in by_row[4]
        assert "Левитация" in by_row[5] and "статус" in by_row[5] and "от 1 до 10" in by_row[5]

    @pytest.mark.parametrize(
        "content",
        [b"not an excel file", xlsx(["Имя", "Возраст"], [["Анна", 30]]), xlsx(MENTOR_HEADERS, [])],
    )
    def test_broken_or_foreign_files_are_refused_whole(self, organisation, content):
        report = excel.run_import(
            organisation=organisation, actor=None, kind="mentors", content=content, dry_run=False
        )
        assert not report.ok and report.file_error
        assert not MentorProfile.objects.exists()

    def test_mentee_import_with_form_and_tags(self, organisation):
        headers = [
            "Фамилия",
            "Имя",
            "Категория",
            "Запросы",
            "Запросы по перечню компетенций",
            "Желаемая форма наставничества",
        ]
        content = xlsx(
            headers,
            [
                [
                    "Смирнов",
                    "Дмитрий",
                    "Молодой специалист",
                    "Дисциплина",
                    "Дисциплина на уроке",
                    "учитель – учитель",
                ]
            ],
        )
        report = excel.run_import(
            organisation=organisation, actor=None, kind="mentees", content=content, dry_run=False
        )
        assert report.ok, report.errors
        profile = MenteeProfile.objects.get(person__last_name="Смирнов")
        assert profile.preferred_form.code == "teacher-teacher"
        assert [t.name for t in profile.request_tags.all()] == ["Дисциплина на уроке"]

    def test_duplicate_rows_are_an_error(self, organisation):
        content = xlsx(["Фамилия", "Имя"], [["Иванова", "Мария"], ["Иванова", "Мария"]])
        report = excel.run_import(
            organisation=organisation, actor=None, kind="people", content=content, dry_run=False
        )
        assert not report.ok and "строке 2" in " ".join(report.errors[0]["messages"])
        assert not Person.objects.filter(last_name="Иванова").exists()

    def test_upload_preview_confirm_through_the_pages(self, as_user, organisation, personas):
        client = as_user("curator")
        url = reverse("mentoring:import", args=[organisation.slug])
        content = xlsx(["Фамилия", "Имя", "Должность"], [["Новикова", "Алина", "Учитель биологии"]])
        response = client.post(url, {"kind": "people", "file": SimpleUploadedFile("people.xlsx", content)})
        assert response.status_code == 200 and response.context["report"].ok
        assert not Person.objects.filter(last_name="Новикова").exists()
        token = response.context["token"]
        response = client.post(url, {"token": token})
        assert response.status_code == 302
        assert Person.objects.filter(last_name="Новикова", memberships__organisation=organisation).exists()
        response = client.post(url, {"token": token}, follow=True)  # a double submit adds nobody twice
        assert Person.objects.filter(last_name="Новикова").count() == 1
        assert client.post(url, {"token": "forged"}).status_code == 302

    def test_token_of_another_organisation_is_refused(
        self, as_user, organisation, personas, foreign_organisation
    ):
        from django.core import signing

        from mentoring.organisations.people_import.views import IMPORT_SALT

        token = signing.dumps(
            {"org": foreign_organisation.pk, "kind": "people", "path": "x"}, salt=IMPORT_SALT
        )
        response = as_user("curator").post(
            reverse("mentoring:import", args=[organisation.slug]), {"token": token}
        )
        assert response.status_code == 404
        assert Organisation.objects.count() == 4

    @pytest.mark.parametrize(("name", "content"), [("people.csv", b"a,b"), ("people.xlsx", b"plain text")])
    def test_upload_of_a_wrong_file_is_refused_by_the_form(
        self, as_user, organisation, personas, name, content
    ):
        response = as_user("admin").post(
            reverse("mentoring:import", args=[organisation.slug]),
            {"kind": "people", "file": SimpleUploadedFile(name, content)},
        )
        assert response.status_code == 200 and response.context["form"].errors["file"]


def test_admin_exports_the_mentor_base(client, organisation, personas):
    from django.contrib.auth import get_user_model

    add_mentor(organisation, last_name="=Наставникова")
    add_mentor(organisation, last_name="Архивная")
    MentorProfile.objects.filter(person__last_name="Архивная").update(status=MentorProfile.Status.ARCHIVED)
    admin_user = get_user_model().objects.create_superuser("root", "root@example.com", "password-for-tests")
    client.force_login(admin_user)
    url = reverse("admin:mentoring_mentorprofile_export")
    page = client.get(reverse("admin:mentoring_mentorprofile_changelist"))
    assert page.status_code == 200 and url in page.content.decode()  # «Скачать .xlsx» on the list
    response = client.get(url + "?status__exact=ready")  # the list's filters apply
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == excel.XLSX_CONTENT_TYPE
    sheet = workbook(response.content).active
    rows = list(sheet.values)
    assert rows[0][0] == "Фамилия" and rows[1][0] == "=Наставникова" and sheet["A2"].data_type == "s"
    assert "Архивная" not in [row[0] for row in rows]
    for name in ("mentoring_menteeprofile_export", "mentoring_pair_export"):
        assert client.get(reverse(f"admin:{name}")).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # the admin's login, not the file
