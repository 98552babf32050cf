"""For cron: `python manage.py cleanup_staged_uploads --older-than-hours 24`."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from common.staging import staged_uploads_cleanup


class Command(BaseCommand):
    help = "Удалить брошенные загрузки (файлы, загруженные на проверку и не подтверждённые)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=24.0,
            help="Удалять загрузки старше стольких часов (по умолчанию 24).",
        )

    def handle(self, *args, older_than_hours: float, **options):
        if older_than_hours < 0:
            raise CommandError("Число часов не может быть отрицательным.")
        deleted = staged_uploads_cleanup(older_than=datetime.timedelta(hours=older_than_hours))
        self.stdout.write(f"Удалено брошенных загрузок: {deleted}.")
