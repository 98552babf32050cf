"""Demo data of the region (called from `reports.demo`): the second municipality's organisations at work
(bases, a pair, a roadmap that is still a draft), the demo municipality's collection of final reports, and
the region's monitoring round announced by the regional coordinator, with the demo municipality's figures
submitted by its coordinator and the second municipality still to submit."""

from __future__ import annotations

import datetime

from django.db import transaction

from common.dates import AcademicYear
from mentoring.models import MentoringForm
from mentoring.programme import demo as programme_demo
from mentoring.programme import services as programme_services
from reports.indicators.computation import DEFINITIONS
from reports.models import MonitoringRound, ReportCollection
from reports.municipal import services
from roadmap import services as roadmap_services

SECOND = [
    # organisation, roadmap template
    ("korsakov-school-2", "school-support-plan"),
    ("korsakov-kindergarten", "kindergarten-plan"),
]


def seed(ctx) -> None:
    if ctx.region is None or MonitoringRound.objects.filter(region=ctx.region).exists():
        return
    _second_municipality(ctx)
    _municipal_roadmap(ctx)
    _collection(ctx)
    _monitoring(ctx)


@transaction.atomic
def _second_municipality(ctx) -> None:
    year = AcademicYear.of(ctx.today)
    form = MentoringForm.objects.filter(code="teacher-teacher").first()
    for slug, template in SECOND:
        organisation = ctx.organisations.get(slug)
        if organisation is None or organisation.mentor_profiles.exists():
            continue
        mentors, mentees, *_rest = programme_demo.seed_organisation(
            ctx, organisation, mentors=3, mentees=4, students=0, full=False
        )
        if form is not None and mentors and mentees:
            pair = programme_services.pair_create(
                organisation=organisation,
                mentor=mentors[0],
                mentees=mentees[:1],
                form=form,
                goal="Адаптация молодого специалиста, освоение рабочей программы.",
                actor=None,
            )
            programme_services.pairs_approve(organisation=organisation, pair_ids=[pair.pk], actor=None)
            programme_demo._backdate_pair(pair, days_ago=50, actor=None)
            programme_demo._work(
                ctx, organisation, pair, actor=None, days_ago=45, done_share=0.3, last_meeting_days=40
            )
        roadmap_services.roadmap_create_from_template(
            organisation=organisation, actor=None, template_slug=template, academic_year=year.label
        )
    ctx.log.append("Регион: Корсаковский городской округ — базы, пары и черновики дорожных карт")


def _municipal_roadmap(ctx) -> None:
    """The municipal centre keeps the municipality's own plan (a roadmap owned by the municipality)."""
    centre = ctx.organisations.get("demo-mcn")
    if centre is None or ctx.municipality.roadmaps.exists():
        return
    year = AcademicYear.of(ctx.today)
    roadmap_services.roadmap_create_from_template(
        organisation=centre,
        actor=ctx.users.get("coordinator"),
        template_slug="target-model-stages",
        academic_year=year.label,
        municipal=True,
    )


def _collection(ctx) -> None:
    year = AcademicYear.of(ctx.today)
    due_on = max(datetime.date(year.first_year + 1, 5, 30), ctx.today + datetime.timedelta(days=14))
    services.report_collection_announce(
        municipality=ctx.municipality,
        actor=ctx.users.get("coordinator"),
        kind=ReportCollection.Kind.FINAL_REPORT,
        academic_year=year.label,
        due_on=due_on,
        today=ctx.today,
    )


def _monitoring(ctx) -> None:
    year = AcademicYear.of(ctx.today)
    round_ = services.monitoring_round_announce(
        region=ctx.region,
        actor=ctx.users.get("regional"),
        title="Мониторинг реализации целевой модели наставничества",
        academic_year=year.label,
        indicator_codes=[definition.code for definition in DEFINITIONS if definition.key]
        + ["participants", "mentors_trained"],
        due_on=ctx.today + datetime.timedelta(days=21),
        instructions="Проверьте показатели организаций и представьте их до срока.",
        today=ctx.today,
    )
    services.monitoring_submission_submit(
        round_id=round_.pk,
        municipality=ctx.municipality,
        actor=ctx.users.get("coordinator"),
        comment="Данные сверены с кураторами организаций.",
    )
    ctx.log.append(f"Мониторинг региона «{round_.title}»: представил {ctx.municipality.name}")
