"""Entry wave against final wave: a pure computation on plain data, so it is tested on a hand-made set and
the reports app can put the same table into a PDF.

Questions are matched by their code. Only numeric items compare: a scale, a number, a single choice whose
options are numbers, and each statement of a matrix (item code «Q05.2»). With named waves the change (Δ) is
computed over the people who answered both waves (a paired comparison) and people who answered only once
are listed; with anonymous waves nobody can be paired, so the group means of all respondents are compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .models import Question, option_number


@dataclass(frozen=True)
class Item:
    key: str  # «Q03» or «Q05.2» for the second statement of a matrix
    code: str
    text: str
    label: str = ""  # short, for a chart: the statement of a matrix row, else the question
    scale_max: float | None = None  # the top of the item's scale, when it has one
    scale_min: float | None = None  # its bottom
    lower_is_better: bool = False  # a fall is the good change («how often do you meet difficulties»)


@dataclass
class Respondent:
    """One person's (or, anonymously, one response's) numeric answers: {item key: number}."""

    key: Any
    name: str = ""
    groups: tuple[str, ...] = ()
    values: dict[str, float] = field(default_factory=dict)


def numeric_items(question: Question) -> list[Item]:
    if not question.is_numeric:
        return []
    if question.type == Question.Type.MATRIX:
        return [
            Item(
                key=f"{question.code}.{index}",
                code=question.code,
                text=f"{question.text}: {statement}",
                label=statement,
                scale_max=question.scale_max,
                scale_min=question.scale_min,
                lower_is_better=question.lower_is_better,
            )
            for index, statement in enumerate(question.statements, start=1)
        ]
    bottom: float | None
    top: float | None
    if question.type == Question.Type.SCALE:
        bottom, top = question.scale_min, question.scale_max
    elif question.type == Question.Type.SINGLE:
        numbers = [
            number for number in (option_number(option) for option in question.options) if number is not None
        ]
        bottom, top = (min(numbers), max(numbers)) if numbers else (None, None)
    else:
        bottom = top = None
    return [
        Item(
            key=question.code,
            code=question.code,
            text=question.text,
            label=question.text,
            scale_max=top,
            scale_min=bottom,
            lower_is_better=question.lower_is_better,
        )
    ]


def change(delta: float | None, *, lower_is_better: bool = False) -> str:
    """«better», «worse» or "" (no change, no data): the direction of a change, per the question."""
    if delta is None or delta == 0:
        return ""
    improved = delta < 0 if lower_is_better else delta > 0
    return "better" if improved else "worse"


def scale_text(item_or_row: Any) -> str:
    """«1–5» for the scale column of a comparison."""
    get = item_or_row.get if isinstance(item_or_row, dict) else lambda name: getattr(item_or_row, name, None)
    bottom, top = get("scale_min"), get("scale_max")
    if top is None:
        return ""

    def number(value: float) -> str:
        return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")

    return f"{number(bottom)}–{number(top)}" if bottom is not None else f"до {number(top)}"


def numeric_values(question: Question, value: Any) -> dict[str, float]:
    """{item key: number} of one stored answer."""
    if value is None or not question.is_numeric:
        return {}
    if question.type == Question.Type.MATRIX:
        return {
            f"{question.code}.{index}": float(item)
            for index, item in enumerate(value, start=1)
            if item is not None
        }
    if question.type == Question.Type.SINGLE:
        number = option_number(value)
        return {} if number is None else {question.code: number}
    return {question.code: float(value)}


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _delta(entry: float | None, final: float | None) -> float | None:
    return None if entry is None or final is None else round(final - entry, 2)


def compare(
    items: Iterable[Item],
    entry: Iterable[Respondent],
    final: Iterable[Respondent],
    *,
    paired: bool = True,
    groups: Mapping[str, str] | None = None,
) -> dict:
    """The comparison as plain data.

    `groups` maps a group key (which respondents list in their `groups`) to its label; the group "all" is
    always there. Returns {"paired", "items", "groups": [{"key", "label", "rows": [{"key", "code", "text",
    "entry", "final", "delta", "n_entry", "n_final", "n_paired"}]}], "people": [...], "only_entry": [...],
    "only_final": [...]}.
    """
    items = list(items)
    entry_by_key = {respondent.key: respondent for respondent in entry}
    final_by_key = {respondent.key: respondent for respondent in final}
    group_labels = {"all": "Все", **(groups or {})}

    def members(source: Mapping[Any, Respondent], group: str) -> list[Respondent]:
        return [r for r in source.values() if group == "all" or group in r.groups]

    result_groups = []
    for group, label in group_labels.items():
        entry_members = members(entry_by_key, group)
        final_members = members(final_by_key, group)
        if not entry_members and not final_members:
            continue
        rows = []
        for item in items:
            entry_values = [r.values[item.key] for r in entry_members if item.key in r.values]
            final_values = [r.values[item.key] for r in final_members if item.key in r.values]
            row: dict[str, Any] = {
                "key": item.key,
                "code": item.code,
                "text": item.text,
                "label": item.label or item.text,
                "scale_max": item.scale_max,
                "scale_min": item.scale_min,
                "scale": scale_text(item),
                "lower_is_better": item.lower_is_better,
                "n_entry": len(entry_values),
                "n_final": len(final_values),
            }
            if paired:
                both = [
                    (r.values[item.key], final_by_key[r.key].values[item.key])
                    for r in entry_members
                    if r.key in final_by_key
                    and item.key in r.values
                    and item.key in final_by_key[r.key].values
                ]
                row["n_paired"] = len(both)
                row["entry"] = _mean([a for a, _b in both])
                row["final"] = _mean([b for _a, b in both])
            else:
                row["n_paired"] = 0
                row["entry"] = _mean(entry_values)
                row["final"] = _mean(final_values)
            row["delta"] = _delta(row["entry"], row["final"])
            row["change"] = change(row["delta"], lower_is_better=item.lower_is_better)
            rows.append(row)
        result_groups.append({"key": group, "label": label, "rows": rows})

    people: list[dict[str, Any]] = []
    only_entry: list[dict[str, Any]] = []
    only_final: list[dict[str, Any]] = []
    if paired:
        for key in list(entry_by_key) + [key for key in final_by_key if key not in entry_by_key]:
            first, last = entry_by_key.get(key), final_by_key.get(key)
            person = first or last
            if person is None:  # the key came from one of the two
                continue
            status = "both" if first and last else ("entry_only" if first else "final_only")
            values = []
            for item in items:
                a = first.values.get(item.key) if first else None
                b = last.values.get(item.key) if last else None
                delta = _delta(a, b)
                values.append(
                    {
                        "key": item.key,
                        "entry": a,
                        "final": b,
                        "delta": delta,
                        "change": change(delta, lower_is_better=item.lower_is_better),
                    }
                )
            people_row: dict[str, Any] = {
                "key": key,
                "name": person.name,
                "groups": list(person.groups),
                "status": status,
                "values": values,
            }
            people.append(people_row)
            if status == "entry_only":
                only_entry.append({"key": key, "name": person.name})
            elif status == "final_only":
                only_final.append({"key": key, "name": person.name})
        people.sort(key=lambda row: row["name"])
        only_entry.sort(key=lambda row: row["name"])
        only_final.sort(key=lambda row: row["name"])
    return {
        "paired": paired,
        "items": [
            {"key": item.key, "code": item.code, "text": item.text, "label": item.label or item.text}
            for item in items
        ],
        "groups": result_groups,
        "people": people,
        "only_entry": only_entry,
        "only_final": only_final,
    }
