"""Demo questionnaires of the demo school: an entry and a final diagnostic wave (so the comparison shows a
believable change), a closed preference questionnaire after the networking meeting, an open anonymous
satisfaction questionnaire the demo `mentee` still has to fill, and a draft on programme quality."""

from __future__ import annotations

import datetime

from django.db import transaction

from mentoring.models import Person, Preference, Role
from mentoring.organisations.mail import preferences_update as email_preferences_update
from mentoring.programme.selectors import mentees_in_base, mentors_in_base

from . import services
from .models import Invitation, Question, Questionnaire

DIAGNOSTIC = "6-diagnostic-competencies"
PREFERENCE = "3-preference"
SATISFACTION = "4-mentee-satisfaction"
QUALITY = "7-programme-quality"
HARD_TASKS = [
    "Удержать внимание класса на всём уроке",
    "Выстроить разговор с родителями «трудного» ученика",
    "Успевать с документацией и электронным журналом",
    "Подобрать задания разного уровня сложности",
    "Оценивать работы быстро и объективно",
]
FINAL_TEXTS = [
    "Стало легче планировать уроки, но с дисциплиной в 7 классе ещё работаю.",
    "Научилась разговаривать с родителями спокойно и по делу.",
    "Спасибо наставнику за посещённые уроки — разбор очень помог.",
]


def _participants(ctx, school) -> tuple[list[Person], list[Person], bool]:
    """Mentors and mentees of the school: from its bases when the mentoring demo filled them, otherwise
    chosen among its teachers (experienced ones as mentors, young ones as mentees)."""
    mentors, mentees = list(mentors_in_base(school)), list(mentees_in_base(school))
    if mentors and mentees:
        return mentors, mentees, True
    demo_people = {person.pk for person in ctx.people.values()}
    teachers = Person.objects.filter(
        memberships__organisation=school, memberships__roles__role=Role.TEACHER, kind=Person.Kind.STAFF
    ).exclude(pk__in=demo_people)
    experienced = list(teachers.filter(teaching_experience__gte=12).order_by("last_name")[:5])
    young = list(teachers.filter(teaching_experience__lte=3).order_by("last_name")[:7])
    return [ctx.people["mentor"], *experienced], [ctx.people["mentee"], *young], False


def _launch(questionnaire, *, opens_on, closes_on, mentors, mentees, from_bases, audience_people):
    questionnaire.opens_on, questionnaire.closes_on = opens_on, closes_on
    if not from_bases:
        questionnaire.audience = Questionnaire.Audience.CHOSEN_PEOPLE
    questionnaire.save(update_fields=["opens_on", "closes_on", "audience"])
    if not from_bases:
        questionnaire.chosen_people.set(audience_people)
    services.questionnaire_open(questionnaire=questionnaire, actor=None, today=opens_on, send_emails=False)
    if not from_bases:
        Invitation.objects.filter(questionnaire=questionnaire, person__in=mentors).update(
            role=Invitation.Role.MENTOR
        )
        Invitation.objects.filter(questionnaire=questionnaire, person__in=mentees).update(
            role=Invitation.Role.MENTEE
        )
    questionnaire.refresh_from_db()
    return questionnaire


def _answer(questionnaire, person, raw, today):
    invitation = questionnaire.invitations.get(person=person)
    services.response_submit(invitation=invitation, raw=raw, actor=None, today=today)


def _diagnostic_raw(rng, level: float, statements: int, *, final: bool) -> dict:
    """Self-assessment around `level` (1–5); the final wave a little higher, mentees gaining the most."""
    matrix = [str(max(1, min(5, round(level + rng.uniform(-0.8, 0.8))))) for _ in range(statements)]
    confidence = max(1, min(10, round(level * 2 + rng.uniform(-1, 1))))
    difficulty = max(1, min(5, round(6 - level + rng.uniform(-0.6, 0.6))))
    options = ["1 — почти никогда", "2 — редко", "3 — иногда", "4 — часто", "5 — постоянно"]
    raw = {"Q01": matrix, "Q02": str(confidence), "Q03": options[difficulty - 1]}
    if rng.random() < 0.5:
        raw["Q04"] = rng.choice(FINAL_TEXTS if final else HARD_TASKS)
    return raw


@transaction.atomic
def seed(ctx) -> None:
    school = ctx.organisations.get("demo-school")
    if school is None or school.questionnaires.exists():
        return
    rng, today = ctx.rng, ctx.today
    mentors, mentees, from_bases = _participants(ctx, school)
    everyone = mentors + mentees
    curator = ctx.users.get("curator")
    launch = {"mentors": mentors, "mentees": mentees, "from_bases": from_bases}

    # Entry diagnostic in the autumn, answered by everyone; the final wave now, by most.
    entry = services.questionnaire_from_template(organisation=school, actor=curator, key=DIAGNOSTIC)
    entry_day = today - datetime.timedelta(days=150)
    _launch(
        entry,
        opens_on=entry_day,
        closes_on=entry_day + datetime.timedelta(days=10),
        audience_people=everyone,
        **launch,
    )
    statements = len(entry.questions.get(code="Q01").statements)
    levels = {
        person.pk: rng.uniform(3.6, 4.4) if person in mentors else rng.uniform(1.8, 2.8)
        for person in everyone
    }
    for person in everyone:
        _answer(entry, person, _diagnostic_raw(rng, levels[person.pk], statements, final=False), entry_day)
    services.questionnaire_close(questionnaire=entry, actor=curator)

    final_day = today - datetime.timedelta(days=12)
    final = services.questionnaire_final_wave_create(
        questionnaire=entry, actor=curator, opens_on=final_day, closes_on=today - datetime.timedelta(days=2)
    )
    _launch(final, opens_on=final_day, closes_on=final.closes_on, audience_people=everyone, **launch)
    missing = set(
        rng.sample(
            [p.pk for p in everyone if p.pk not in {ctx.people["mentee"].pk, ctx.people["mentor"].pk}], 2
        )
    )
    for person in everyone:
        if person.pk in missing:
            continue
        gain = rng.uniform(0.2, 0.6) if person in mentors else rng.uniform(0.8, 1.6)
        _answer(
            final,
            person,
            _diagnostic_raw(rng, min(5, levels[person.pk] + gain), statements, final=True),
            final_day,
        )
    services.questionnaire_close(questionnaire=final, actor=curator)

    # Preferences after the networking meeting: each mentee ranks mentors; the demo mentee first of all.
    preference = services.questionnaire_from_template(organisation=school, actor=curator, key=PREFERENCE)
    if not from_bases:
        preference.questions.filter(type=Question.Type.PEOPLE).update(
            people_source=Question.PeopleSource.STAFF
        )
    networking_day = today - datetime.timedelta(days=120)
    _launch(
        preference,
        opens_on=networking_day,
        closes_on=networking_day + datetime.timedelta(days=5),
        audience_people=mentees,
        **launch,
    )
    pairs = {pair.mentor_id for pair in school.pairs.working()}
    # A mentee whose choices the mentoring demo already holds answered with those very choices, so the
    # questionnaire and the preferences the matching reads tell one story.
    mentor_ids = {m.pk for m in mentors}
    earlier: dict[int, list[Person]] = {}
    for choice in Preference.objects.filter(organisation=school, chooser__in=mentees).order_by("rank"):
        if choice.chosen_id in mentor_ids:
            earlier.setdefault(choice.chooser_id, []).append(choice.chosen)
    for person in mentees:
        ranked = list(earlier.get(person.pk, []))
        if not ranked:
            ranked = [ctx.people["mentor"]] if person == ctx.people["mentee"] else []
            others = [m for m in mentors if m not in ranked]
            rng.shuffle(others)
            ranked += others[: 3 - len(ranked)]
            ranked.sort(key=lambda m: m.pk not in pairs and m != ctx.people["mentor"])
        raw = {"Q01": [str(m.pk) for m in ranked], "Q02": str(rng.randint(7, 10))}
        if person == ctx.people["mentee"]:
            raw["Q03"] = "Елена Ивановна тоже ведёт математику, хочу посмотреть её уроки в 7-х классах."
        _answer(preference, person, raw, networking_day)
    services.questionnaire_close(questionnaire=preference, actor=curator)

    # Satisfaction, anonymous and open now: half the mentees answered, the demo mentee has not yet.
    satisfaction = services.questionnaire_from_template(organisation=school, actor=curator, key=SATISFACTION)
    start = today - datetime.timedelta(days=5)
    _launch(
        satisfaction,
        opens_on=start,
        # Closes in three days: `send_reminders` today reminds those who have not answered, once.
        closes_on=today + datetime.timedelta(days=3),
        audience_people=mentees,
        **launch,
    )
    for person in mentees[1 : 1 + len(mentees) // 2]:
        raw = {f"Q0{n}": str(rng.randint(6, 10)) for n in range(2, 9)}
        raw.update(
            {
                "Q01": rng.choice(["Да", "Нет"]),
                "Q10": "Да",
                "Q11": rng.choice(["Да", "Да", "Затрудняюсь ответить"]),
            }
        )
        raw["Q09"] = rng.sample(
            ["Развитие профессиональных навыков", "Поддержку в трудных ситуациях", "Уверенность в себе"], 2
        )
        _answer(satisfaction, person, raw, today)

    # One mentee turned the questionnaire reminders off on the page the link in every e-mail opens.
    quiet = next((person for person in mentees[1 + len(mentees) // 2 :] if person.email), None)
    if quiet is not None:
        email_preferences_update(person=quiet, chosen={"pairs": True, "plans": True, "roadmap": True})

    # Programme quality: a draft the curator will open at the end of the year.
    services.questionnaire_from_template(organisation=school, actor=curator, key=QUALITY)
    ctx.log.append(
        f"Анкеты: {school.questionnaires.count()} в {school.short_name} "
        f"(входная и итоговая диагностика, предпочтения, удовлетворённость, качество программы)"
    )
