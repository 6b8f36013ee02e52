"""The client's address: the connection's peer, or what a trusted proxy says in X-Forwarded-For.

`INTEGRA_TRUSTED_PROXIES` lists the proxies' addresses or networks (comma-separated, e.g.
`127.0.0.1,10.0.0.0/24`). The header is believed only when the immediate peer is one of them, and then
read from the right: each hop added by a trusted proxy is skipped until the first address that is not a
trusted proxy — the client. Anything a client writes into the header itself lies to the left of that and
is ignored. Without trusted proxies the header is never read (it is set by whoever sends the request).
Used by sign-in throttling (django-axes `AXES_CLIENT_IP_CALLABLE`) and the access log.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: list[str] | tuple[str, ...]) -> tuple[Network, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(f"INTEGRA_TRUSTED_PROXIES: {entry!r} is not an address or network") from exc
    return tuple(networks)


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(entries)


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: tuple[Network, ...]) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request: Any) -> str | None:
    if request is None:
        return None
    peer = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(getattr(settings, "INTEGRA_TRUSTED_PROXIES", ())))
    peer_address = _address(peer) if peer else None
    if peer_address is None or not networks or not _trusted(peer_address, networks):
        return peer
    last = peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        if not hop.strip():
            continue
        address = _address(hop)
        if address is None:  # a hop a trusted proxy did not write: nothing left of it can be believed
            return last
        if not _trusted(address, networks):
            return str(address)
        last = str(address)
    return last
