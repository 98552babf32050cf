"""Permission rows of the indicators, the year's documents, the bank of practices and the coordinator's
municipal pages (reports app). Municipal pages: the coordinator only (read-only); anyone else, and the
coordinator of another municipality, gets a 404."""

from django.core.files.base import ContentFile

from . import REDIRECT, Row

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
MANAGE_POST = {name: REDIRECT if code == 200 else code for name, code in MANAGE.items()}


def forged(codes):
    return {name: 404 if code in (200, REDIRECT) else code for name, code in codes.items()}


def build(*, personas, organisation, foreign_organisation):
    from reports.models import Practice

    def practice(org, title, published=True, with_file=True):
        item = Practice(
            organisation=org,
            kind=Practice.Kind.CASE,
            title=title,
            summary="Описание",
            academic_year="2025/2026",
            url="" if with_file else "https://school.example/case",
            is_published=published,
        )
        if published:
            from django.utils import timezone

            item.published_at = timezone.now()
        if with_file:
            item.file.save("case.pdf", ContentFile(b"%PDF-1.4"), save=False)
        item.save()
        return item

    return {
        "practice": practice(organisation, "Кейс"),
        "draft_practice": practice(organisation, "Черновик", published=False),
        "foreign_practice": practice(foreign_organisation, "Чужой кейс"),
    }


def org(world):
    return {"org_slug": world.organisation.slug}


def practice(name):
    return lambda world: {"org_slug": world.organisation.slug, "practice_id": world.extra[name].pk}


def municipality(world):
    return {"municipality_slug": world.municipality.slug}


def foreign_municipality(world):
    return {"municipality_slug": world.foreign_organisation.municipality.slug}


COORDINATOR = {"coordinator": 200}


def year_kind(key):
    return lambda world: {"org_slug": world.organisation.slug, "kind_key": key}


ROWS = [
    Row("indicators", "reports:indicators", org, VIEW),
    Row("documents of the year", "reports:year_documents", org, VIEW),
    Row("final report in word", "reports:document_docx", year_kind("final-report"), VIEW),
    Row("analytical note in word", "reports:document_docx", year_kind("analytical-note"), VIEW),
    Row("practices of the organisation", "reports:practices", org, VIEW),
    Row("practice create", "reports:practice_create", org, MANAGE),
    Row("practice edit", "reports:practice_edit", practice("practice"), MANAGE),
    Row(
        "practice edit of another organisation",
        "reports:practice_edit",
        practice("foreign_practice"),
        forged(MANAGE),
    ),
    Row(
        "practice publish", "reports:practice_publish", practice("draft_practice"), MANAGE_POST, method="post"
    ),
    Row(
        "practice publish of another organisation",
        "reports:practice_publish",
        practice("foreign_practice"),
        forged(MANAGE_POST),
        method="post",
    ),
    Row(
        "practice delete of another organisation",
        "reports:practice_delete",
        practice("foreign_practice"),
        forged(MANAGE_POST),
        method="post",
    ),
    Row("practice file", "reports:practice_file", practice("practice"), VIEW),
    # An unpublished item is the organisation's own work: the coordinator does not see it.
    Row(
        "unpublished practice file",
        "reports:practice_file",
        practice("draft_practice"),
        {**VIEW, "coordinator": 404, "psychologist": 404},
    ),
    Row(
        "practice file of another organisation",
        "reports:practice_file",
        practice("foreign_practice"),
        forged(VIEW),
    ),
    Row("municipal registry", "reports:municipality", municipality, COORDINATOR),
    Row("municipal registry of another municipality", "reports:municipality", foreign_municipality, {}),
    Row("municipal mentor base", "reports:municipal_mentors", municipality, COORDINATOR),
    Row(
        "municipal mentor base of another municipality", "reports:municipal_mentors", foreign_municipality, {}
    ),
    Row("municipal mentor base export", "reports:municipal_mentors_export", municipality, COORDINATOR),
    Row(
        "municipal mentor base export of another municipality",
        "reports:municipal_mentors_export",
        foreign_municipality,
        {},
    ),
    Row("municipal bank of practices", "reports:municipal_practices", municipality, COORDINATOR),
    Row("municipal bank of another municipality", "reports:municipal_practices", foreign_municipality, {}),
    Row(
        "municipal report",
        "reports:municipal_report",
        municipality,
        {"coordinator": REDIRECT, "regional": 403},
        method="post",
    ),
    Row(
        "municipal report of another municipality",
        "reports:municipal_report",
        foreign_municipality,
        {},
        method="post",
    ),
]
