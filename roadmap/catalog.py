"""The roadmap templates shipped in `fixtures/roadmap_templates/`: the sample roadmaps, parsed and reviewed.

A template is a JSON file with the roadmap's structure (the shape of `ParsedRoadmap.as_template`) plus
`name`, `description` and `kind` (the kind of organisation it was written for).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from django.conf import settings

TEMPLATE_DIR = Path(settings.BASE_DIR) / "fixtures" / "roadmap_templates"


@functools.cache
def _all() -> dict[str, dict]:
    templates = {}
    for path in sorted(TEMPLATE_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["slug"] = path.stem
        data["activity_count"] = sum(len(stage["activities"]) for stage in data["stages"])
        templates[path.stem] = data
    return templates


def list_templates() -> list[dict]:
    return list(_all().values())


def load_template(slug: str) -> dict | None:
    return _all().get(slug)
