"""Logins for people: the administrator gives a person an account, and the person sets their own password
through a one-time link sent to their e-mail (nobody else ever knows it).

Logins for everyone at once (`user_accounts_create`): the administrator or the curator selects people (or
everyone without a login); those with an e-mail get the link, those without one get a printed login slip
(`login_slips_issue`: name, login, a one-time code, the site's address). With the login and the code the
person chooses a password once (`login_code_check`, `login_code_use`); printing slips again replaces the
codes, and a code is refused after five wrong tries or once used. Only a code's hash is kept."""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from mentoring.models import AuditEntry, LoginCode, Organisation, Person
from mentoring.organisations import names
from mentoring.organisations.mail import email_send
from mentoring.organisations.services import audit_entry_create
from mentoring.organisations.types import Actor

USERNAME = re.compile(r"^[a-z0-9._-]{3,40}$")


def _username_base(person: Person) -> str:
    base = (
        names.translit(person.last_name)
        + "."
        + "".join(names.translit(part)[:1] for part in (person.first_name, person.patronymic) if part)
    )
    return re.sub(r"[^a-z0-9.]", "", base)[:36] or "user"


def _free(base: str, taken: set[str]) -> str:
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    return candidate


def username_suggest(person: Person) -> str:
    base = _username_base(person)
    taken = set(get_user_model().objects.filter(username__startswith=base).values_list("username", flat=True))
    return _free(base, taken)


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
    _send_link(organisation, person, user)
    return user


def _send_link(organisation: Organisation, person: Person, user) -> None:
    username = user.username
    link = password_set_link(user)
    transaction.on_commit(
        lambda: email_send(
            to=person.email,
            person=person,
            subject=_("Вход в «Наставник»"),
            body=_(
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
        )
    )


# --- Logins for everyone ------------------------------------------------------------------------------------


@dataclass
class LoginsResult:
    emailed: list[Person] = field(default_factory=list)
    need_slip: list[Person] = field(default_factory=list)
    skipped: list[Person] = field(default_factory=list)  # had a login already


@transaction.atomic
def user_accounts_create(*, organisation: Organisation, people: Iterable[Person], actor) -> LoginsResult:
    """Give every person of `people` who has no login one: a link by e-mail to choose a password, or, for a
    person without e-mail, a login that waits for a printed slip. Logins are made from the names
    («ivanova.ms»), unique; the queries do not grow with the number of people but for the inserts."""
    result = LoginsResult()
    ids = [person.pk for person in people]
    locked = list(
        Person.objects.select_for_update()
        .filter(pk__in=ids, memberships__organisation=organisation)
        .order_by("last_name", "first_name", "pk")
    )
    user_model = get_user_model()
    bases = {person.pk: _username_base(person) for person in locked}
    prefixes = Q()
    for base in set(bases.values()):
        prefixes |= Q(username__startswith=base)
    taken = set(user_model.objects.filter(prefixes).values_list("username", flat=True)) if bases else set()
    entries = []
    content_type = ContentType.objects.get_for_model(Person)
    actor_user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    for person in locked:
        if person.user_id:
            result.skipped.append(person)
            continue
        username = _free(bases[person.pk], taken)
        taken.add(username)
        user = user_model(
            username=username, email=person.email, first_name=person.first_name, last_name=person.last_name
        )
        user.set_unusable_password()
        user.save()
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        entries.append(
            AuditEntry(
                organisation=organisation,
                actor=actor_user,
                action="account.created",
                target_type=content_type,
                target_id=person.pk,
                target_repr=str(person)[:500],
                changes={
                    "username": username,
                    "how": _("ссылкой на почту") if person.email else _("листком"),
                },
            )
        )
        if person.email:
            _send_link(organisation, person, user)
            result.emailed.append(person)
        else:
            result.need_slip.append(person)
    AuditEntry.objects.bulk_create(entries)
    return result


CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
CODE_LIFETIME = datetime.timedelta(days=60)
CODE_TRIES = 5


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def _normal_code(code: str) -> str:
    raw = re.sub(r"[^a-z0-9]", "", (code or "").lower())
    return f"{raw[:4]}-{raw[4:]}"


@dataclass(frozen=True)
class Slip:
    full_name: str
    username: str
    code: str
    organisation: str


@transaction.atomic
def login_slips_issue(*, organisation: Organisation, people: Iterable[Person], actor) -> list[Slip]:
    """New one-time codes for people of the organisation who have a login but no password yet; the codes of
    earlier slips stop working. Returns the slips to print (the codes exist nowhere else)."""
    ids = [person.pk for person in people]
    chosen = list(
        Person.objects.select_for_update()
        .filter(pk__in=ids, memberships__organisation=organisation, user__isnull=False)
        .select_related("user")
        .order_by("last_name", "first_name", "pk")
    )
    slips = []
    for person in chosen:
        user = person.user
        if user is None or user.has_usable_password():
            continue  # the person has chosen a password already: a slip would only reset it
        code = _new_code()
        LoginCode.objects.update_or_create(
            user=user,
            defaults={
                "code_hash": make_password(code),
                "used_at": None,
                "failed_attempts": 0,
                "created_at": timezone.now(),
            },
        )
        slips.append(Slip(person.full_name, user.username, code, organisation.short_name))
    if slips:
        audit_entry_create(
            actor=actor,
            organisation=organisation,
            action="account.slips_printed",
            changes={"people": [slip.full_name for slip in slips]},
        )
    return slips


def login_code_check(*, username: str, code: str):
    """The user whose login and one-time code these are; a ValidationError (one sentence for every kind of
    failure, so that it tells nothing about which logins exist) otherwise. A wrong code counts a try."""
    refused = ValidationError(
        _(
            "Имя для входа или код не подходят. Проверьте листок; если код не принимается, "
            "попросите новый листок."
        )
    )
    user = get_user_model().objects.filter(username=(username or "").strip().lower()).first()
    login_code = LoginCode.objects.filter(user=user).first() if user is not None else None
    if (
        login_code is None
        or login_code.used_at is not None
        or login_code.failed_attempts >= CODE_TRIES
        or login_code.created_at < timezone.now() - CODE_LIFETIME
    ):
        raise refused
    if not check_password(_normal_code(code), login_code.code_hash):
        LoginCode.objects.filter(pk=login_code.pk).update(failed_attempts=login_code.failed_attempts + 1)
        raise refused
    return user


@transaction.atomic
def login_code_use(*, user, password: str) -> None:
    """The person chose a password with their code: it is set and the code is spent."""
    user.set_password(password)
    user.save(update_fields=["password"])
    LoginCode.objects.filter(user=user).update(used_at=timezone.now())


def site_address() -> str:
    return settings.SITE_URL + reverse("mentoring:login_code")
