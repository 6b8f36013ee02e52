"""Sign-in lockouts (django-axes) as a centre administrator sees them, and lifting them.

Axes counts failed sign-ins per account and address together (`AXES_LOCKOUT_PARAMETERS =
[["username", "ip_address"]]`): at `AXES_FAILURE_LIMIT` failures the account is locked from that address
for `AXES_COOLOFF_TIME`; the same account from another address, and other accounts from that address,
still sign in. An administrator sees the current lockouts of their own centre's staff and lifts one at
once (or every lockout of an account).
"""

from __future__ import annotations

from dataclasses import dataclass

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from integra.institutions.models import Membership


@dataclass(frozen=True)
class Lockout:
    kind: str  # "account": the account `key` locked from `address`
    key: str  # username
    failures: int
    last_attempt: object
    name: str = ""
    address: str = ""
    until: object = None  # when the cool-off ends by itself


def centre_usernames(institution_id: int) -> set[str]:
    """Usernames of everyone holding a membership of the centre."""
    user_ids = Membership.objects.filter(institution_id=institution_id).values("user_id")
    return set(get_user_model().objects.filter(pk__in=user_ids).values_list("username", flat=True))


def _current_attempts():
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gt=timezone.now() - settings.AXES_COOLOFF_TIME)
    return attempts


def locked_for_centre(institution_id: int) -> list[Lockout]:
    """Accounts of the centre's staff locked now, each with the address it is locked from."""
    usernames = centre_usernames(institution_id)
    names = {u.username: u.get_full_name() for u in get_user_model().objects.filter(username__in=usernames)}
    cooloff = settings.AXES_COOLOFF_TIME
    return [
        Lockout("account", row.username, row.failures_since_start, row.attempt_time, names.get(row.username, ""),
                row.ip_address or "", row.attempt_time + cooloff if cooloff else None)
        for row in _current_attempts().filter(username__in=usernames).order_by("username", "ip_address")
    ]


def unlock(institution_id: int, *, username: str = "", ip_address: str = "") -> int:
    """Lift a lockout of the centre's account (from one address, or from all); 0 when there is none of ours."""
    if not username or username not in {x.key for x in locked_for_centre(institution_id)}:
        return 0
    if ip_address:
        return reset(username=username, ip=ip_address)
    return reset(username=username)
