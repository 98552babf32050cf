"""Permission rows of the municipal overview's .xlsx, the collection of reports, the monitoring at both
levels and the region's pages (reports app, issue 14).

The world: the test municipality belongs to «Тестовская область», whose regional centre (in the test
municipality, but not one of its organisations) has the `regional` persona as its coordinator (made with the
matrix's personas, `tests/conftest.py` `make_regional_persona`, so every app's rows check it); the region's
second municipality has one school. The municipal coordinator acts in its municipality (announces a
collection, submits monitoring) and sees nothing of the neighbour municipality or the region's pages; the
regional coordinator reads every municipality of the region, acts only on the region's pages; nobody else
sees any of it (404)."""

from . import REDIRECT, Row

READ = {"coordinator": 200, "regional": 200}
ACT = {"coordinator": REDIRECT, "regional": 403}
REGION = {"regional": 200}


def build(*, personas, organisation, foreign_organisation):
    """The region itself and its coordinator are the matrix's own (`conftest.make_regional_persona`): every
    row checks the `regional` persona. Here the region's second municipality with a school, another region
    (the foreign organisation's), and a monitoring round in each."""
    import datetime

    from common import dates
    from mentoring.models import Municipality, Organisation, Region
    from reports.models import MonitoringRound

    region = Region.objects.get(slug="test-region")
    second = Municipality.objects.create(name="Второй район", slug="second-district", region=region)
    second_school = Organisation.objects.create(
        municipality=second, name="Школа № 7", short_name="Школа № 7", slug="school-7"
    )
    other = Region.objects.create(name="Другая область", slug="other-region")
    Municipality.objects.filter(pk=foreign_organisation.municipality_id).update(region=other)
    due = dates.today() + datetime.timedelta(days=30)
    return {
        "region": region,
        "second_municipality": second,
        "second_school": second_school,
        "regional_centre": Organisation.objects.get(slug="regional-centre"),
        "other_region": other,
        "round": MonitoringRound.objects.create(
            region=region,
            title="Мониторинг",
            academic_year="2025/2026",
            indicator_codes=["participants"],
            due_on=due,
        ),
        "foreign_round": MonitoringRound.objects.create(
            region=other,
            title="Чужой",
            academic_year="2025/2026",
            indicator_codes=["participants"],
            due_on=due,
        ),
    }


def municipality(world):
    return {"municipality_slug": world.municipality.slug}


def second_municipality(world):
    return {"municipality_slug": world.extra["second_municipality"].slug}


def foreign_municipality(world):
    return {"municipality_slug": world.foreign_organisation.municipality.slug}


def municipal_round(name):
    return lambda world: {"municipality_slug": world.municipality.slug, "round_id": world.extra[name].pk}


def region(world):
    return {"region_slug": world.extra["region"].slug}


def other_region(world):
    return {"region_slug": world.extra["other_region"].slug}


def region_round(name, region_key="region"):
    return lambda world: {"region_slug": world.extra[region_key].slug, "round_id": world.extra[name].pk}


def round_return(world):
    return {
        "region_slug": world.extra["region"].slug,
        "round_id": world.extra["round"].pk,
        "municipality_id": world.municipality.pk,
    }


ROWS = [
    # The municipality (the coordinator's, read from the region too).
    Row("municipal overview export", "reports:municipality_export", municipality, READ),
    Row(
        "municipal overview export of another municipality",
        "reports:municipality_export",
        foreign_municipality,
        {},
    ),
    Row(
        "municipal overview of the region's other municipality",
        "reports:municipality",
        second_municipality,
        REGION,
    ),
    Row(
        "a school of the region's other municipality",
        "mentoring:dashboard",
        lambda world: {"org_slug": world.extra["second_school"].slug},
        REGION,
    ),
    Row(
        "the regional centre's own page",
        "mentoring:dashboard",
        lambda world: {"org_slug": world.extra["regional_centre"].slug},
        REGION,
    ),
    Row("collection of reports", "reports:municipal_collections", municipality, READ),
    Row(
        "collection of reports of another municipality",
        "reports:municipal_collections",
        foreign_municipality,
        {},
    ),
    Row("collection announce", "reports:municipal_collection_create", municipality, ACT, method="post"),
    Row(
        "collection announce (GET)",
        "reports:municipal_collection_create",
        municipality,
        {"coordinator": 405, "regional": 403},
    ),
    Row("municipal monitoring", "reports:municipal_monitoring", municipality, READ),
    Row(
        "municipal monitoring of another municipality",
        "reports:municipal_monitoring",
        foreign_municipality,
        {},
    ),
    Row("municipal monitoring round", "reports:municipal_monitoring_round", municipal_round("round"), READ),
    Row(
        "municipal monitoring round of another region",
        "reports:municipal_monitoring_round",
        municipal_round("foreign_round"),
        {"coordinator": 404, "regional": 404},
    ),
    Row(
        "monitoring submit",
        "reports:municipal_monitoring_submit",
        municipal_round("round"),
        ACT,
        method="post",
    ),
    Row(
        "monitoring submit to another region",
        "reports:municipal_monitoring_submit",
        municipal_round("foreign_round"),
        {"coordinator": 404, "regional": 403},
        method="post",
    ),
    # The region: its coordinator only.
    Row("region", "mentoring:region", region, {"regional": REDIRECT}),
    Row("another region", "mentoring:region", other_region, {}),
    Row("region overview", "reports:region", region, REGION),
    Row("region overview of another region", "reports:region", other_region, {}),
    Row("region overview export", "reports:region_export", region, REGION),
    Row("region monitoring", "reports:region_monitoring", region, REGION),
    Row("region monitoring of another region", "reports:region_monitoring", other_region, {}),
    # An empty form is shown again with its errors (200), nothing is announced.
    Row("round announce", "reports:region_round_create", region, REGION, method="post"),
    Row("round announce (GET)", "reports:region_round_create", region, {"regional": 405}),
    Row("round", "reports:region_round", region_round("round"), REGION),
    Row("round of another region", "reports:region_round", region_round("foreign_round"), {"regional": 404}),
    Row("round export", "reports:region_round_export", region_round("round"), REGION),
    Row(
        "round export of another region",
        "reports:region_round_export",
        region_round("foreign_round"),
        {"regional": 404},
    ),
    Row("round return", "reports:region_round_return", round_return, {"regional": REDIRECT}, method="post"),
    Row("round return (GET)", "reports:region_round_return", round_return, {"regional": 405}),
]
