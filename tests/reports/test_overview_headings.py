"""The overview's indicator headings wrap between words only («Наставляемые», not «Наставля емые»)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _rule(css: str, selector: str) -> str:
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert match, selector
    return match.group(1)


def test_indicator_headings_never_break_mid_word():
    overview = (ROOT / "static/css/overview.css").read_text()
    app = (ROOT / "static/css/app.css").read_text()
    for rule in (_rule(overview, ".overview-table .col-indicator"), _rule(app, ".col-heading")):
        assert "hyphens: manual" in rule and "overflow-wrap: normal" in rule and "max-width" not in rule
    for name in ("_figures_table.html", "region_round.html"):
        template = (ROOT / "templates/reports/municipal" / name).read_text()
        assert 'class="text-end ws-normal col-heading"' in template
    assert '<html lang="ru">' in (ROOT / "templates/base.html").read_text()
