"""The overview's indicator headings break only at Russian syllables, with a hyphen («Настав-ляемые»), never
mid-syllable or without one («Наставля емые»): the templates put soft hyphens in (`soft_hyphens`), the CSS
lets the browser break nowhere else."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _rule(css: str, selector: str) -> str:
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert match, selector
    return match.group(1)


def test_indicator_headings_break_at_syllables_only():
    overview = (ROOT / "static/css/overview.css").read_text()
    app = (ROOT / "static/css/app.css").read_text()
    for rule in (_rule(overview, ".overview-table .col-indicator"), _rule(app, ".col-heading")):
        assert "hyphens: manual" in rule and "overflow-wrap: normal" in rule and "word-break: normal" in rule
    for name in ("_figures_table.html", "region_round.html", "_overview_table.html"):
        template = (ROOT / "templates/reports/municipal" / name).read_text()
        assert "{{ definition.short_name|soft_hyphens }}" in template, name
    for name in ("_figures_table.html", "region_round.html"):
        template = (ROOT / "templates/reports/municipal" / name).read_text()
        assert 'class="text-end ws-normal col-heading"' in template
    assert '<html lang="ru">' in (ROOT / "templates/base.html").read_text()
