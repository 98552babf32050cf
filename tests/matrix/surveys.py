"""Permission matrix rows of the surveys app: managers (admin, director, curator) build and run
questionnaires; the psychologist and the coordinator read results; a teacher only fills their own
invitation, reached by its personal link, and sees nobody's answers."""

from common import dates
from mentoring.models import Role
from surveys import services
from surveys.models import Questionnaire

from . import Row, everyone

VIEW = {
    "admin": 200,
    "director": 200,
    "curator": 200,
    "psychologist": 200,
    "coordinator": 200,
    "teacher": 403,
}
MANAGE = {
    "admin": 200,
    "director": 200,
    "curator": 200,
    "psychologist": 403,
    "coordinator": 403,
    "teacher": 403,
}
MANAGE_POST_ONLY = {name: 405 if code == 200 else code for name, code in MANAGE.items()}
FORGED = {name: 404 if code == 200 else code for name, code in VIEW.items()}

SPEC = {
    "title": "Анкета",
    "sections": [
        {
            "title": "Раздел",
            "questions": [
                {"code": "Q01", "type": "scale", "text": "Насколько полезно?", "scale": [1, 10, "", ""]}
            ],
        }
    ],
}


def build(*, personas, organisation, foreign_organisation) -> dict:
    today = dates.today()
    data = {"title": "Входная диагностика", "audience": Questionnaire.Audience.CHOSEN_PEOPLE}
    entry = services.questionnaire_create(
        organisation=organisation,
        actor=None,
        data=data,
        spec=SPEC,
        chosen_people=[personas["teacher"], personas["curator"]],
    )
    services.questionnaire_open(questionnaire=entry, actor=None, today=today)
    final = services.questionnaire_final_wave_create(questionnaire=entry, actor=None)
    foreign = services.questionnaire_create(
        organisation=foreign_organisation, actor=None, data={"title": "Чужая анкета"}, spec=SPEC
    )
    return {
        "survey": entry,
        "survey_final": final,
        "survey_section": entry.sections.get(),
        "survey_question": entry.questions.get(),
        "survey_foreign": foreign,
        "survey_token": entry.invitations.get(person=personas["teacher"]).token,
        "survey_role": Role.TEACHER,
    }


def org(world):
    return {"org_slug": world.organisation.slug}


def one(world):
    return {"org_slug": world.organisation.slug, "pk": world.extra["survey"].pk}


def final(world):
    return {"org_slug": world.organisation.slug, "pk": world.extra["survey_final"].pk}


def forged(world):
    return {"org_slug": world.organisation.slug, "pk": world.extra["survey_foreign"].pk}


def section(world):
    return {**one(world), "section_id": world.extra["survey_section"].pk}


def question(world):
    return {**one(world), "question_id": world.extra["survey_question"].pk}


ROWS = [
    Row("surveys list", "surveys:list", org, VIEW),
    Row("my surveys", "surveys:mine", org, everyone(200)),
    Row("survey create", "surveys:create", org, MANAGE),
    Row("survey detail", "surveys:detail", one, VIEW),
    Row("survey detail of another organisation", "surveys:detail", forged, FORGED),
    Row("survey settings", "surveys:edit", one, MANAGE),
    Row(
        "survey settings of another organisation",
        "surveys:edit",
        forged,
        {name: 404 if code == 200 else code for name, code in MANAGE.items()},
    ),
    Row("survey delete (POST only)", "surveys:delete", one, MANAGE_POST_ONLY),
    Row("survey duplicate (POST only)", "surveys:duplicate", one, MANAGE_POST_ONLY),
    Row("survey final wave", "surveys:final_wave", one, MANAGE),
    # GET: the confirmation with the number of e-mails (the final wave is a draft); its POST opens.
    Row("survey open confirmation", "surveys:open", final, MANAGE),
    Row("survey close (POST only)", "surveys:close", one, MANAGE_POST_ONLY),
    Row("survey preview", "surveys:preview", one, MANAGE),
    Row("section create (POST only)", "surveys:section_create", one, MANAGE_POST_ONLY),
    Row("section edit", "surveys:section_edit", section, MANAGE),
    Row("section delete (POST only)", "surveys:section_delete", section, MANAGE_POST_ONLY),
    Row("question create", "surveys:question_create", one, MANAGE),
    Row("question edit", "surveys:question_edit", question, MANAGE),
    Row("question delete (POST only)", "surveys:question_delete", question, MANAGE_POST_ONLY),
    Row("question move (POST only)", "surveys:question_move", question, MANAGE_POST_ONLY),
    Row("survey invitations", "surveys:invitations", one, VIEW),
    Row("survey invitations send (POST only)", "surveys:invitations_send", one, MANAGE_POST_ONLY),
    # Personal links are credentials: only those who run the survey print them.
    Row("survey QR sheet of personal links", "surveys:invitations_qr", one, MANAGE),
    Row(
        "survey QR sheet of another organisation",
        "surveys:invitations_qr",
        forged,
        {name: 404 if code == 200 else code for name, code in MANAGE.items()},
    ),
    Row("survey results", "surveys:results", one, VIEW),
    Row("survey results of another organisation", "surveys:results", forged, FORGED),
    # Named answers stay in the school: the coordinators above it read the aggregated results only.
    Row("survey export", "surveys:export", one, {**VIEW, "coordinator": 403}),
    Row("survey export of another organisation", "surveys:export", forged, {**FORGED, "coordinator": 403}),
    Row("survey comparison", "surveys:comparison", final, VIEW),
    Row(
        "survey comparison of an entry wave",
        "surveys:comparison",
        one,
        {name: 404 if code == 200 else code for name, code in VIEW.items()},
    ),
    # The personal link: the token is the credential (people without an account fill in too).
    Row(
        "survey fill by personal link",
        "surveys:fill",
        lambda world: {"token": world.extra["survey_token"]},
        {"anonymous": 200},
        default=200,
    ),
    Row(
        "survey fill with a wrong token",
        "surveys:fill",
        lambda world: {"token": "not-a-real-token"},
        {"anonymous": 404},
        default=404,
    ),
]
