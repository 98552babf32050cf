import importlib
import random

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from common import dates
from mentoring.models import Municipality
from mentoring.organisations import demo
from mentoring.programme import demo as programme_demo


class Command(BaseCommand):
    help = "Загрузить демонстрационные данные (только при DEBUG): муниципалитет, организации, людей и входы."

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisations",
            type=int,
            default=0,
            help="Сколько дополнительных организаций создать для проверки масштаба.",
        )
        parser.add_argument("--people", type=int, default=150, help="Сколько людей в каждой из них.")
        parser.add_argument("--seed", type=int, default=2025, help="Зерно генератора случайных чисел.")
        parser.add_argument(
            "--region",
            default="",
            metavar="МxОxЛ",
            help="Большой регион для проверки масштаба: муниципалитеты x организации x люди (10x30x100).",
        )

        parser.add_argument(
            "--grow-school",
            default="",
            metavar="ЛЮДИ:НАСТАВНИКИ:НАСТАВЛЯЕМЫЕ:ПАРЫ",
            help="Вырастить демо-школу для проверки масштаба, например 1000:300:500:250.",
        )

    def handle(
        self,
        *args,
        organisations: int,
        people: int,
        seed: int,
        region: str = "",
        grow_school: str = "",
        **options,
    ):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo создаёт пользователей с паролем «demo» и работает только при DEBUG=1."
            )
        ctx = demo.DemoContext(today=dates.today(), rng=random.Random(seed))
        if Municipality.objects.filter(slug=demo.DEMO_MUNICIPALITY_SLUG).exists():
            self.stdout.write("Демонстрационные данные уже загружены.")
        else:
            # Each app adds its part in INSTALLED_APPS order, so later parts build on earlier ones.
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(ctx)
        if organisations:
            demo.seed_scale(ctx, organisations=organisations, people=people)
        if region:
            try:
                municipalities, per_municipality, per_organisation = (int(part) for part in region.split("x"))
            except ValueError as error:
                raise CommandError(
                    "--region записывается как 10x30x100: муниципалитеты, организации, люди."
                ) from error
            if min(municipalities, per_municipality, per_organisation) < 1:
                raise CommandError("--region: каждое число должно быть больше нуля.")
            demo.seed_region_scale(
                ctx, municipalities=municipalities, organisations=per_municipality, people=per_organisation
            )
        if grow_school:
            try:
                size, mentors, mentees, pairs = (int(part) for part in grow_school.split(":"))
            except ValueError:
                raise CommandError(
                    "--grow-school: четыре числа через двоеточие, например 1000:300:500:250."
                ) from None
            from django.contrib.auth import get_user_model

            curator = get_user_model().objects.filter(username="curator").first()
            if curator is not None:
                ctx.users.setdefault("curator", curator)
            programme_demo.grow_school(
                ctx, "demo-school", people=size, mentors=mentors, mentees=mentees, pairs=pairs
            )
        if connection.vendor == "postgresql":
            # Fresh tables have no statistics: without them the planner's first plans were twice as slow.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for line in ctx.log:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS("Демо-входы (пароль у всех «demo»): " + ", ".join(demo.DEMO_USERS))
        )
