"""`manage.py import_people PATH --organisation SLUG --into people|mentors|mentees [--dry-run] [--json]`

The same import as the web page, for scripts: the file is read, every row checked; with `--dry-run` nothing
is written. Changes to people already in the organisation are written only with `--apply-updates` (the
page's tick); without it they are reported and left as they are. With `--json` the preview is printed as
`{"target", "summary": {"create", "update", "unchanged", "errors"}, "rows": [{"row", "action", "person",
"changes", "errors"}]}`. A file with errors writes nothing and ends with exit status 1.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mentoring.models import Organisation
from mentoring.organisations.people_import import fields, pipeline


class Command(BaseCommand):
    help = "Загрузить список людей (.xlsx или .csv) в организацию, её базу наставников или наставляемых."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Файл со списком (.xlsx или .csv).")
        parser.add_argument("--organisation", required=True, help="Код организации в адресе (slug).")
        parser.add_argument(
            "--into", required=True, choices=fields.TARGETS, help="Куда: people, mentors или mentees."
        )
        parser.add_argument("--dry-run", action="store_true", help="Только проверить, ничего не записывать.")
        parser.add_argument("--json", action="store_true", help="Вывести результат проверки в JSON.")
        parser.add_argument("--sheet", default="", help="Лист книги (по умолчанию первый со списком).")
        parser.add_argument("--students", action="store_true", help="Все строки — обучающиеся.")
        parser.add_argument(
            "--apply-updates",
            action="store_true",
            help="Записать и изменения людей, которые уже есть в организации (иначе только показать их).",
        )

    def handle(self, *args, **options):
        path, slug, into, dry_run = (
            options["path"],
            options["organisation"],
            options["into"],
            options["dry_run"],
        )
        target = Organisation.objects.filter(slug=slug).first()
        if target is None:
            raise CommandError(f"Организации с кодом «{slug}» нет.")
        file = Path(path)
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Не удалось прочитать файл {path}: {error.strerror or error}.") from None
        source = {
            "organisation": target,
            "target": into,
            "content": content,
            "filename": file.name,
            "sheet": options["sheet"],
            "students": options["students"],
        }
        batch = None
        if dry_run:
            report = pipeline.preview(**source)
        else:
            try:
                report, batch = pipeline.import_confirm(
                    actor=None, updates=None if options["apply_updates"] else (), **source
                )
            except pipeline.ImportRefused as refused:
                report = refused.preview or pipeline.Preview(
                    target=into, file_error=" ".join(refused.messages)
                )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        else:
            self._describe(report, batch=batch, dry_run=dry_run)
        if report.file_error:
            raise CommandError(report.file_error)
        if report.error_rows:
            raise CommandError(f"В файле ошибки в строках: {len(report.error_rows)}; ничего не загружено.")

    def _describe(self, report: pipeline.Preview, *, batch, dry_run: bool) -> None:
        summary = report.summary
        self.stdout.write(
            f"{report.target_label}: лист «{report.sheet}», названия столбцов в строке {report.header_row}."
        )
        for row in report.rows:
            line = f"Строка {row.row}: {row.action_label} — {row.name}"
            if row.changes and row.action == pipeline.UPDATE:
                line += "; " + "; ".join(
                    f"{change['label']}: {change['old']} → {change['new']}" for change in row.change_list
                )
            if row.errors:
                line += ": " + " ".join(row.errors)
            self.stdout.write(line)
        self.stdout.write(
            f"Добавить: {summary['create']}, изменить: {summary['update']}, без изменений: "
            f"{summary['unchanged']}, с ошибками: {summary['errors']}."
        )
        if batch is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Загружено (загрузка № {batch.pk}): добавлено {batch.created_count}, "
                    f"изменено {batch.updated_count}."
                )
            )
        elif dry_run and report.ok:
            self.stdout.write("Проверка без записи: ничего не изменено.")
