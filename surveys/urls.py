from django.urls import path

from . import views

app_name = "surveys"

prefix = "o/<slug:org_slug>/surveys/"
one = prefix + "<int:pk>/"

urlpatterns = [
    path(prefix, views.questionnaire_list, name="list"),
    path(prefix + "mine/", views.my_questionnaires, name="mine"),
    path(prefix + "new/", views.questionnaire_new, name="create"),
    path(one, views.questionnaire_detail, name="detail"),
    path(one + "settings/", views.questionnaire_edit, name="edit"),
    path(one + "delete/", views.questionnaire_delete, name="delete"),
    path(one + "duplicate/", views.questionnaire_duplicate, name="duplicate"),
    path(one + "final-wave/", views.final_wave_create, name="final_wave"),
    path(one + "open/", views.questionnaire_open, name="open"),
    path(one + "close/", views.questionnaire_close, name="close"),
    path(one + "preview/", views.questionnaire_preview, name="preview"),
    path(one + "sections/new/", views.section_create, name="section_create"),
    path(one + "sections/<int:section_id>/edit/", views.section_edit, name="section_edit"),
    path(one + "sections/<int:section_id>/delete/", views.section_delete, name="section_delete"),
    path(one + "questions/new/", views.question_create, name="question_create"),
    path(one + "questions/<int:question_id>/edit/", views.question_edit, name="question_edit"),
    path(one + "questions/<int:question_id>/delete/", views.question_delete, name="question_delete"),
    path(one + "questions/<int:question_id>/move/", views.question_move, name="question_move"),
    path(one + "invitations/", views.invitation_list, name="invitations"),
    path(one + "invitations/send/", views.invitations_send, name="invitations_send"),
    path(one + "invitations/qr/", views.invitations_qr_sheet, name="invitations_qr"),
    path(one + "results/", views.results, name="results"),
    path(one + "export/", views.export_xlsx, name="export"),
    path(one + "comparison/", views.comparison, name="comparison"),
    # The personal link from the invitation: the token names the invitation (see views.fill).
    path("s/<str:token>/", views.fill, name="fill"),
]
