"""The e-mail preferences page: opened from the link in every message, without logging in (the signed token
names the person). A mail client's one-click unsubscribe (RFC 8058) POSTs «List-Unsubscribe=One-Click»."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from mentoring.organisations import mail
from mentoring.organisations.models import EmailPreference


class EmailPreferencesForm(forms.Form):
    pairs = forms.BooleanField(
        required=False, label=gettext_lazy("Пары, где давно не было встречи (наставникам)")
    )
    plans = forms.BooleanField(required=False, label=gettext_lazy("Сроки пунктов индивидуального плана"))
    roadmap = forms.BooleanField(required=False, label=gettext_lazy("Сроки мероприятий дорожной карты"))
    surveys = forms.BooleanField(required=False, label=gettext_lazy("Напоминания о незаполненных анкетах"))


# The token in the address is the credential (a mail client's one-click POST carries no CSRF token); the page
# changes nothing but which reminders its own person gets.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def email_preferences(request: HttpRequest, token: str) -> HttpResponse:
    person = mail.person_from_token(token)
    if person is None:
        return render(
            request,
            "mentoring/email_preferences.html",
            {"invalid": True, "message": _("Ссылка неверна или повреждена: настройки писем не изменены.")},
            status=404,
        )
    preference = EmailPreference.objects.filter(person=person).first()
    initial = {kind: preference.wants(kind) if preference else True for kind in EmailPreference.KINDS}
    saved = False
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
        mail.preferences_update(person=person, chosen={})
        return HttpResponse(_("Вы отписались от всех напоминаний."), content_type="text/plain; charset=utf-8")
    form = EmailPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if "all_off" in request.POST:
            mail.preferences_update(person=person, chosen={})
            form = EmailPreferencesForm(initial=dict.fromkeys(EmailPreference.KINDS, False))
            saved = True
        elif form.is_valid():
            mail.preferences_update(person=person, chosen=form.cleaned_data)
            saved = True
    return render(
        request,
        "mentoring/email_preferences.html",
        {"form": form, "person": person, "saved": saved, "invalid": False},
    )
