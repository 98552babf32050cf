import datetime

from django.core.management.base import BaseCommand

from common import dates
from mentoring.organisations.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Разослать напоминания (для cron). Повторный запуск в тот же день ничего не отправляет повторно."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="Дата, на которую считать напоминания (ГГГГ-ММ-ДД), по умолчанию сегодня.",
        )

    def handle(self, *args, date=None, **options):
        sent, skipped = send_due_reminders(today=date or dates.today())
        self.stdout.write(
            f"Отправлено напоминаний: {sent}, пропущено (уже отправлены или нет адреса): {skipped}"
        )
