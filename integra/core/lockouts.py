"""Sign-in lockouts (django-axes) as a centre administrator sees them, and lifting them.

Axes counts failed sign-ins per account and per address (`AXES_LOCKOUT_PARAMETERS`); at
`AXES_FAILURE_LIMIT` the account or address is locked until an administrator unlocks it
(`AXES_COOLOFF_TIME = None`). An administrator sees and unlocks only the accounts of their own
centre's staff and the addresses those accounts were tried from.
"""

from __future__ import annotations

from dataclasses import dataclass

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Sum

from integra.institutions.models import Membership


@dataclass(frozen=True)
class Lockout:
    kind: str  # "account" | "address"
    key: str  # username or IP address
    failures: int
    last_attempt: object
    name: str = ""


def centre_usernames(institution_id: int) -> set[str]:
    """Usernames of everyone holding a membership of the centre."""
    user_ids = Membership.objects.filter(institution_id=institution_id).values("user_id")
    return set(get_user_model().objects.filter(pk__in=user_ids).values_list("username", flat=True))


def locked_for_centre(institution_id: int) -> list[Lockout]:
    """Locked accounts of the centre's staff and locked addresses they were tried from."""
    limit = settings.AXES_FAILURE_LIMIT
    usernames = centre_usernames(institution_id)
    names = {
        u.username: u.get_full_name() for u in get_user_model().objects.filter(username__in=usernames)
    }
    attempts = AccessAttempt.objects.filter(username__in=usernames)
    accounts = [
        Lockout("account", row["username"], row["failures"], row["last"], names.get(row["username"], ""))
        for row in attempts.values("username").annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        if row["failures"] >= limit
    ]
    addresses = set(attempts.exclude(ip_address=None).values_list("ip_address", flat=True))
    ips = [
        Lockout("address", row["ip_address"], row["failures"], row["last"])
        for row in AccessAttempt.objects.filter(ip_address__in=addresses)
        .values("ip_address").annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        if row["failures"] >= limit
    ]
    return sorted(accounts, key=lambda x: x.key) + sorted(ips, key=lambda x: x.key)


def unlock(institution_id: int, *, username: str = "", ip_address: str = "") -> int:
    """Lift one lockout of the centre; returns the number of attempt records removed (0: not ours)."""
    allowed = {(x.kind, x.key) for x in locked_for_centre(institution_id)}
    if username and ("account", username) in allowed:
        return reset(username=username)
    if ip_address and ("address", ip_address) in allowed:
        return reset(ip=ip_address)
    return 0
