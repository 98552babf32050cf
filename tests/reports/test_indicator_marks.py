"""`{% indicator_mark value %}`: one mark per state of an indicator value, its wording in Russian."""

from types import SimpleNamespace

import pytest
from django.template import engines


def _mark(met, target=90):
    value = SimpleNamespace(met=met, definition=SimpleNamespace(target=target))
    html = engines["django"].from_string("{% load indicator_marks %}{% indicator_mark value %}")
    return html.render({"value": value})


@pytest.mark.parametrize(
    ("met", "target", "state", "title", "label"),
    [
        (True, 90, "yes", "Норматив достигнут", "выполнен"),
        (False, 90, "no", "Норматив не достигнут", "не выполнен"),
        (None, None, "none", "Показатель без норматива", "без норматива"),
        (None, 90, "nodata", "Пока нет данных", "нет данных"),
    ],
)
def test_each_state_has_its_mark(met, target, state, title, label):
    html = _mark(met, target)
    assert f'data-met="{state}"' in html
    assert f'title="{title}"' in html and f'aria-label="{label}"' in html
    assert html.startswith('<span class="badge') and 'role="img"' in html
    assert html.count("<span") == 1 and html.endswith("</i></span>")


def test_the_marks_are_made_once_per_language_not_per_cell():
    from django.utils import translation

    from reports.templatetags.indicator_marks import _marks

    _marks.cache_clear()
    for _ in range(3):
        assert 'title="Норматив достигнут"' in _mark(True)
        assert 'data-met="no"' in _mark(False)
    with translation.override("en"):
        assert 'data-met="yes"' in _mark(True)
    info = _marks.cache_info()
    assert (info.currsize, info.misses) == (2, 2)  # Russian and English, each made once
