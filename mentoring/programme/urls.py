"""URLs of the mentoring programme: bases, consents, partners, matching, pairs, plans, meetings, Excel."""

from django.urls import path

from mentoring.programme import labour_views as labour
from mentoring.programme import views as programme

ORG = "o/<slug:org_slug>/"

urlpatterns = [
    # 152-ФЗ: the administrator anonymises a person on request
    path(ORG + "people/<int:person_id>/anonymise/", programme.person_anonymise, name="person_anonymise"),
    # The mentor and mentee bases
    path(ORG + "mentors/", programme.mentor_list, name="mentors"),
    path(ORG + "mentors/add/", programme.base_add, {"base": "mentor"}, name="mentor_add"),
    path(ORG + "mentors/<int:profile_id>/", programme.base_detail, {"base": "mentor"}, name="mentor"),
    path(ORG + "mentors/<int:profile_id>/edit/", programme.base_edit, {"base": "mentor"}, name="mentor_edit"),
    path(
        ORG + "mentors/<int:profile_id>/remove/",
        programme.base_remove,
        {"base": "mentor"},
        name="mentor_remove",
    ),
    path(ORG + "mentees/", programme.mentee_list, name="mentees"),
    path(ORG + "mentees/add/", programme.base_add, {"base": "mentee"}, name="mentee_add"),
    path(ORG + "mentees/<int:profile_id>/", programme.base_detail, {"base": "mentee"}, name="mentee"),
    path(ORG + "mentees/<int:profile_id>/edit/", programme.base_edit, {"base": "mentee"}, name="mentee_edit"),
    path(
        ORG + "mentees/<int:profile_id>/remove/",
        programme.base_remove,
        {"base": "mentee"},
        name="mentee_remove",
    ),
    path(ORG + "people/<int:person_id>/consent/", programme.consent_add, name="consent_add"),
    path(ORG + "consents/<int:consent_id>/withdraw/", programme.consent_withdraw, name="consent_withdraw"),
    path(ORG + "consents/<int:consent_id>/file/", programme.consent_file, name="consent_file"),
    # ст. 351.8 ТК РФ: the programme's settings, the mentor's consent, the additional agreement, ending early
    path(ORG + "programme-settings/", labour.programme_settings, name="programme_settings"),
    path(
        ORG + "people/<int:person_id>/mentoring-consent/",
        labour.mentoring_consent_add,
        name="mentoring_consent_add",
    ),
    path(
        ORG + "mentoring-consents/<int:consent_id>/file/",
        labour.mentoring_consent_file,
        name="mentoring_consent_file",
    ),
    path(
        ORG + "pairs/<int:pair_id>/labour-agreement/", labour.labour_agreement_edit, name="labour_agreement"
    ),
    path(ORG + "pairs/<int:pair_id>/end-early/", labour.pair_end_early, name="pair_end_early"),
    # Partners
    path(ORG + "partners/", programme.partner_list, name="partners"),
    path(ORG + "partners/new/", programme.partner_edit, name="partner_create"),
    path(ORG + "partners/<int:partner_id>/edit/", programme.partner_edit, name="partner_edit"),
    path(ORG + "partners/<int:partner_id>/delete/", programme.partner_delete, name="partner_delete"),
    # Matching, preferences, mentees without a pair
    path(ORG + "matching/", programme.matching, name="matching"),
    path(ORG + "matching/<int:suggestion_id>/accept/", programme.suggestion_accept, name="suggestion_accept"),
    path(ORG + "matching/<int:suggestion_id>/reject/", programme.suggestion_reject, name="suggestion_reject"),
    path(
        ORG + "matching/runs/<int:run_id>/accept-all/",
        programme.suggestions_accept_all,
        name="suggestions_accept_all",
    ),
    path(ORG + "preferences/", programme.preferences, name="preferences"),
    path(ORG + "support/", programme.support, name="support"),
    path(ORG + "support/<int:profile_id>/note/", programme.support_note, name="support_note"),
    # Pairs and groups, plans, meetings
    path(ORG + "pairs/", programme.pair_list, name="pairs"),
    path(ORG + "pairs/new/", programme.pair_create, name="pair_create"),
    path(ORG + "pairs/approval/", programme.pairs_approval, name="pairs_approval"),
    path(ORG + "pairs/plans/create-all/", programme.plans_create_all, name="plans_create_all"),
    path(ORG + "pairs/<int:pair_id>/", programme.pair_detail, name="pair"),
    path(ORG + "pairs/<int:pair_id>/edit/", programme.pair_edit, name="pair_edit"),
    path(ORG + "pairs/<int:pair_id>/members/", programme.pair_members, name="pair_members"),
    path(ORG + "pairs/<int:pair_id>/status/", programme.pair_status, name="pair_status"),
    path(ORG + "pairs/<int:pair_id>/plan/", programme.plan_create, name="plan_create"),
    path(ORG + "pairs/<int:pair_id>/plan/approve/", programme.plan_approve, name="plan_approve"),
    path(ORG + "pairs/<int:pair_id>/plan/items/new/", programme.plan_item_edit, name="plan_item_create"),
    path(
        ORG + "pairs/<int:pair_id>/plan/items/<int:item_id>/", programme.plan_item_edit, name="plan_item_edit"
    ),
    path(
        ORG + "pairs/<int:pair_id>/plan/items/<int:item_id>/done/",
        programme.plan_item_done,
        name="plan_item_done",
    ),
    path(
        ORG + "pairs/<int:pair_id>/plan/items/<int:item_id>/evidence/",
        programme.plan_item_evidence,
        name="plan_item_evidence",
    ),
    path(
        ORG + "pairs/<int:pair_id>/plan/amendments/new/",
        programme.plan_amendment_create,
        name="plan_amendment_create",
    ),
    path(
        ORG + "pairs/<int:pair_id>/plan/amendments/<int:amendment_id>/decide/",
        programme.plan_amendment_decide,
        name="plan_amendment_decide",
    ),
    path(ORG + "pairs/<int:pair_id>/meetings/new/", programme.meeting_create, name="meeting_create"),
    path(ORG + "my-pair/", programme.my_pairs, name="my_pairs"),
    # Excel
    path(ORG + "excel/sample-<str:kind>.xlsx", programme.import_template, name="import_template"),
    path(ORG + "excel/<str:kind>.xlsx", programme.export, name="export"),
]
