"""The Word copies laid out as on paper, read back with python-docx: wide tables on landscape pages, columns
wide enough for their words, titles centred, names in the case the phrase asks for."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument

from reports.documents import registry

pytestmark = pytest.mark.django_db


def word(kind: str, organisation, params: dict):
    return WordDocument(io.BytesIO(registry.get(kind).render_docx(organisation, params)))


def test_the_municipality_report_is_landscape_with_a_wide_first_column(organisation):
    document = word("municipality-report", organisation, {"year": 2025})
    section = document.sections[0]
    assert section.page_width > section.page_height  # thirteen columns of indicators
    indicators = document.tables[0]
    assert indicators.columns[0].width.mm == pytest.approx(40, abs=1)
    assert all(column.width.mm > 12 for column in indicators.columns)
