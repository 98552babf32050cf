import datetime

from . import LOGIN, REDIRECT, Row, everyone

STAFF_VIEW = {
    "admin": 200,
    "director": 200,
    "curator": 200,
    "psychologist": 200,
    "coordinator": 200,
    "teacher": 403,
}
STAFF_MANAGE = {
    "admin": 200,
    "director": 200,
    "curator": 200,
    "psychologist": 403,
    "coordinator": 403,
    "teacher": 403,
}


def org(world):
    return {"org_slug": world.organisation.slug}


def org_person(world):
    return {"org_slug": world.organisation.slug, "person_id": world.personas["teacher"].pk}


def org_foreign_person(world):
    """A forged id: a person of another organisation under this organisation's address."""
    return {"org_slug": world.organisation.slug, "person_id": world.personas["outsider"].pk}


ROWS = [
    Row(
        "home",
        "home",
        expected={**everyone(REDIRECT), "neighbour": REDIRECT, "outsider": REDIRECT, "anonymous": LOGIN},
    ),
    Row("login", "login", expected={"anonymous": 200}, default=200),
    # The benchmark's anchor: a bare response through the whole middleware, for anyone.
    Row("bare page", "bare", expected={"anonymous": 200}, default=200),
    Row("dashboard", "mentoring:dashboard", org, everyone(200)),
    Row("people", "mentoring:people", org, STAFF_VIEW),
    Row("person", "mentoring:person", org_person, STAFF_VIEW),
    Row(
        "person of another organisation",
        "mentoring:person",
        org_foreign_person,
        {name: 404 if code == 200 else code for name, code in STAFF_VIEW.items()},
    ),
    Row("person create", "mentoring:person_create", org, STAFF_MANAGE),
    Row("person edit", "mentoring:person_edit", org_person, STAFF_MANAGE),
    Row(
        "person account create",
        "mentoring:person_account",
        org_person,
        {
            "admin": REDIRECT,
            "director": 403,
            "curator": 403,
            "psychologist": 403,
            "teacher": 403,
            "coordinator": 403,
        },
        method="post",
    ),
    Row(
        "person account create of another organisation",
        "mentoring:person_account",
        org_foreign_person,
        {
            "admin": 404,
            "director": 403,
            "curator": 403,
            "psychologist": 403,
            "teacher": 403,
            "coordinator": 403,
        },
        method="post",
    ),
    Row(
        "person edit of another organisation",
        "mentoring:person_edit",
        org_foreign_person,
        {name: 404 if code == 200 else code for name, code in STAFF_MANAGE.items()},
    ),
    Row(
        "audit",
        "mentoring:audit",
        org,
        {
            "admin": 200,
            "director": 200,
            "curator": 200,
            "psychologist": 403,
            "teacher": 403,
            "coordinator": 403,
        },
    ),
    Row(
        "municipality",
        "mentoring:municipality",
        lambda world: {"municipality_slug": world.municipality.slug},
        # The page sends the coordinator on to the landing section an app above registers (the reports
        # app's registry with indicators); without one it renders the registry itself.
        {"coordinator": REDIRECT},
    ),
    Row(
        "foreign municipality",
        "mentoring:municipality",
        lambda world: {"municipality_slug": world.foreign_organisation.municipality.slug},
        {},
    ),
]


# --- The mentoring programme ----------------------------------------------------------------------------

BASES_MANAGE = {
    "admin": 200,
    "director": 403,
    "curator": 200,
    "psychologist": 403,
    "coordinator": 403,
    "teacher": 403,
}
# Matching across the municipality is the municipal coordinator's; the regional coordinator only reads.
MATCHING = {**BASES_MANAGE, "coordinator": 200, "regional": 403}
APPROVE = dict.fromkeys(BASES_MANAGE, 403) | {"director": 200}
EXCEL = BASES_MANAGE
# The bases' .xlsx: the coordinators above the school read the bases, so they export them too (issue 14).
EXPORT = {**EXCEL, "coordinator": 200}
# Work on a pair's plan and meetings: its members (the teacher is the mentee) and the curator.
PAIR_WORK = {**BASES_MANAGE, "teacher": 200}


def posted(expected: dict) -> dict:
    """A POST-only URL opened with GET: those allowed in get 405, the others what they got."""
    return {name: 405 if code == 200 else code for name, code in expected.items()}


def forged(expected: dict) -> dict:
    return {name: 404 if code in (200, 405) else code for name, code in expected.items()}


def build(*, personas, organisation, foreign_organisation):
    from mentoring.models import Consent
    from mentoring.programme import services
    from tests.conftest import make_person
    from tests.mentoring.conftest import add_mentee, add_mentor, approve, proposed_pair

    mentor = add_mentor(organisation, capacity=2)
    mentee = add_mentee(organisation, personas["teacher"])
    pair = approve(organisation, proposed_pair(organisation, mentor, [mentee]))
    plan = services.plan_create(pair=pair, actor=None)
    item = services.plan_item_save(plan=plan, actor=None, data={"title": "Открытый урок"})
    other_pair = proposed_pair(organisation, add_mentor(organisation), [add_mentee(organisation)])
    services.plan_create(pair=other_pair, actor=None)
    add_mentor(organisation)
    add_mentee(organisation)
    run = services.matching_run(organisation=organisation, actor=None)
    foreign_mentor = add_mentor(foreign_organisation)
    foreign_pair = proposed_pair(foreign_organisation, foreign_mentor, [add_mentee(foreign_organisation)])
    foreign_plan = services.plan_create(pair=foreign_pair, actor=None)
    foreign_item = services.plan_item_save(plan=foreign_plan, actor=None, data={"title": "Чужой пункт"})
    add_mentor(foreign_organisation)
    add_mentee(foreign_organisation)
    foreign_run = services.matching_run(organisation=foreign_organisation, actor=None)
    partner = services.partner_save(organisation=organisation, actor=None, data={"name": "СахГУ"})
    foreign_partner = services.partner_save(
        organisation=foreign_organisation, actor=None, data={"name": "Чужой"}
    )
    stranger = make_person(organisation)
    from tests.mentoring.test_people_import import confirm, one_sheet

    _report, batch = confirm(organisation, one_sheet([["ФИО"], ["Загруженова Анна Ивановна"]]))
    _report, foreign_batch = confirm(foreign_organisation, one_sheet([["ФИО"], ["Чужова Анна Ивановна"]]))
    from django.core.files.base import ContentFile

    from mentoring.models import MentoringConsent

    mentoring_consent = MentoringConsent.objects.create(
        organisation=organisation, person=mentor, signed_on=datetime.date(2025, 9, 1)
    )
    mentoring_consent.file.save("consent.pdf", ContentFile(b"%PDF-1.7 scan"))
    foreign_mentoring_consent = MentoringConsent.objects.create(
        organisation=foreign_organisation, person=foreign_mentor, signed_on=datetime.date(2025, 9, 1)
    )
    # Issue 13: the teacher also mentors a pair whose plan is approved, with a change proposed to it.
    locked_pair = approve(
        organisation,
        proposed_pair(
            organisation,
            add_mentor(organisation, personas["teacher"], consent=False),
            [add_mentee(organisation)],
        ),
    )
    locked_plan = services.plan_create(pair=locked_pair, actor=None)
    locked_item = services.plan_item_save(plan=locked_plan, actor=None, data={"title": "Пробный урок"})
    services.plan_approve(plan=locked_plan, actor=None)
    amendment = services.plan_amendment_propose(
        plan=locked_plan, actor=None, kind="remove", item=locked_item, reason="Урок уже проведён"
    )
    foreign_approved = approve(foreign_organisation, foreign_pair)
    services.plan_approve(plan=foreign_plan, actor=None)
    foreign_amendment = services.plan_amendment_propose(
        plan=foreign_plan, actor=None, kind="add", title="Чужой пункт 2", reason="Надо"
    )
    return {
        "locked_pair": locked_pair,
        "amendment": amendment,
        "foreign_approved_pair": foreign_approved,
        "foreign_amendment": foreign_amendment,
        "import_batch": batch,
        "foreign_import_batch": foreign_batch,
        "mentoring_consent": mentoring_consent,
        "foreign_mentoring_consent": foreign_mentoring_consent,
        "pair": pair,
        "item": item,
        "other_pair": other_pair,
        "foreign_pair": foreign_pair,
        "foreign_item": foreign_item,
        "suggestion": run.suggestions.first(),
        "run": run,
        "foreign_run": foreign_run,
        "foreign_suggestion": foreign_run.suggestions.first(),
        "mentor_profile": organisation.mentor_profiles.get(person=mentor),
        "mentee_profile": organisation.mentee_profiles.get(person=mentee),
        "foreign_mentor_profile": foreign_organisation.mentor_profiles.get(person=foreign_mentor),
        "foreign_mentee_profile": foreign_organisation.mentee_profiles.first(),
        "consent": Consent.objects.get(organisation=organisation, person=mentor),
        "foreign_consent": Consent.objects.get(organisation=foreign_organisation, person=foreign_mentor),
        "partner": partner,
        "foreign_partner": foreign_partner,
        "stranger": stranger,
    }


def _preferences_token(person) -> str:
    from mentoring.organisations.mail import preferences_token

    return preferences_token(person)


def o(world, **kwargs):
    return {"org_slug": world.organisation.slug, **kwargs}


def x(world, name):
    return world.extra[name].pk


ROWS += [
    Row("mentor base", "mentoring:mentors", org, STAFF_VIEW),
    Row("mentee base", "mentoring:mentees", org, STAFF_VIEW),
    Row("mentor add", "mentoring:mentor_add", org, BASES_MANAGE),
    Row("mentee add", "mentoring:mentee_add", org, BASES_MANAGE),
    Row("mentor card", "mentoring:mentor", lambda w: o(w, profile_id=x(w, "mentor_profile")), STAFF_VIEW),
    Row(
        "mentor card of another organisation",
        "mentoring:mentor",
        lambda w: o(w, profile_id=x(w, "foreign_mentor_profile")),
        forged(STAFF_VIEW),
    ),
    Row("mentee card", "mentoring:mentee", lambda w: o(w, profile_id=x(w, "mentee_profile")), STAFF_VIEW),
    Row(
        "mentee card of another organisation",
        "mentoring:mentee",
        lambda w: o(w, profile_id=x(w, "foreign_mentee_profile")),
        forged(STAFF_VIEW),
    ),
    Row(
        "mentor edit",
        "mentoring:mentor_edit",
        lambda w: o(w, profile_id=x(w, "mentor_profile")),
        BASES_MANAGE,
    ),
    Row(
        "mentor edit of another organisation",
        "mentoring:mentor_edit",
        lambda w: o(w, profile_id=x(w, "foreign_mentor_profile")),
        forged(BASES_MANAGE),
    ),
    Row(
        "mentee edit",
        "mentoring:mentee_edit",
        lambda w: o(w, profile_id=x(w, "mentee_profile")),
        BASES_MANAGE,
    ),
    Row("consent add", "mentoring:consent_add", lambda w: o(w, person_id=x(w, "stranger")), BASES_MANAGE),
    Row(
        "consent add for another organisation's person",
        "mentoring:consent_add",
        lambda w: o(w, person_id=w.personas["outsider"].pk),
        forged(BASES_MANAGE),
    ),
    Row(
        "consent withdraw",
        "mentoring:consent_withdraw",
        lambda w: o(w, consent_id=x(w, "consent")),
        BASES_MANAGE,
    ),
    Row(
        "consent withdraw of another organisation",
        "mentoring:consent_withdraw",
        lambda w: o(w, consent_id=x(w, "foreign_consent")),
        forged(BASES_MANAGE),
    ),
    # The demo consent has no scan: the allowed get «not found», the others are refused first.
    Row(
        "consent file",
        "mentoring:consent_file",
        lambda w: o(w, consent_id=x(w, "consent")),
        forged(BASES_MANAGE),
    ),
    Row("partners", "mentoring:partners", org, STAFF_VIEW),
    Row("partner create", "mentoring:partner_create", org, BASES_MANAGE),
    Row("partner edit", "mentoring:partner_edit", lambda w: o(w, partner_id=x(w, "partner")), BASES_MANAGE),
    Row(
        "partner edit of another organisation",
        "mentoring:partner_edit",
        lambda w: o(w, partner_id=x(w, "foreign_partner")),
        forged(BASES_MANAGE),
    ),
    Row(
        "partner delete",
        "mentoring:partner_delete",
        lambda w: o(w, partner_id=x(w, "partner")),
        posted(BASES_MANAGE),
    ),
    Row("matching", "mentoring:matching", org, MATCHING),
    Row(
        "suggestion accept",
        "mentoring:suggestion_accept",
        lambda w: o(w, suggestion_id=x(w, "suggestion")),
        MATCHING,
    ),
    Row(
        "suggestion accept of another organisation",
        "mentoring:suggestion_accept",
        lambda w: o(w, suggestion_id=x(w, "foreign_suggestion")),
        forged(MATCHING),
    ),
    Row(
        "suggestion reject",
        "mentoring:suggestion_reject",
        lambda w: o(w, suggestion_id=x(w, "suggestion")),
        posted(MATCHING),
    ),
    Row(
        "suggestions accept all",
        "mentoring:suggestions_accept_all",
        lambda w: o(w, run_id=x(w, "run")),
        posted(MATCHING),
    ),
    Row(
        "suggestions accept all of another organisation's run",
        "mentoring:suggestions_accept_all",
        lambda w: o(w, run_id=x(w, "foreign_run")),
        forged(MATCHING),
        method="post",
    ),
    Row("preferences", "mentoring:preferences", org, BASES_MANAGE),
    Row("support", "mentoring:support", org, STAFF_VIEW),
    Row(
        "support note",
        "mentoring:support_note",
        lambda w: o(w, profile_id=x(w, "mentee_profile")),
        {**dict.fromkeys(STAFF_VIEW, 403), "psychologist": 405, "curator": 405},
    ),
    Row("pairs", "mentoring:pairs", org, STAFF_VIEW),
    Row("pair create", "mentoring:pair_create", org, BASES_MANAGE),
    Row("pairs approval", "mentoring:pairs_approval", org, APPROVE),
    Row("plans create for all pairs", "mentoring:plans_create_all", org, posted(BASES_MANAGE)),
    # A teacher sees their own pair, and another pair's id is «not found» to them.
    Row("own pair", "mentoring:pair", lambda w: o(w, pair_id=x(w, "pair")), everyone(200)),
    Row(
        "pair of someone else",
        "mentoring:pair",
        lambda w: o(w, pair_id=x(w, "other_pair")),
        everyone(200, teacher=404),
    ),
    Row(
        "pair of another organisation",
        "mentoring:pair",
        lambda w: o(w, pair_id=x(w, "foreign_pair")),
        everyone(404),
    ),
    Row("pair edit", "mentoring:pair_edit", lambda w: o(w, pair_id=x(w, "pair")), BASES_MANAGE),
    Row("pair members", "mentoring:pair_members", lambda w: o(w, pair_id=x(w, "pair")), BASES_MANAGE),
    Row(
        "pair members of another organisation",
        "mentoring:pair_members",
        lambda w: o(w, pair_id=x(w, "foreign_pair")),
        forged(BASES_MANAGE),
    ),
    Row("pair status", "mentoring:pair_status", lambda w: o(w, pair_id=x(w, "pair")), posted(BASES_MANAGE)),
    Row("plan create", "mentoring:plan_create", lambda w: o(w, pair_id=x(w, "pair")), everyone(405)),
    Row("plan approve", "mentoring:plan_approve", lambda w: o(w, pair_id=x(w, "pair")), posted(APPROVE)),
    Row("plan item create", "mentoring:plan_item_create", lambda w: o(w, pair_id=x(w, "pair")), PAIR_WORK),
    Row(
        "plan item create in someone else's pair",
        "mentoring:plan_item_create",
        lambda w: o(w, pair_id=x(w, "other_pair")),
        {**PAIR_WORK, "teacher": 404},
    ),
    Row(
        "plan item edit",
        "mentoring:plan_item_edit",
        lambda w: o(w, pair_id=x(w, "pair"), item_id=x(w, "item")),
        PAIR_WORK,
    ),
    Row(
        "plan item done",
        "mentoring:plan_item_done",
        lambda w: o(w, pair_id=x(w, "pair"), item_id=x(w, "item")),
        PAIR_WORK,
    ),
    Row(
        "plan item of another organisation under own pair",
        "mentoring:plan_item_done",
        lambda w: o(w, pair_id=x(w, "pair"), item_id=x(w, "foreign_item")),
        everyone(404),
    ),
    Row(
        "plan item evidence without a file",
        "mentoring:plan_item_evidence",
        lambda w: o(w, pair_id=x(w, "pair"), item_id=x(w, "item")),
        everyone(404),
    ),
    # Issue 13: an approved plan changes through an amendment: its members and the curator propose one, the
    # director decides.
    Row(
        "plan amendment create",
        "mentoring:plan_amendment_create",
        lambda w: o(w, pair_id=x(w, "locked_pair")),
        PAIR_WORK,
    ),
    Row(
        "plan amendment create for a plan not yet approved",
        "mentoring:plan_amendment_create",
        lambda w: o(w, pair_id=x(w, "pair")),
        {**PAIR_WORK, "admin": REDIRECT, "curator": REDIRECT, "teacher": REDIRECT},
    ),
    Row(
        "plan amendment create in another organisation's pair",
        "mentoring:plan_amendment_create",
        lambda w: o(w, pair_id=x(w, "foreign_approved_pair")),
        everyone(404),
    ),
    Row(
        "plan amendment decide",
        "mentoring:plan_amendment_decide",
        lambda w: o(w, pair_id=x(w, "locked_pair"), amendment_id=x(w, "amendment")),
        posted(APPROVE),
    ),
    Row(
        "plan amendment decide, posted",
        "mentoring:plan_amendment_decide",
        lambda w: o(w, pair_id=x(w, "locked_pair"), amendment_id=x(w, "amendment")),
        {**APPROVE, "director": REDIRECT},
        method="post",
    ),
    Row(
        "plan amendment of another organisation under own pair",
        "mentoring:plan_amendment_decide",
        lambda w: o(w, pair_id=x(w, "locked_pair"), amendment_id=x(w, "foreign_amendment")),
        forged(APPROVE),
        method="post",
    ),
    Row("meeting create", "mentoring:meeting_create", lambda w: o(w, pair_id=x(w, "pair")), PAIR_WORK),
    Row(
        "meeting create in another organisation's pair",
        "mentoring:meeting_create",
        lambda w: o(w, pair_id=x(w, "foreign_pair")),
        everyone(404),
    ),
    Row("my pair", "mentoring:my_pairs", org, everyone(200)),
    Row("export", "mentoring:export", lambda w: o(w, kind="mentors"), EXPORT),
    Row("export of an unknown list", "mentoring:export", lambda w: o(w, kind="secrets"), forged(EXPORT)),
    Row("import sample", "mentoring:import_template", lambda w: o(w, kind="mentors"), EXCEL),
    Row("import", "mentoring:import", org, EXCEL),
    Row("import batches", "mentoring:import_batches", org, EXCEL),
    Row("import batch", "mentoring:import_batch", lambda w: o(w, batch_id=x(w, "import_batch")), EXCEL),
    Row(
        "import batch of another organisation",
        "mentoring:import_batch",
        lambda w: o(w, batch_id=x(w, "foreign_import_batch")),
        forged(EXCEL),
    ),
    Row(
        "import batch undo",
        "mentoring:import_batch_undo",
        lambda w: o(w, batch_id=x(w, "import_batch")),
        {name: REDIRECT if code == 200 else code for name, code in EXCEL.items()},
        method="post",
    ),
    Row(
        "import batch undo opened with GET",
        "mentoring:import_batch_undo",
        lambda w: o(w, batch_id=x(w, "import_batch")),
        posted(EXCEL),
    ),
    Row(
        "mentor record remove",
        "mentoring:mentor_remove",
        lambda w: o(w, profile_id=x(w, "mentor_profile")),
        BASES_MANAGE,
    ),
    Row(
        "mentor record of another organisation remove",
        "mentoring:mentor_remove",
        lambda w: o(w, profile_id=x(w, "foreign_mentor_profile")),
        forged(BASES_MANAGE),
    ),
    Row(
        "mentee record remove",
        "mentoring:mentee_remove",
        lambda w: o(w, profile_id=x(w, "mentee_profile")),
        BASES_MANAGE,
    ),
    Row(
        "mentee record of another organisation remove",
        "mentoring:mentee_remove",
        lambda w: o(w, profile_id=x(w, "foreign_mentee_profile")),
        forged(BASES_MANAGE),
    ),
    # 152-ФЗ: the access journal (administrator and director), anonymisation (administrator)
    Row(
        "personal data journal",
        "mentoring:personal_data",
        org,
        {
            "admin": 200,
            "director": 200,
            "curator": 403,
            "psychologist": 403,
            "teacher": 403,
            "coordinator": 403,
        },
    ),
    Row(
        "anonymise a person (without the confirmation: nothing changes)",
        "mentoring:person_anonymise",
        org_person,
        {
            "admin": REDIRECT,
            "director": 403,
            "curator": 403,
            "psychologist": 403,
            "teacher": 403,
            "coordinator": 403,
        },
        method="post",
    ),
    Row(
        "anonymise a person of another organisation",
        "mentoring:person_anonymise",
        org_foreign_person,
        {
            "admin": 404,
            "director": 403,
            "curator": 403,
            "psychologist": 403,
            "teacher": 403,
            "coordinator": 403,
        },
        method="post",
    ),
]

# --- A school gets in on its own: organisations, logins, removal -----------------------------------------

# The regional coordinator reads the region's municipalities; creating and editing organisations is the
# municipal coordinator's.
NOBODY_CREATES = dict.fromkeys(
    ["admin", "director", "curator", "psychologist", "teacher", "neighbour", "outsider", "regional"], 403
)
ORGANISATION_MANAGE = {
    "admin": 200,
    "coordinator": 200,
    "regional": 403,
    "director": 403,
    "curator": 403,
    "psychologist": 403,
    "teacher": 403,
}
LOGINS = {
    "admin": 200,
    "curator": 200,
    "director": 403,
    "psychologist": 403,
    "coordinator": 403,
    "teacher": 403,
}

ROWS += [
    # Only the site's administrator (a superuser) and a municipal coordinator create organisations.
    Row(
        "organisation create",
        "mentoring:organisation_create",
        expected={**NOBODY_CREATES, "coordinator": 200},
    ),
    Row(
        "organisation create in a municipality",
        "mentoring:organisation_create_in",
        lambda w: {"municipality_slug": w.municipality.slug},
        {**NOBODY_CREATES, "coordinator": 200},
    ),
    Row(
        "organisation create in a municipality one does not coordinate",
        "mentoring:organisation_create_in",
        lambda w: {"municipality_slug": w.foreign_organisation.municipality.slug},
        {**NOBODY_CREATES, "coordinator": 404},
    ),
    Row("organisation edit", "mentoring:organisation_edit", org, ORGANISATION_MANAGE),
    Row("logins", "mentoring:logins", org, LOGINS),
    Row(
        "login slips",
        "mentoring:login_slips",
        org,
        {name: REDIRECT if code == 200 else code for name, code in LOGINS.items()},
        method="post",
    ),
    Row("login slips opened with GET", "mentoring:login_slips", org, posted(LOGINS)),
    Row("login with a code", "mentoring:login_code", expected={"anonymous": 200}, default=200),
    # The e-mail preferences page: its signed token names the person, so anybody holding the link may open it.
    Row(
        "e-mail preferences by signed link",
        "mentoring:email_preferences",
        lambda world: {"token": _preferences_token(world.extra["stranger"])},
        {"anonymous": 200},
        default=200,
    ),
    Row(
        "e-mail preferences with a forged token",
        "mentoring:email_preferences",
        lambda world: {"token": "forged:token"},
        {"anonymous": 404},
        default=404,
    ),
    Row("person remove", "mentoring:person_remove", org_person, STAFF_MANAGE),
    Row(
        "person of another organisation remove",
        "mentoring:person_remove",
        org_foreign_person,
        {name: 404 if code == 200 else code for name, code in STAFF_MANAGE.items()},
    ),
]


# ст. 351.8 ТК РФ: the curator keeps the mentors' consents and agreements; a teacher never reaches another
# person's consent (403 before anything is looked up), an object of another organisation is «not found».
ROWS += [
    Row("programme settings", "mentoring:programme_settings", org, STAFF_MANAGE),
    Row(
        "mentoring consent add",
        "mentoring:mentoring_consent_add",
        lambda w: o(w, person_id=x(w, "stranger")),
        BASES_MANAGE,
    ),
    Row(
        "mentoring consent add for another organisation's person",
        "mentoring:mentoring_consent_add",
        lambda w: o(w, person_id=w.personas["outsider"].pk),
        forged(BASES_MANAGE),
    ),
    Row(
        "mentoring consent scan",
        "mentoring:mentoring_consent_file",
        lambda w: o(w, consent_id=x(w, "mentoring_consent")),
        BASES_MANAGE,
    ),
    Row(
        "mentoring consent scan of another organisation",
        "mentoring:mentoring_consent_file",
        lambda w: o(w, consent_id=x(w, "foreign_mentoring_consent")),
        forged(BASES_MANAGE),
    ),
    Row(
        "labour agreement",
        "mentoring:labour_agreement",
        lambda w: o(w, pair_id=x(w, "pair")),
        BASES_MANAGE,
    ),
    Row(
        "labour agreement of another organisation's pair",
        "mentoring:labour_agreement",
        lambda w: o(w, pair_id=x(w, "foreign_pair")),
        forged(BASES_MANAGE),
    ),
    Row("pair end early", "mentoring:pair_end_early", lambda w: o(w, pair_id=x(w, "pair")), BASES_MANAGE),
    Row(
        "pair end early of another organisation",
        "mentoring:pair_end_early",
        lambda w: o(w, pair_id=x(w, "foreign_pair")),
        forged(BASES_MANAGE),
    ),
]
