"""Rebuild `fixtures/roadmap_templates/` from the sample roadmaps: parse, make generic, write JSON.

The JSON files are committed after review; this command is how they were made.
"""

import json
import re
from pathlib import Path

from django.core.management.base import BaseCommand

from roadmap.catalog import TEMPLATE_DIR
from roadmap.importing import ParsedRoadmap, parse_upload

TEMPLATES = {
    "school-support-plan": (
        "000_25002573d2b8df5f.docx",
        "Школа: план по направлениям сопровождения",
        "Четыре направления (организационно-методическое, аналитическое, информационное, управление) "
        "с ожидаемыми результатами и показателями эффективности — по дорожной карте МБОУ СОШ № 23.",
        "school",
    ),
    "target-model-stages": (
        "001_6416afdc3f5a5f62.docx",
        "Семь этапов целевой модели",
        "Этапы ЦМН от подготовки условий до завершения наставничества, с задачей и результатом каждого "
        "этапа — по плану Центра творчества.",
        "additional",
    ),
    "kindergarten-plan": (
        "004_64efdee98214eeb0.docx",
        "Детский сад: внедрение системы наставничества",
        "Нормативная база, обучение наставников, внедрение, распространение практик и мониторинг, с видом "
        "документа по каждому пункту — по плану детского сада № 5.",
        "kindergarten",
    ),
}

# A template names roles, not the people of the school it came from.
GENERIC = [
    (r"Н\.Ф\. ?Кустова \(куратор Целевой модели наставничества\)", "Куратор"),
    (r"Н\.Ф\. ?Кустова", "Куратор"),
    (r"А\.Б\. ?Ткаченко", "Директор"),
    (
        r"Муниципальном дошкольном образовательном учреждении «Детский сад №\s?5 СЕРПАНТИН»",
        "образовательной организации",
    ),
    (
        r"Муниципального дошкольного образовательного учреждения «Детский сад №\s?5 СЕРПАНТИН»",
        "образовательной организации",
    ),
    (r"МДОУ (№ )?«Детский сад №\s?5 СЕРПАНТИН»", "образовательной организации"),
    (r"педагогических работников МДОУ", "педагогических работников"),
    (r"в МДОУ", "в организации"),
    (r"базы наставников МДОУ", "базы наставников"),
    (r"на сайте МДОУ", "на сайте организации"),
    (r"Центра творчества", "организации"),
    (r"сайтах ЦТ", "сайтах организации"),
    (r"директора ЦТ", "директора"),
    (r" в МБОУ СОШ № 23 г\. Южно-Сахалинска", ""),
    (r"Директор школы", "Директор"),
    (r"Приказ по школе", "Приказ"),
]


def generic(text: str) -> str:
    for pattern, replacement in GENERIC:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def make_generic(parsed: ParsedRoadmap) -> None:
    parsed.title = generic(parsed.title)
    parsed.preamble = ""
    for stage in parsed.stages:
        for name in ("title", "task", "expected_result"):
            setattr(stage, name, generic(getattr(stage, name)))
        for activity in stage.activities:
            for name in ("title", "responsible", "result", "indicator"):
                setattr(activity, name, generic(getattr(activity, name)))


class Command(BaseCommand):
    help = "Пересобрать шаблоны дорожных карт из образцов."

    def add_arguments(self, parser):
        parser.add_argument("samples", help="Папка с образцами дорожных карт (.docx).")

    def handle(self, *args, samples, **options):
        for slug, (name, title, description, kind) in TEMPLATES.items():
            path = Path(samples) / name
            parsed = parse_upload(name, path.read_bytes())
            make_generic(parsed)
            data = {"name": title, "description": description, "kind": kind, **parsed.as_template()}
            for key in ("approver_position", "approver_name", "approved_on", "warnings"):
                data.pop(key, None)
            target = TEMPLATE_DIR / f"{slug}.json"
            target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            self.stdout.write(f"{slug}: {len(parsed.stages)} разделов, {len(parsed.activities)} мероприятий")
