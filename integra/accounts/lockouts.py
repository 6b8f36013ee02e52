"""Sign-in lockouts (django-axes) — how they are counted, as a centre administrator sees them, and lifting them.

Three lines, each chosen so that nobody can keep a named colleague out (docs/security.md, "password guessing"):

1. **Account and address.** Axes counts failed sign-ins per account and address together
   (`AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]`): at `AXES_FAILURE_LIMIT` failures the account
   is locked from that address for `AXES_COOLOFF_TIME`, counted from the failure that locked it — tries
   during the lockout are refused without being counted, so they do not extend it
   (`AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False`). The same account from another address, and
   other accounts from that address, still sign in.
2. **A browser the account has used.** A successful sign-in leaves a signed device cookie naming the
   account; a later attempt carrying it is judged by that browser's own failures (the same limit and
   cool-off, counted in the cache), not by the address's or the account's. A colleague behind the same
   office NAT, or anyone guessing from anywhere, cannot lock it.
3. **The account across every address** (a second line against a client that can change its address, e.g.
   one reaching the app on a trusted proxy's address with a new `X-Forwarded-For` each time): past
   `INTEGRA_LOGIN_ACCOUNT_FAILURE_LIMIT` failures within the cool-off, a browser the account has never used
   gets one try per `INTEGRA_LOGIN_ACCOUNT_DELAY_SECONDS`. A delay rather than a lockout: the guesser gets a
   guess a minute, the owner signs in at once from a browser they have used before and after a minute from
   a new one — or at once when an administrator lifts it.

An administrator sees the current lockouts and slowdowns of their own centre's staff and lifts one at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import time
from dataclasses import dataclass
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from integra.core import ratelimit
from integra.institutions.models import Membership

DEVICE_COOKIE = "integra_device"
DEVICE_SALT = "integra.core.lockouts.device"  # kept when the module moved: cookies already given stay valid
DEVICE_MAX_AGE = dt.timedelta(days=365)
DEVICE_ACCOUNTS = 5  # accounts one browser remembers (a shared office computer)


@dataclass(frozen=True)
class Device:
    """A browser that has signed in: its random id and the accounts that signed in on it."""

    id: str
    usernames: tuple[str, ...]


def _device(request: HttpRequest) -> Device | None:
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
        return Device(str(data["d"]), tuple(str(u) for u in data["u"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def remember_device(request: HttpRequest, response: HttpResponse, username: str) -> None:
    """After a successful sign-in: this browser is one the account has used (line 2)."""
    device = _device(request) or Device(secrets.token_urlsafe(16), ())
    usernames = (username, *(u for u in device.usernames if u != username))[:DEVICE_ACCOUNTS]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps({"d": device.id, "u": list(usernames)}, salt=DEVICE_SALT),
        max_age=int(DEVICE_MAX_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _cooloff_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def _device_key(device: Device, username: str | None) -> str:
    account = hashlib.sha256((username or "").encode()).hexdigest()[:16]
    return f"signin-device:{device.id}:{account}"


def known_device(request: HttpRequest, username: str | None) -> Device | None:
    """The request's device cookie when it names this account."""
    device = _device(request)
    return device if device is not None and username and username in device.usernames else None


def account_wait(username: str | None, now: dt.datetime | None = None) -> int:
    """Seconds until a browser the account has not used may try again (line 3); 0: it may try now."""
    if not username:
        return 0
    now = now or timezone.now()
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    totals = recent.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if (totals["failures"] or 0) < settings.INTEGRA_LOGIN_ACCOUNT_FAILURE_LIMIT:
        return 0
    wait = totals["last"] + dt.timedelta(seconds=settings.INTEGRA_LOGIN_ACCOUNT_DELAY_SECONDS) - now
    return max(0, math.ceil(wait.total_seconds()))


class SignInHandler(AxesDatabaseHandler):
    """Axes' database handler with lines 2 and 3 of the module's docstring; `request.integra_lockout` tells
    the lockout page which line refused (`address`, `device` or `account`) and until when."""

    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        device = known_device(request, username)
        if device is not None:
            count = ratelimit.peek(_device_key(device, username), _cooloff_seconds())
            if count is not None:  # None: the cache cannot be reached, and the address's count decides
                return count
        return super().get_failures(request, credentials)

    def is_locked(self, request: Any, credentials: dict | None = None) -> bool:
        username = get_client_username(request, credentials)
        known = known_device(request, username) is not None
        if super().is_locked(request, credentials):
            until = _window_ends() if known else _lock_ends(request, credentials)
            _mark(request, "device" if known else "address", until)
            return True
        if not known and (wait := account_wait(username)):
            _mark(request, "account", timezone.now() + dt.timedelta(seconds=wait), wait)
            return True
        return False

    def user_login_failed(self, sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
        if request is not None and not getattr(request, "axes_locked_out", False):
            username = get_client_username(request, credentials)
            device = known_device(request, username)
            if device is not None:
                ratelimit.hit(_device_key(device, username), _cooloff_seconds())
        super().user_login_failed(sender, credentials, request, **kwargs)
        if (
            request is not None
            and getattr(request, "axes_locked_out", False)
            and not hasattr(request, "integra_lockout")
        ):
            self.is_locked(request, credentials)  # the failure that locked: say which line and until when


def _mark(request: Any, kind: str, until: Any, wait: int | None = None) -> None:
    request.integra_lockout = {"kind": kind, "until": until, "wait": wait}


def _window_ends() -> dt.datetime:
    """The end of the device counter's window (integra.core.ratelimit counts in fixed windows)."""
    period = _cooloff_seconds()
    return dt.datetime.fromtimestamp((int(time.time() // period) + 1) * period, tz=dt.UTC)


def _lock_ends(request: Any, credentials: dict | None) -> Any:
    """When the address's (or the device's) lockout ends: the cool-off after the failure that locked."""
    username = get_client_username(request, credentials)
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).aggregate(
            last=Max("attempt_time")
        )["last"]
        or timezone.now()
    )
    return last + settings.AXES_COOLOFF_TIME


@dataclass(frozen=True)
class Lockout:
    kind: str  # "address": the account `key` locked from `address`; "account": slowed from every new browser
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
    """Accounts of the centre's staff locked now, each with the address it is locked from, and the accounts
    slowed down across every address (line 3), with an empty address."""
    usernames = centre_usernames(institution_id)
    names = {u.username: u.get_full_name() for u in get_user_model().objects.filter(username__in=usernames)}
    cooloff = settings.AXES_COOLOFF_TIME
    found = [
        Lockout(
            "address",
            row.username,
            row.failures_since_start,
            row.attempt_time,
            names.get(row.username, ""),
            row.ip_address or "",
            row.attempt_time + cooloff if cooloff else None,
        )
        for row in _current_attempts().filter(username__in=usernames).order_by("username", "ip_address")
    ]
    since = timezone.now() - cooloff
    slowed = (
        AccessAttempt.objects.filter(username__in=usernames, attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.INTEGRA_LOGIN_ACCOUNT_FAILURE_LIMIT)
        .order_by("username")
    )
    found += [
        Lockout("account", row["username"], row["failures"], row["last"], names.get(row["username"], ""), "", None)
        for row in slowed
    ]
    return found


def unlock(institution_id: int, *, username: str = "", ip_address: str = "") -> int:
    """Lift a lockout of the centre's account (from one address, or from all); 0 when there is none of ours."""
    if not username or username not in {x.key for x in locked_for_centre(institution_id)}:
        return 0
    if ip_address:
        return reset(username=username, ip=ip_address)
    return reset(username=username)
