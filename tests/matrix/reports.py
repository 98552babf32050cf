"""Permission rows of the reports app: orders, the documents hub, registry documents, background files."""

import datetime

from django.core.files.base import ContentFile

from mentoring.models import MentoringForm, Pair, PairMentee

from . import REDIRECT, Row, everyone

ORG_ROLES = ["admin", "director", "curator", "psychologist", "teacher", "coordinator"]
DRAFT_VIEW = {
    "admin": 200,
    "director": 200,
    "curator": 200,
    "psychologist": 404,
    "teacher": 404,
    "coordinator": 404,
}
MANAGE = {
    "admin": 200,
    "director": 200,
    "curator": 200,
    "psychologist": 403,
    "teacher": 403,
    "coordinator": 403,
}
ALL_DOCS = {**everyone(200), "teacher": 403}


def build(*, personas, organisation, foreign_organisation):
    from reports.models import GeneratedDocument, Order
    from reports.orders import services

    form = MentoringForm.objects.get_or_create(
        code="teacher-teacher", defaults={"name": "учитель – учитель"}
    )[0]

    def pair(org, mentor, mentee, status=Pair.Status.APPROVED):
        item = Pair.objects.create(organisation=org, mentor=mentor, form=form, status=status)
        PairMentee.objects.create(pair=item, mentee=mentee)
        return item

    own_pair = pair(organisation, personas["curator"], personas["teacher"])
    other_pair = pair(organisation, personas["psychologist"], personas["admin"])
    foreign_pair = pair(foreign_organisation, personas["outsider"], personas["outsider"])
    signed = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.INTRODUCE_MODEL)
    signed = services.order_sign(
        organisation=organisation,
        order_id=signed.pk,
        actor=personas["director"].user,
        signed_on=datetime.date(2025, 9, 1),
    )
    draft = services.order_create(organisation=organisation, actor=None, kind=Order.Kind.REGULATION)
    foreign_order = Order.objects.create(
        organisation=foreign_organisation, kind=Order.Kind.FREE, title="Чужой", body="Чужой приказ"
    )
    document = GeneratedDocument.objects.create(
        organisation=organisation, kind="agreements-all", title="Все соглашения", status="done"
    )
    document.file.save("matrix.pdf", ContentFile(b"%PDF-1.7"))
    foreign_document = GeneratedDocument.objects.create(
        organisation=foreign_organisation, kind="agreements-all", title="Чужие", status="done"
    )
    extra = _programme_objects(
        personas=personas,
        organisation=organisation,
        foreign_organisation=foreign_organisation,
        own_pair=own_pair,
        other_pair=other_pair,
        foreign_pair=foreign_pair,
    )
    return {
        **extra,
        "signed_order": signed,
        "draft_order": draft,
        "foreign_order": foreign_order,
        "own_pair": own_pair,
        "reports_other_pair": other_pair,
        "reports_foreign_pair": foreign_pair,
        "document": document,
        "foreign_document": foreign_document,
    }


def _programme_objects(*, personas, organisation, foreign_organisation, own_pair, other_pair, foreign_pair):
    """A roadmap, plans, an event and a final wave here and in the foreign organisation, for the programme
    documents."""
    from django.utils import timezone

    from mentoring.models import Plan, PlanItem
    from roadmap import services as roadmap_services
    from surveys.models import Questionnaire
    from tests.surveys.conftest import build as questionnaire

    def roadmap(org):
        return roadmap_services.roadmap_create_from_template(
            organisation=org, actor=None, template_slug="school-support-plan", academic_year="2025/2026"
        )

    def plan(pair):
        made = Plan.objects.create(pair=pair)
        PlanItem.objects.create(
            plan=made, title="Организационная встреча", due_date=datetime.date(2025, 9, 15)
        )
        return made

    def event(org, people):
        return roadmap_services.event_create(
            organisation=org,
            actor=None,
            data={"kind": "final_meeting", "title": "Итоговая встреча", "starts_at": timezone.now()},
            invited=people,
        )

    def final_wave(org):
        questions = [{"code": "Q01", "type": "scale", "text": "Уверенность", "scale": [1, 10, "", ""]}]
        entry = questionnaire(org, questions)
        final = questionnaire(org, questions)
        Questionnaire.objects.filter(pk=final.pk).update(previous_wave=entry)
        return entry, final

    for pair in (own_pair, other_pair, foreign_pair):
        plan(pair)
    entry, final = final_wave(organisation)
    from reports.models import MentorNomination

    docs_event = event(organisation, [personas["teacher"]])
    foreign_event = event(foreign_organisation, [])
    council, foreign_council = _councils(personas, organisation, foreign_organisation)
    nomination = MentorNomination.objects.create(
        organisation=organisation, event=docs_event, mentor=personas["curator"], reason="Лучший наставник"
    )
    foreign_nomination = MentorNomination.objects.create(
        organisation=foreign_organisation, event=foreign_event, mentor=personas["outsider"], reason="Чужой"
    )
    return {
        "nomination": nomination,
        "foreign_nomination": foreign_nomination,
        "docs_roadmap": roadmap(organisation),
        "docs_foreign_roadmap": roadmap(foreign_organisation),
        "docs_event": docs_event,
        "docs_foreign_event": foreign_event,
        "council": council,
        "foreign_council": foreign_council,
        "docs_entry_wave": entry,
        "docs_final_wave": final,
        "docs_foreign_final_wave": final_wave(foreign_organisation)[1],
    }


def _councils(personas, organisation, foreign_organisation):
    """A pedagogical council with its minutes here, and one in the foreign organisation."""
    from django.utils import timezone

    from reports.council import services as council_services
    from roadmap import services as roadmap_services

    def council(org, people):
        return roadmap_services.event_create(
            organisation=org,
            actor=None,
            data={"kind": "council", "title": "Педагогический совет", "starts_at": timezone.now()},
            invited=people,
        )

    own = council(organisation, [personas["director"], personas["curator"]])
    roadmap_services.attendance_set(
        event=own, actor=None, invited=[], attended=[personas["director"], personas["curator"]]
    )
    council_services.council_minutes_save(
        event=own,
        actor=None,
        number="1",
        held_on=None,
        chair=personas["director"],
        secretary=personas["curator"],
        items=[council_services.AgendaItem(title="О наставничестве", heard="Доклад", decided="Внедрить")],
    )
    foreign = council(foreign_organisation, [personas["outsider"]])
    return own, foreign


def org(world):
    return {"org_slug": world.organisation.slug}


def order(name):
    return lambda world: {"org_slug": world.organisation.slug, "order_id": world.extra[name].pk}


def kind(key):
    return lambda world: {"org_slug": world.organisation.slug, "kind_key": key}


def pair_of(name):
    return lambda world: {
        "org_slug": world.organisation.slug,
        "kind_key": "pair-agreement",
        "object_id": world.extra[name].pk,
    }


def document_of(key, name):
    return lambda world: {
        "org_slug": world.organisation.slug,
        "kind_key": key,
        "object_id": world.extra[name].pk,
    }


def generated(name):
    return lambda world: {"org_slug": world.organisation.slug, "document_id": world.extra[name].pk}


def section_of(document, section=None):
    def kwargs(world):
        found = {"org_slug": world.organisation.slug, "document": document}
        return {**found, "section": section} if section else found

    return kwargs


def forged(codes):
    """Same row with an object of another organisation: whoever could reach the page gets a 404."""
    return {name: 404 if code in (200, REDIRECT) else code for name, code in codes.items()}


PROGRAMME_ROWS = [
    # The roadmap, the registration sheet and the diagnostics comparison: those who see the roadmap and the
    # results; a teacher sees neither.
    Row("roadmap pdf", "reports:document_object_pdf", document_of("roadmap", "docs_roadmap"), ALL_DOCS),
    Row(
        "roadmap pdf of another organisation",
        "reports:document_object_pdf",
        document_of("roadmap", "docs_foreign_roadmap"),
        forged(ALL_DOCS),
    ),
    Row("roadmap pdf without a roadmap", "reports:document_pdf", kind("roadmap"), forged(ALL_DOCS)),
    # A teacher gets the plan of their own pair only.
    Row(
        "own pair plan pdf",
        "reports:document_object_pdf",
        document_of("pair-plan", "own_pair"),
        everyone(200),
    ),
    Row(
        "another pair's plan pdf",
        "reports:document_object_pdf",
        document_of("pair-plan", "reports_other_pair"),
        {**everyone(200), "teacher": 404},
    ),
    Row(
        "plan pdf of a pair of another organisation",
        "reports:document_object_pdf",
        document_of("pair-plan", "reports_foreign_pair"),
        everyone(404),
    ),
    Row(
        "registration sheet pdf",
        "reports:document_object_pdf",
        document_of("event-registration", "docs_event"),
        ALL_DOCS,
    ),
    Row(
        "registration sheet of another organisation",
        "reports:document_object_pdf",
        document_of("event-registration", "docs_foreign_event"),
        forged(ALL_DOCS),
    ),
    Row(
        "diagnostics comparison pdf",
        "reports:document_object_pdf",
        document_of("survey-comparison", "docs_final_wave"),
        ALL_DOCS,
    ),
    Row(
        "comparison of an entry wave (nothing to compare)",
        "reports:document_object_pdf",
        document_of("survey-comparison", "docs_entry_wave"),
        forged(ALL_DOCS),
    ),
    Row(
        "comparison of another organisation",
        "reports:document_object_pdf",
        document_of("survey-comparison", "docs_foreign_final_wave"),
        forged(ALL_DOCS),
    ),
]


def docx_of(key, name):
    return lambda world: {
        "org_slug": world.organisation.slug,
        "kind_key": key,
        "object_id": world.extra[name].pk,
    }


# The Word copy of every kind: the same people as its PDF.
DOCX_ROWS = [
    Row("signed order word copy", "reports:order_docx", order("signed_order"), everyone(200)),
    Row("draft order word copy", "reports:order_docx", order("draft_order"), DRAFT_VIEW),
    Row(
        "order word copy of another organisation",
        "reports:order_docx",
        order("foreign_order"),
        forged(everyone(200)),
    ),
    Row("roadmap word", "reports:document_object_docx", docx_of("roadmap", "docs_roadmap"), ALL_DOCS),
    Row(
        "roadmap word of another organisation",
        "reports:document_object_docx",
        docx_of("roadmap", "docs_foreign_roadmap"),
        forged(ALL_DOCS),
    ),
    Row(
        "own pair plan word", "reports:document_object_docx", docx_of("pair-plan", "own_pair"), everyone(200)
    ),
    Row(
        "another pair's plan word",
        "reports:document_object_docx",
        docx_of("pair-plan", "reports_other_pair"),
        {**everyone(200), "teacher": 404},
    ),
    Row(
        "own pair agreement word",
        "reports:document_object_docx",
        docx_of("pair-agreement", "own_pair"),
        everyone(200),
    ),
    Row(
        "agreement word of a pair of another organisation",
        "reports:document_object_docx",
        docx_of("pair-agreement", "reports_foreign_pair"),
        everyone(404),
    ),
    Row("agreement word without a pair", "reports:document_docx", kind("pair-agreement"), everyone(404)),
    Row(
        "all agreements in word",
        "reports:document_docx",
        kind("agreements-all"),
        {**everyone(200), "teacher": 403, "coordinator": 403},
    ),
    Row(
        "registration sheet word",
        "reports:document_object_docx",
        docx_of("event-registration", "docs_event"),
        ALL_DOCS,
    ),
    Row(
        "diagnostics comparison word",
        "reports:document_object_docx",
        docx_of("survey-comparison", "docs_final_wave"),
        ALL_DOCS,
    ),
    Row(
        "comparison word of another organisation",
        "reports:document_object_docx",
        docx_of("survey-comparison", "docs_foreign_final_wave"),
        forged(ALL_DOCS),
    ),
    Row("unknown kind in word", "reports:document_docx", kind("no-such-kind"), everyone(404)),
    # The order has its own Word view (a signed order's copy is marked), not the generic one.
    Row("order through the generic word view", "reports:document_docx", kind("order"), everyone(404)),
]

ROWS = [
    *DOCX_ROWS,
    Row("documents hub", "reports:documents", org, everyone(200)),
    Row("orders register", "reports:orders", org, everyone(200)),
    Row("order create", "reports:order_create", org, MANAGE),
    Row(
        "order numbering",
        "reports:register_settings",
        org,
        {**MANAGE, "curator": 403},
    ),
    Row("signed order", "reports:order", order("signed_order"), everyone(200)),
    Row("signed order pdf", "reports:order_pdf", order("signed_order"), everyone(200)),
    Row("draft order", "reports:order", order("draft_order"), DRAFT_VIEW),
    Row("draft order pdf", "reports:order_pdf", order("draft_order"), DRAFT_VIEW),
    Row("draft order edit", "reports:order_edit", order("draft_order"), MANAGE),
    # A signed order is never edited: the page sends back to the order with a message.
    Row(
        "signed order edit",
        "reports:order_edit",
        order("signed_order"),
        {**MANAGE, "admin": REDIRECT, "director": REDIRECT, "curator": REDIRECT},
    ),
    # Only the director signs (POST); the others are refused, whoever they are.
    Row(
        "order sign",
        "reports:order_sign",
        order("draft_order"),
        {**dict.fromkeys(ORG_ROLES, 403), "director": REDIRECT},
        method="post",
    ),
    # Laying out a signed order's PDF again after a failure: the director only (POST).
    Row(
        "order pdf retry",
        "reports:order_pdf_retry",
        order("signed_order"),
        {**dict.fromkeys(ORG_ROLES, 403), "director": REDIRECT},
        method="post",
    ),
    Row(
        "order pdf retry of another organisation",
        "reports:order_pdf_retry",
        order("foreign_order"),
        {**dict.fromkeys(ORG_ROLES, 403), "director": 404},
        method="post",
    ),
    Row("order of another organisation", "reports:order", order("foreign_order"), forged(everyone(200))),
    Row(
        "order pdf of another organisation",
        "reports:order_pdf",
        order("foreign_order"),
        forged(everyone(200)),
    ),
    Row("order edit of another organisation", "reports:order_edit", order("foreign_order"), forged(MANAGE)),
    Row(
        "order sign of another organisation",
        "reports:order_sign",
        order("foreign_order"),
        {**dict.fromkeys(ORG_ROLES, 403), "director": 404},
        method="post",
    ),
    Row("agreement without a pair", "reports:document_pdf", kind("pair-agreement"), everyone(404)),
    # A teacher gets the agreement of their own pair only.
    Row("own pair agreement", "reports:document_object_pdf", pair_of("own_pair"), everyone(200)),
    Row(
        "another pair's agreement",
        "reports:document_object_pdf",
        pair_of("reports_other_pair"),
        {**everyone(200), "teacher": 404},
    ),
    Row(
        "agreement of a pair of another organisation",
        "reports:document_object_pdf",
        pair_of("reports_foreign_pair"),
        everyone(404),
    ),
    Row(
        "all agreements are built, not downloaded",
        "reports:document_pdf",
        kind("agreements-all"),
        {**everyone(404), "teacher": 403, "coordinator": 403},
    ),
    Row(
        "build all agreements",
        "reports:document_build",
        kind("agreements-all"),
        {**everyone(REDIRECT), "teacher": 403, "coordinator": 403},
        method="post",
    ),
    Row("generated document", "reports:generated", generated("document"), ALL_DOCS),
    Row("generated document download", "reports:generated_download", generated("document"), ALL_DOCS),
    Row(
        "generated document of another organisation",
        "reports:generated",
        generated("foreign_document"),
        forged(ALL_DOCS),
    ),
    Row(
        "generated download of another organisation",
        "reports:generated_download",
        generated("foreign_document"),
        forged(ALL_DOCS),
    ),
    *PROGRAMME_ROWS,
]


def event_of(name):
    return lambda world: {"org_slug": world.organisation.slug, "event_id": world.extra[name].pk}


# The minutes of the pedagogical council: read by those who have the programme's documents, filled by those
# who manage the events (a POST without data shows the form again with its errors: 200).
MINUTES_FILL = {**ALL_DOCS, "psychologist": 403, "coordinator": 403}
ROWS += [
    Row("council minutes", "reports:council_minutes", event_of("council"), ALL_DOCS),
    Row("council minutes save", "reports:council_minutes", event_of("council"), MINUTES_FILL, method="post"),
    Row(
        "council minutes of another organisation",
        "reports:council_minutes",
        event_of("foreign_council"),
        forged(ALL_DOCS),
    ),
    Row(
        "council minutes save of another organisation",
        "reports:council_minutes",
        event_of("foreign_council"),
        forged(ALL_DOCS),
        method="post",
    ),
    Row(
        "minutes of an event that is not a council",
        "reports:council_minutes",
        event_of("docs_event"),
        forged(ALL_DOCS),
    ),
    Row(
        "council minutes pdf",
        "reports:document_object_pdf",
        document_of("council-minutes", "council"),
        ALL_DOCS,
    ),
    Row(
        "council minutes word",
        "reports:document_object_docx",
        document_of("council-minutes", "council"),
        ALL_DOCS,
    ),
    Row(
        "council minutes pdf of another organisation",
        "reports:document_object_pdf",
        document_of("council-minutes", "foreign_council"),
        forged(ALL_DOCS),
    ),
    Row(
        "council minutes word of another organisation",
        "reports:document_object_docx",
        document_of("council-minutes", "foreign_council"),
        forged(ALL_DOCS),
    ),
]


# ст. 351.8 ТК РФ documents: the staff who run the programme and the mentor themself; the teacher here is the
# mentee of `own_pair` (its mentor is the curator) and never gets the mentor's consent or agreement.
LABOUR_DOCS = {**everyone(200), "teacher": 404}
ROWS += [
    Row(
        "mentor's consent form pdf",
        "reports:document_object_pdf",
        document_of("mentoring-consent", "own_pair"),
        LABOUR_DOCS,
    ),
    Row(
        "mentor's consent form of another organisation",
        "reports:document_object_pdf",
        document_of("mentoring-consent", "reports_foreign_pair"),
        everyone(404),
    ),
    Row(
        "thanks letters pdf",
        "reports:document_object_pdf",
        document_of("thanks-letters", "docs_event"),
        ALL_DOCS,
    ),
    Row(
        "thanks letters of another organisation",
        "reports:document_object_pdf",
        document_of("thanks-letters", "docs_foreign_event"),
        forged(ALL_DOCS),
    ),
    Row("order wordings", "reports:wording_list", org, MANAGE),
    Row(
        "order wording edit",
        "reports:wording_edit",
        lambda w: {"org_slug": w.organisation.slug, "kind": "pairs"},
        MANAGE,
    ),
    Row(
        "order wording of an unknown kind",
        "reports:wording_edit",
        lambda w: {"org_slug": w.organisation.slug, "kind": "nonsense"},
        forged(MANAGE),
    ),
    # The organisation's own text of the Положение and the Программа: read by those who read the documents,
    # changed by those who prepare orders (an empty text is refused: the page again, 200).
    Row("document text", "reports:document_text", section_of("regulation"), ALL_DOCS),
    Row("document text of the programme", "reports:document_text", section_of("programme"), ALL_DOCS),
    Row(
        "document text of an unknown document", "reports:document_text", section_of("order"), forged(ALL_DOCS)
    ),
    Row("document section", "reports:document_section", section_of("regulation", "general"), ALL_DOCS),
    Row(
        "document section saved",
        "reports:document_section",
        section_of("programme", "stages"),
        MANAGE,
        method="post",
    ),
    Row(
        "document section unknown",
        "reports:document_section",
        section_of("regulation", "nonsense"),
        forged(ALL_DOCS),
    ),
    Row("nominations", "reports:nominations", event_of("docs_event"), MANAGE),
    Row(
        "nominations of another organisation",
        "reports:nominations",
        event_of("docs_foreign_event"),
        forged(MANAGE),
    ),
    Row(
        "nomination delete",
        "reports:nomination_delete",
        lambda w: {"org_slug": w.organisation.slug, "nomination_id": w.extra["nomination"].pk},
        {name: 405 if code == 200 else code for name, code in MANAGE.items()},
    ),
    Row(
        "nomination delete of another organisation",
        "reports:nomination_delete",
        lambda w: {"org_slug": w.organisation.slug, "nomination_id": w.extra["foreign_nomination"].pk},
        {name: 405 if code == 200 else code for name, code in MANAGE.items()},
    ),
]
