import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from common.dates import AcademicYear
from mentoring.models import Organisation
from roadmap import services
from roadmap.importing import UnreadableFile, parse_upload


class Command(BaseCommand):
    help = "Загрузить дорожную карту из .docx, .xlsx или .txt в организацию (черновиком)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="Файл дорожной карты: .docx, .xlsx или .txt (таблица через табуляцию)."
        )
        parser.add_argument("--organisation", required=True, help="Код организации в адресе (slug).")
        parser.add_argument("--year", default="", help="Учебный год, например 2025/2026.")
        parser.add_argument("--dry-run", action="store_true", help="Только прочитать, ничего не сохранять.")
        parser.add_argument(
            "--json", action="store_true", help="Вывести прочитанную дорожную карту как JSON."
        )

    def handle(self, *args, path, organisation, year, dry_run, json: bool, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"Файл не найден: {source}")
        target = Organisation.objects.filter(slug=organisation).first()
        if target is None:
            raise CommandError(f"Организация «{organisation}» не найдена.")
        try:
            parsed = parse_upload(source.name, source.read_bytes(), academic_year=year)
        except UnreadableFile as error:
            raise CommandError(str(error)) from error
        if json:
            # stdout keeps its shape; what the preview shows besides (every column and where it goes, the
            # source's approval and order lines, the title candidates) goes to stderr, as JSON too.
            self.stdout.write(_dumps(parsed.as_json()))
            self.stderr.write(_dumps({"report": parsed.report()}))
        else:
            for warning in parsed.warnings:
                self.stderr.write(f"! {warning}")
            for column in parsed.columns:
                if not column.recognised and column.field == "comments":
                    self.stderr.write(f"? Столбец «{column.label}» не распознан — в примечание.")
            for line in parsed.source_lines:
                self.stderr.write(f"~ Из исходного документа (не переносится): {line}")
            for stage in parsed.stages:
                self.stdout.write(f"{stage.number} {stage.title}".strip())
                for activity in stage.activities:
                    due = activity.due_date.strftime("%d.%m.%Y") if activity.due_date else "—"
                    doubt = f"  [{'; '.join(activity.warnings)}]" if activity.warnings else ""
                    self.stdout.write(
                        f"  {activity.number} {activity.title[:80]} — {activity.deadline} ({due}){doubt}"
                    )
        if dry_run:
            if not json:
                self.stdout.write("Пробный запуск: ничего не сохранено.")
            return
        try:
            roadmap = services.roadmap_import(
                organisation=target,
                actor=None,
                parsed=parsed,
                academic_year=year or parsed.academic_year or AcademicYear.current(target).label,
                source_name=source.name,
            )
        except ValidationError as error:
            raise CommandError("Ничего не сохранено: " + " ".join(error.messages)) from error
        if not json:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Сохранено: дорожная карта №{roadmap.pk}, разделов {len(parsed.stages)}, "
                    f"мероприятий {len(parsed.activities)}."
                )
            )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
