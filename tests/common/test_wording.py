"""Plurals through the translation catalogue (locale/ru) and words that agree with a person's gender."""

from __future__ import annotations

import gettext
import shutil
import subprocess
import types
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.utils.translation import ngettext, npgettext, override

from common.wording import FEMININE, MASCULINE, gender_of, gendered

LOCALE = Path(settings.BASE_DIR) / "locale"
PO = LOCALE / "ru" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "ru" / "LC_MESSAGES" / "django.mo"


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: install gettext (make system-deps)"
    return path


def _compiled(po: Path, mo: Path, *, check: bool = True) -> gettext.GNUTranslations:
    options = ["--check"] if check else []
    subprocess.run([_tool("msgfmt"), *options, "-o", str(mo), str(po)], check=True, capture_output=True)
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def _plural_messages(po: Path, tmp_path: Path) -> set[tuple[str, str, str]]:
    """(msgctxt, msgid, msgid_plural) of the plural entries, read from the .po unwrapped by msgcat."""
    flat = tmp_path / f"flat-{abs(hash(str(po.resolve())))}.po"
    subprocess.run([_tool("msgcat"), "--no-wrap", "-o", str(flat), str(po)], check=True, capture_output=True)
    found, fields = set(), {}
    for line in [*flat.read_text(encoding="utf-8").splitlines(), ""]:
        name, _space, value = line.partition(" ")
        if name in ("msgctxt", "msgid", "msgid_plural"):
            fields[name] = value
        elif not line.strip():
            if "msgid_plural" in fields:
                found.add((fields.get("msgctxt", ""), fields["msgid"], fields["msgid_plural"]))
            fields = {}
    return found


def test_committed_mo_is_the_compiled_po(tmp_path):
    fresh = _compiled(PO, tmp_path / "fresh.mo")
    with MO.open("rb") as handle:
        committed = gettext.GNUTranslations(handle)
    assert committed._catalog == fresh._catalog, (  # type: ignore[attr-defined]
        "run `make messages` and commit locale/ru/LC_MESSAGES/django.mo"
    )
    assert committed.plural(21) == 0 and committed.plural(22) == 1 and committed.plural(11) == 2  # type: ignore[attr-defined]


def test_every_entry_has_three_filled_forms(tmp_path):
    catalogue = _compiled(PO, tmp_path / "fresh.mo")._catalog  # type: ignore[attr-defined]
    keys = {key[0] for key in catalogue if isinstance(key, tuple)}
    assert len(keys) >= 30
    for key in keys:
        forms = [catalogue.get((key, index)) for index in range(3)]
        assert all(forms), (key, forms)
        assert (key, 3) not in catalogue


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1 пара"),
        (2, "2 пары"),
        (5, "5 пар"),
        (11, "11 пар"),
        (21, "21 пара"),
        (22, "22 пары"),
        (0, "0 пар"),
    ],
)
def test_ngettext_gives_the_three_russian_forms(number, expected):
    text = ngettext("%(counter)s пара или группа", "%(counter)s пар или групп", number) % {"counter": number}
    assert text.startswith(expected + " ")
    assert ngettext("%(counter)s приказ", "%(counter)s приказов", 3) % {"counter": 3} == "3 приказа"
    genitive = npgettext("genitive", "%(counter)s пункта", "%(counter)s пунктов", 21) % {"counter": 21}
    assert genitive == "21 пункта"


def test_templates_take_the_forms_from_the_catalogue():
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n %}Ошибки в {{ counter }} строке — файл не загружен"
        "{% plural %}Ошибки в {{ counter }} строках — файл не загружен{% endblocktranslate %}"
    )
    assert template.render(Context({"n": 31})) == "Ошибки в 31 строке — файл не загружен"
    assert template.render(Context({"n": 3})) == "Ошибки в 3 строках — файл не загружен"
    orders = Template(
        "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} приказ"
        "{% plural %}{{ counter }} приказов{% endblocktranslate %}"
    )
    assert [orders.render(Context({"n": n})) for n in (1, 3, 5, 21)] == [
        "1 приказ",
        "3 приказа",
        "5 приказов",
        "21 приказ",
    ]


def test_russian_is_the_language_even_without_a_request():
    with override("ru"):
        assert ngettext("%(counter)s год", "%(counter)s лет", 2) % {"counter": 2} == "2 года"


def test_every_plural_message_of_the_code_is_in_the_catalogue(tmp_path, monkeypatch, settings):
    """makemessages over a copy of the code: each msgid_plural it finds must have Russian forms."""
    _tool("xgettext")
    root = Path(settings.BASE_DIR)
    for folder in ("common", "config", "mentoring", "reports", "roadmap", "surveys", "templates"):
        shutil.copytree(
            root / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "migrations")
        )
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("makemessages", locale=["ru"], no_location=True, verbosity=0)
    extracted = tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.po"
    found, known = _plural_messages(extracted, tmp_path), _plural_messages(PO, tmp_path)
    assert found, "makemessages found no plural message"
    assert found <= known, f"add the Russian forms to {PO}: {sorted(found - known)}"


@pytest.mark.parametrize(
    ("patronymic", "gender"),
    [
        ("Иванович", MASCULINE),
        ("Ильич", MASCULINE),
        ("Мамед оглы", MASCULINE),
        ("Ивановна", FEMININE),
        ("Ильинична", FEMININE),
        ("Кузьминична", FEMININE),
        ("Алиевна", FEMININE),
        ("Рашид кызы", FEMININE),
        ("", None),
        ("Джонсон", None),
    ],
)
def test_gender_from_the_patronymic(patronymic, gender):
    assert gender_of(types.SimpleNamespace(patronymic=patronymic)) == gender


def test_a_gender_attribute_wins_over_the_patronymic():
    assert gender_of(types.SimpleNamespace(gender=FEMININE, patronymic="Иванович")) == FEMININE
    assert gender_of(FEMININE) == FEMININE and gender_of(None) is None


def test_gendered_wording_has_no_brackets():
    woman = types.SimpleNamespace(patronymic="Петровна")
    man = types.SimpleNamespace(patronymic="Петрович")
    unknown = types.SimpleNamespace(patronymic="")
    words = {"masculine": "выведен", "feminine": "выведена"}
    assert (gendered(woman, **words), gendered(man, **words), gendered(unknown, **words)) == (
        "выведена",
        "выведен",
        "выведен",
    )
    assert gendered(unknown, **words, neutral="выведен(а)") == "выведен(а)"
    template = Template('{% load mentoring_tags %}{% gendered person _("ответил") _("ответила") %}')
    assert template.render(Context({"person": woman})) == "ответила"
    assert template.render(Context({"person": man})) == "ответил"


def test_soft_hyphens_break_long_words_at_syllables_only():
    from common.hyphenation import soft_hyphens

    assert soft_hyphens("Наставляемые в парах") == "На\u00adстав\u00adля\u00adе\u00adмые в парах"
    assert soft_hyphens("Пары") == "Пары"
    assert soft_hyphens("Наставляемые").replace("\u00ad", "") == "Наставляемые"
