"""django-axes behind a reverse proxy: the lockout falls on the attacker's address and username together,
the client address comes from X-Forwarded-For only as far as TRUSTED_PROXY_COUNT proxies are trusted."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from common.client_ip import client_ip
from tests.conftest import PASSWORD

PROXY = "127.0.0.1"


def _behind_proxy(client_address: str) -> Client:
    """A browser at `client_address` reaching the app through nginx on the same machine."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


def _login(client: Client, password: str):
    return client.post(reverse("login"), {"username": "director", "password": password})


def test_lockout_is_by_username_and_address_together():
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_CLIENT_IP_CALLABLE == "common.client_ip.client_ip"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_attacker_behind_the_proxy_does_not_lock_out_the_director(personas):
    attacker = _behind_proxy("203.0.113.66")
    director = _behind_proxy("198.51.100.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "wrong-password")
    # The attacker is now locked out, even with the right password...
    response = _login(attacker, PASSWORD)
    assert response.status_code == 429
    assert "Слишком много неудачных попыток входа" in response.content.decode()
    assert "_auth_user_id" not in attacker.session
    # ...while the director, behind the same proxy at another address, logs in.
    response = _login(director, PASSWORD)
    assert response.status_code == 302
    assert director.session["_auth_user_id"] == str(personas["director"].user.pk)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(personas):
    """TRUSTED_PROXY_COUNT=0 (the default): an attacker cannot dodge the lockout with a forged header."""
    assert settings.TRUSTED_PROXY_COUNT == 0
    for number in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}"), "wrong")
    response = _login(Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="10.0.0.99"), PASSWORD)
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "127.0.0.1"),
        (1, "198.51.100.7", "198.51.100.7"),
        # The client wrote the first entry itself; nginx appended the address it really saw.
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        # Fewer hops than trusted proxies, or garbage: the proxy's own address.
        (2, "198.51.100.7", "127.0.0.1"),
        (1, "not-an-address", "127.0.0.1"),
        (1, "", "127.0.0.1"),
    ],
)
def test_client_address(count, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_ip(request) == expected
