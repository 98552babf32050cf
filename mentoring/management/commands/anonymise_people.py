import datetime

from django.core.management.base import BaseCommand

from mentoring.programme import personal_data


class Command(BaseCommand):
    help = (
        "Обезличить людей, отозвавших согласие, по истечении срока хранения организации (152-ФЗ; для cron, "
        "раз в сутки). Пары, встречи и показатели сохраняются."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="Дата, на которую считать сроки (ГГГГ-ММ-ДД), по умолчанию сегодня.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Только показать, кого обезличить.")

    def handle(self, *args, date=None, dry_run=False, **options):
        due = personal_data.people_due_for_anonymisation(today=date)
        for person, organisation in due:
            if dry_run:
                self.stdout.write(f"{organisation.short_name}: {person.full_name}")
            else:
                personal_data.person_anonymise(person=person, actor=None, organisation=organisation)
        verb = "К обезличиванию" if dry_run else "Обезличено"
        self.stdout.write(f"{verb}: {len(due)}")
