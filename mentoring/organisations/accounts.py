"""Logins for people: the administrator gives a person an account, and the person sets their own password
through a one-time link sent to their e-mail (nobody else ever knows it)."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from mentoring.models import Organisation, Person
from mentoring.organisations import names
from mentoring.organisations.services import audit_entry_create
from mentoring.organisations.types import Actor

USERNAME = re.compile(r"^[a-z0-9._-]{3,40}$")


def username_suggest(person: Person) -> str:
    base = (
        names.translit(person.last_name)
        + "."
        + "".join(names.translit(part)[:1] for part in (person.first_name, person.patronymic) if part)
    )
    base = re.sub(r"[^a-z0-9.]", "", base)[:36] or "user"
    user_model = get_user_model()
    candidate, number = base, 1
    while user_model.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def password_set_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])


@transaction.atomic
def user_account_create(*, organisation: Organisation, person: Person, actor: Actor, username: str):
    """Create the person's login and e-mail them a link to choose a password."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id:
        raise ValidationError(_("У этого человека уже есть учётная запись."))
    if not person.email:
        raise ValidationError(
            _("Укажите электронную почту человека: на неё придёт ссылка для выбора пароля.")
        )
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise ValidationError(_("Имя для входа: от 3 до 40 латинских букв, цифр и знаков «.», «_», «-»."))
    user_model = get_user_model()
    try:
        with transaction.atomic():
            user = user_model.objects.create_user(
                username=username,
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
            )
    except IntegrityError:
        raise ValidationError(_("Имя для входа «%(name)s» уже занято.") % {"name": username}) from None
    user.set_unusable_password()
    user.save(update_fields=["password"])
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    audit_entry_create(
        actor=actor,
        organisation=organisation,
        action="account.created",
        target=person,
        changes={"username": username},
    )
    link = password_set_link(user)
    transaction.on_commit(
        lambda: send_mail(
            _("Вход в «Наставник»"),
            _(
                "Здравствуйте, %(name)s!\n\n"
                "Для вас создана учётная запись в «Наставнике» (%(organisation)s).\n"
                "Имя для входа: %(username)s\nЧтобы выбрать пароль, откройте ссылку:\n%(link)s\n"
            )
            % {
                "name": f"{person.first_name} {person.patronymic}".strip(),
                "organisation": organisation.short_name,
                "username": username,
                "link": link,
            },
            settings.DEFAULT_FROM_EMAIL,
            [person.email],
        )
    )
    return user
