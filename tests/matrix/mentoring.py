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
        {"coordinator": 200},
    ),
    Row(
        "foreign municipality",
        "mentoring:municipality",
        lambda world: {"municipality_slug": world.foreign_organisation.municipality.slug},
        {},
    ),
]
