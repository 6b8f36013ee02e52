"""The client's address behind proxies (integra.core.clientip)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from integra.core.clientip import client_ip


def _request(peer: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **extra)


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "expected"),
    [
        ([], "203.0.113.5", "198.51.100.7", "203.0.113.5"),  # no trusted proxy: the header is never read
        (["127.0.0.1"], "203.0.113.5", "198.51.100.7", "203.0.113.5"),  # the peer is not a trusted proxy
        (["127.0.0.1"], "127.0.0.1", "198.51.100.7", "198.51.100.7"),
        (["127.0.0.1"], "127.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own claim is left of it
        (["10.0.0.0/24", "127.0.0.1"], "127.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.3", "198.51.100.7"),
        (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),  # no header: the proxy itself
        (["127.0.0.1"], "127.0.0.1", "not-an-address", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", "198.51.100.7, garbage", "127.0.0.1"),
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_address(settings, trusted, peer, forwarded, expected):
    settings.INTEGRA_TRUSTED_PROXIES = trusted
    assert client_ip(_request(peer, forwarded)) == expected
