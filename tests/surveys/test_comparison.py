"""The wave comparison on a small hand-made data set, and the same through the database."""

import pytest

from surveys import selectors, services
from surveys.comparison import Item, Respondent, compare

from .conftest import TODAY, opened

ITEMS = [Item("Q01", "Q01", "Уверенность"), Item("Q02.1", "Q02", "Компетенции: урок")]


def test_paired_comparison_by_hand():
    entry = [
        Respondent("anna", "Анна", ("mentee", "pair:1"), {"Q01": 4, "Q02.1": 2}),
        Respondent("boris", "Борис", ("mentor", "pair:1"), {"Q01": 8, "Q02.1": 4}),
        Respondent("vera", "Вера", ("mentee",), {"Q01": 3}),  # answered only the entry wave
    ]
    final = [
        Respondent("anna", "Анна", ("mentee", "pair:1"), {"Q01": 7, "Q02.1": 4}),
        Respondent("boris", "Борис", ("mentor", "pair:1"), {"Q01": 9, "Q02.1": 4}),
        Respondent("gleb", "Глеб", ("mentee",), {"Q01": 10}),  # only the final wave
    ]
    result = compare(
        ITEMS, entry, final, groups={"mentor": "Наставники", "mentee": "Наставляемые", "pair:1": "Пара"}
    )
    groups = {group["key"]: {row["key"]: row for row in group["rows"]} for group in result["groups"]}
    # All: Anna and Boris answered both; Vera and Gleb are left out of the means and listed.
    assert groups["all"]["Q01"] == {
        **groups["all"]["Q01"],
        "entry": 6.0,
        "final": 8.0,
        "delta": 2.0,
        "n_paired": 2,
        "n_entry": 3,
        "n_final": 3,
    }
    assert groups["all"]["Q02.1"]["entry"] == 3.0 and groups["all"]["Q02.1"]["delta"] == 1.0
    assert groups["mentee"]["Q01"]["delta"] == 3.0 and groups["mentee"]["Q01"]["n_paired"] == 1
    assert groups["mentor"]["Q02.1"]["delta"] == 0.0
    assert groups["pair:1"]["Q01"]["entry"] == 6.0
    assert result["only_entry"] == [{"key": "vera", "name": "Вера"}]
    assert result["only_final"] == [{"key": "gleb", "name": "Глеб"}]
    anna = next(person for person in result["people"] if person["key"] == "anna")
    assert anna["status"] == "both"
    assert anna["values"] == [
        {"key": "Q01", "entry": 4, "final": 7, "delta": 3.0, "change": "better"},
        {"key": "Q02.1", "entry": 2, "final": 4, "delta": 2.0, "change": "better"},
    ]
    vera = next(person for person in result["people"] if person["key"] == "vera")
    assert vera["status"] == "entry_only" and vera["values"][0]["delta"] is None


def test_unpaired_comparison_uses_all_respondents():
    entry = [Respondent(1, values={"Q01": 2}), Respondent(2, values={"Q01": 4})]
    final = [
        Respondent(3, values={"Q01": 5}),
        Respondent(4, values={"Q01": 6}),
        Respondent(5, values={"Q01": 7}),
    ]
    result = compare(ITEMS[:1], entry, final, paired=False)
    row = result["groups"][0]["rows"][0]
    assert (row["entry"], row["final"], row["delta"], row["n_entry"], row["n_final"]) == (3.0, 6.0, 3.0, 2, 3)
    assert result["people"] == [] and result["only_entry"] == []


QUESTIONS = [
    {"code": "Q01", "type": "scale", "text": "Уверенность", "scale": [1, 10, "", ""]},
    {
        "code": "Q02",
        "type": "matrix",
        "text": "Компетенции",
        "scale": [1, 5, "", ""],
        "statements": ["Урок", "Родители"],
    },
    {
        "code": "Q03",
        "type": "single",
        "text": "Трудности",
        "options": ["1 — редко", "3 — иногда", "5 — часто"],
    },
    {"code": "Q04", "type": "single", "text": "Формат", "options": ["Очно", "Онлайн"]},
    {"code": "Q05", "type": "long_text", "text": "Комментарий", "required": False},
]


@pytest.mark.django_db
def test_wave_comparison_from_the_database(organisation, personas, programme):
    mentor, teacher = programme["mentors"][0], personas["teacher"]
    entry = opened(organisation, QUESTIONS)
    answers = {
        mentor: {"Q01": "8", "Q02": ["4", "3"], "Q03": "1 — редко", "Q04": "Очно"},
        teacher: {"Q01": "3", "Q02": ["2", "1"], "Q03": "5 — часто", "Q04": "Онлайн"},
        programme["mentees"][1]: {"Q01": "5", "Q02": ["3", "3"], "Q03": "3 — иногда", "Q04": "Очно"},
    }
    for person, raw in answers.items():
        invitation = entry.invitations.get(person=person)
        services.response_submit(invitation=invitation, raw=raw, actor=None, today=TODAY)
    services.questionnaire_close(questionnaire=entry, actor=None)
    final = services.questionnaire_final_wave_create(questionnaire=entry, actor=None)
    assert final.previous_wave == entry and final.questions.count() == 5
    services.questionnaire_open(questionnaire=final, actor=None, today=TODAY)
    for person, raw in {
        mentor: {"Q01": "9", "Q02": ["5", "3"], "Q03": "1 — редко", "Q04": "Очно"},
        teacher: {"Q01": "7", "Q02": ["4", "2"], "Q03": "3 — иногда", "Q04": "Очно"},
    }.items():
        services.response_submit(
            invitation=final.invitations.get(person=person), raw=raw, actor=None, today=TODAY
        )
    data = selectors.wave_comparison(final)
    assert [item["key"] for item in data["items"]] == ["Q01", "Q02.1", "Q02.2", "Q03"]  # numeric only
    rows = {group["key"]: {row["key"]: row for row in group["rows"]} for group in data["groups"]}
    assert rows["all"]["Q01"]["entry"] == 5.5 and rows["all"]["Q01"]["final"] == 8.0
    assert rows["mentee"]["Q01"]["delta"] == 4.0
    assert rows["mentee"]["Q03"]["delta"] == -2.0
    assert rows[f"pair:{programme['pair'].pk}"]["Q02.1"]["delta"] == 1.5
    assert {group["label"] for group in data["groups"]} >= {
        "Все",
        "Наставники",
        "Наставляемые",
        "Форма «учитель – учитель»",
    }
    assert data["only_entry"] == [
        {"key": programme["mentees"][1].pk, "name": programme["mentees"][1].full_name}
    ]
    assert selectors.wave_comparison(entry) is None


def test_a_fall_is_better_where_lower_is_better():
    """«How often do you meet difficulties»: a fall of the mean is the good change, and the scale is the
    question's own (1–5), not the questionnaire's widest."""
    from surveys.comparison import change, scale_text

    items = [
        Item(key="Q01", code="Q01", text="Уверенность", scale_min=1, scale_max=10),
        Item(key="Q03", code="Q03", text="Трудности", scale_min=1, scale_max=5, lower_is_better=True),
    ]
    entry = [Respondent("anna", "Анна", (), {"Q01": 4, "Q03": 4})]
    final = [Respondent("anna", "Анна", (), {"Q01": 6, "Q03": 2})]
    rows = {row["key"]: row for row in compare(items, entry, final)["groups"][0]["rows"]}
    assert rows["Q01"]["delta"] == 2.0 and rows["Q01"]["change"] == "better"
    assert rows["Q03"]["delta"] == -2.0 and rows["Q03"]["change"] == "better"
    assert rows["Q01"]["scale"] == "1–10" and rows["Q03"]["scale"] == "1–5"
    assert rows["Q03"]["lower_is_better"] is True
    assert change(1.0, lower_is_better=True) == "worse" and change(-1.0) == "worse"
    assert change(0.0) == "" and change(None) == ""
    assert scale_text({"scale_min": None, "scale_max": 10}) == "до 10"
    assert scale_text({"scale_min": 1, "scale_max": None}) == ""


@pytest.mark.django_db
def test_the_diagnostic_template_says_lower_is_better_for_difficulties(organisation):
    questionnaire = services.questionnaire_from_template(
        organisation=organisation, actor=None, key="6-diagnostic-competencies"
    )
    questions = {question.code: question for question in questionnaire.questions.all()}
    assert questions["Q03"].lower_is_better is True
    assert questions["Q02"].lower_is_better is False
