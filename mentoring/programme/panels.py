"""The mentoring programme's navigation entries, dashboard panels, upcoming items and reminders."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.models import Meeting, Pair, PlanItem, Role
from mentoring.organisations import calendar, dashboard, navigation, reminders
from mentoring.organisations.access import OrganisationAccess, Perm
from mentoring.programme import selectors


def _programme(access: OrganisationAccess, request):
    pairs = selectors.pairs_summary(access.organisation)
    return {
        "bases": selectors.bases_summary(access.organisation),
        "pairs": pairs,
        # «пар работают» is the pairs list behind it (?status=active): active pairs only, not the approved
        # ones that have not started (the same per-status summary the pairs page shows above that list).
        "working": pairs.get(Pair.Status.ACTIVE, 0),
        "plans": selectors.plans_progress(access.organisation),
        "at_risk": list(selectors.pairs_at_risk(access.organisation)[:8]),
        "at_risk_days": selectors.at_risk_days(),
        "can_approve": access.has(Perm.APPROVE),
        # The director's to-do: changes proposed to approved plans.
        "amendments": selectors.pending_plan_amendments(access.organisation).count()
        if access.has(Perm.APPROVE)
        else 0,
        "can_match": access.has(Perm.RUN_MATCHING),
    }


def _my_pairs(access: OrganisationAccess, request):
    if access.person is None:
        return None
    own = selectors.own_pair_ids(access.organisation, access.person)
    if not own:
        return None
    pairs = list(selectors.pairs_for(access.organisation).filter(pk__in=own).open())
    if not pairs:
        return None
    return {"pairs": pairs, "person": access.person}


def _mentoring_upcoming(access: OrganisationAccess, *, today, horizon_days):
    """A teacher's own plan items due soon (and overdue ones)."""
    if access.person is None:
        return []
    own = selectors.own_pair_ids(access.organisation, access.person)
    if not own:
        return []
    items = (
        PlanItem.objects.filter(
            Pair.working_q("plan__pair__"),
            plan__pair__in=own,
            done=False,
            due_date__lte=today + datetime.timedelta(days=horizon_days),
        )
        .select_related("plan__pair")
        .order_by("due_date")[:10]
    )
    slug = access.organisation.slug
    return [
        dashboard.UpcomingItem(
            date=item.due_date,
            title=item.title,
            url=reverse("mentoring:pair", args=[slug, item.plan.pair_id]) + "#plan",
            kind=gettext("План"),
            overdue=item.due_date < today,
        )
        for item in items
    ]


def _site() -> str:
    from django.conf import settings

    return settings.SITE_URL


def mentoring_reminders(*, today):
    """Mentors whose pair has gone without a meeting too long (once a week per pair), and the people of a pair
    whose plan items fall due within a week (once per item)."""
    from mentoring.models import Organisation

    week = today.isocalendar()
    for organisation in Organisation.objects.filter(Pair.working_q("pairs__")).distinct():
        for pair in selectors.pairs_at_risk(organisation, today=today):
            if not pair.mentor.email:
                continue
            mentees = ", ".join(link.mentee.short_name for link in pair.pair_mentees.all())
            yield reminders.Reminder(
                key=f"pair-at-risk:{pair.pk}:{week.year}-W{week.week:02d}",
                email=pair.mentor.email,
                kind="pairs",
                subject="Наставничество: давно не было встречи",
                body=(
                    f"Здравствуйте, {pair.mentor.first_name} {pair.mentor.patronymic}!\n\n"
                    f"С наставляемыми ({mentees}) не было встречи больше {selectors.at_risk_days()} дней. "
                    "Пожалуйста, проведите встречу и отметьте её в разделе «Моя наставническая пара».\n"
                    f"{_site()}{reverse('mentoring:pair', args=[organisation.slug, pair.pk])}"
                ),
            )
    due = (
        PlanItem.objects.filter(
            Pair.working_q("plan__pair__"),
            done=False,
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=7),
        )
        .select_related("plan__pair__mentor", "plan__pair__organisation")
        .prefetch_related("plan__pair__pair_mentees__mentee")
        .order_by("due_date", "pk")
    )
    for item in due:
        pair = item.plan.pair
        people = [pair.mentor, *[link.mentee for link in pair.pair_mentees.all()]]
        for person in people:
            if not person.email:
                continue
            yield reminders.Reminder(
                key=f"plan-item-due:{item.pk}:{item.due_date}",
                email=person.email,
                kind="plans",
                subject=f"Наставничество: срок пункта плана {item.due_date:%d.%m.%Y}",
                body=(
                    f"Здравствуйте, {person.first_name} {person.patronymic}!\n\n"
                    f"До {item.due_date:%d.%m.%Y} в индивидуальном плане нужно выполнить: «{item.title}».\n"
                    f"{_site()}{reverse('mentoring:pair', args=[pair.organisation.slug, pair.pk])}#plan"
                ),
            )


def _calendar_items(*, person, organisation):
    """The person's own pairs: the plan items with a deadline and the meetings."""
    pairs = selectors.pairs_of_person(organisation, person).values("pk")
    for item in PlanItem.objects.filter(plan__pair__in=pairs, due_date__isnull=False).select_related(
        "plan__pair"
    ):
        if item.due_date is None:
            continue
        yield calendar.FeedItem(
            uid=f"plan-item-{item.pk}",
            summary=("✔ " if item.done else "") + _("Срок по плану: %(title)s") % {"title": item.title},
            date=item.due_date,
            description=organisation.short_name,
            path=reverse("mentoring:my_pairs", args=[organisation.slug]),
        )
    for meeting in Meeting.objects.filter(pair__in=pairs):
        yield calendar.FeedItem(
            uid=f"meeting-{meeting.pk}",
            summary=_("Встреча наставнической пары: %(topic)s") % {"topic": meeting.topic},
            date=meeting.date,
            description=organisation.short_name,
            path=reverse("mentoring:my_pairs", args=[organisation.slug]),
        )


def register() -> None:
    navigation.register(
        label=_("Наставники"),
        url_name="mentoring:mentors",
        group=_("Программа"),
        permission=Perm.VIEW_BASES,
        icon="mortarboard",
        order=20,
    )
    navigation.register(
        label=_("Наставляемые"),
        url_name="mentoring:mentees",
        group=_("Программа"),
        permission=Perm.VIEW_BASES,
        icon="person-up",
        order=21,
    )
    navigation.register(
        label=_("Подбор"),
        url_name="mentoring:matching",
        group=_("Программа"),
        permission=Perm.RUN_MATCHING,
        icon="shuffle",
        order=22,
    )
    navigation.register(
        label=_("Пары"),
        url_name="mentoring:pairs",
        group=_("Программа"),
        permission=Perm.VIEW_BASES,
        icon="diagram-3",
        order=23,
    )
    navigation.register(
        label=_("Утверждение пар"),
        url_name="mentoring:pairs_approval",
        group=_("Программа"),
        permission=Perm.APPROVE,
        icon="check2-square",
        order=24,
    )
    navigation.register(
        label=_("Поддержка"),
        url_name="mentoring:support",
        group=_("Программа"),
        permission={Role.PSYCHOLOGIST},
        icon="heart-pulse",
        order=25,
    )
    navigation.register(
        label=_("Моя пара"),
        url_name="mentoring:my_pairs",
        group=_("Программа"),
        permission={Role.TEACHER},
        icon="people-fill",
        order=26,
    )
    dashboard.register_panel(
        key="my-pairs",
        template="mentoring/panels/my_pairs.html",
        permission=Perm.VIEW_ORGANISATION,
        context=_my_pairs,
        order=4,
    )
    dashboard.register_panel(
        key="programme",
        template="mentoring/panels/programme.html",
        permission=Perm.VIEW_BASES,
        context=_programme,
        order=15,
        wide=True,
    )
    dashboard.register_upcoming(_mentoring_upcoming)
    reminders.register(mentoring_reminders)
    calendar.register(_calendar_items)
