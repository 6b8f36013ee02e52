"""Sign-in (password, then the second factor), sign-out, the centre switcher, the idle-session ping,
the account-security page and the administrator's unlock screen."""

from __future__ import annotations

import base64

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from integra.accounts import lockouts, twofactor
from integra.accounts.forms import WRONG_CODE, LoginForm, TokenForm, UnlockForm
from integra.core import sessions
from integra.core.permissions import can_unlock_accounts, require, signed_in
from integra.institutions.queries import SESSION_KEY, memberships_of

TWO_FACTOR_ON = _("Two-factor sign-in is on. Keep your recovery codes in a safe place.")
TWO_FACTOR_OFF = _("Two-factor sign-in has been switched off.")
TWO_FACTOR_MANDATORY = _("Your role requires two-factor sign-in; it cannot be switched off.")
UNLOCKED = _("Unlocked.")
NOTHING_TO_UNLOCK = _("There is no such lockout among your centre's accounts.")
CENTRE_SWITCHED = _("You now work in %(centre)s as %(role)s.")
APP_THROTTLED = _(
    "Too many wrong codes from the app: its next code is checked in %(seconds)s s. "
    "You can sign in at once with one of your recovery codes."
)


class IntegraLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        lockouts.remember_device(self.request, response, form.get_user().get_username())
        return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    response = redirect("accounts:login")
    # The browser deletes what it kept for work without a connection (issue 27): copies of screens, marks not sent.
    response["Clear-Site-Data"] = '"storage"'
    return response


@signed_in
@require_POST
def switch_centre(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("membership", "")
    for membership in memberships_of(request.user):
        if str(membership.pk) == wanted:
            request.session[SESSION_KEY] = membership.pk
            messages.success(
                request,
                CENTRE_SWITCHED % {"centre": membership.institution.name, "role": membership.get_role_display()},
            )
            break
    return redirect("today:start")


@signed_in
@require_POST
def session_ping(request: HttpRequest) -> HttpResponse:
    """Extends the idle session (the expiry warning's "stay signed in" button): always written."""
    sessions.refresh(request, force=True)
    return JsonResponse({"ok": True})


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return "today:start"


@signed_in
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrolment: scan the QR code, confirm with a code, receive recovery codes (shown once)."""
    if twofactor.has_totp(request.user):
        return redirect("accounts:two-factor")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.confirm_totp(request.user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            codes = twofactor.new_recovery_codes(request.user)
            messages.success(request, TWO_FACTOR_ON)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        form.add_error("token", WRONG_CODE)
    device = twofactor.pending_totp(request.user)
    context = {
        "form": form,
        "qr": twofactor.qr_data_uri(device),
        "secret": _base32(device.bin_key),
        "required": twofactor.two_factor_required(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)


@signed_in
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: a code from the app or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not twofactor.has_totp(request.user):
        return redirect("accounts:two-factor-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        wait = twofactor.app_throttled_for(request.user)  # an app code sent meanwhile is not even checked
        device = twofactor.match(request.user, token)
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next_url(request))
        throttled = wait and twofactor.is_app_code(token.strip().replace(" ", ""))
        form.add_error("token", APP_THROTTLED % {"seconds": wait} if throttled else WRONG_CODE)
    context = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "accounts/two_factor_verify.html", context, status=400 if form.errors else 200)


@signed_in
def two_factor(request: HttpRequest) -> HttpResponse:
    """Account security: whether 2FA is on and how many recovery codes remain."""
    context = {
        "enrolled": twofactor.has_totp(request.user),
        "required": twofactor.two_factor_required(request.user),
        "remaining": twofactor.remaining_recovery_codes(request.user),
    }
    return render(request, "accounts/two_factor.html", context)


@signed_in
@require_POST
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    """Fresh recovery codes (the old ones stop working)."""
    if not twofactor.has_totp(request.user):
        return redirect("accounts:two-factor-setup")
    return render(request, "accounts/recovery_codes.html", {"codes": twofactor.new_recovery_codes(request.user)})


@signed_in
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    if twofactor.two_factor_required(request.user):
        messages.error(request, TWO_FACTOR_MANDATORY)
        return redirect("accounts:two-factor")
    twofactor.disable(request.user)
    messages.success(request, TWO_FACTOR_OFF)
    return redirect("accounts:two-factor")


@require(can_unlock_accounts)
def unlock_list(request: HttpRequest) -> HttpResponse:
    """Accounts of this centre's staff locked now, each with the address it is locked from."""
    context = {
        "lockouts": lockouts.locked_for_centre(request.membership.institution_id),
        "limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "accounts/unlock_list.html", context)


@require(can_unlock_accounts)
@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    form = UnlockForm(request.POST)
    if form.is_valid() and lockouts.unlock(
        request.membership.institution_id,
        username=form.cleaned_data["username"],
        ip_address=form.cleaned_data["ip_address"] or "",
    ):
        messages.success(request, UNLOCKED)
    else:
        messages.error(request, NOTHING_TO_UNLOCK)
    return redirect("accounts:unlock-list")


def _base32(key: bytes) -> str:
    return base64.b32encode(key).decode().rstrip("=")
