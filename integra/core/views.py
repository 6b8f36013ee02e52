"""Sign-in, sign-out, the start page and the centre switcher."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from integra.core.forms import LoginForm
from integra.core.queries import centre_counts
from integra.institutions.queries import SESSION_KEY, memberships_of


class IntegraLoginView(LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core:login")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    counts = centre_counts(membership) if membership else None
    return render(request, "core/home.html", {"counts": counts})


@login_required
@require_POST
def switch_centre(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("membership", "")
    for membership in memberships_of(request.user):
        if str(membership.pk) == wanted:
            request.session[SESSION_KEY] = membership.pk
            break
    return redirect("core:home")


@login_required
@require_POST
def session_ping(request: HttpRequest) -> HttpResponse:
    """Extends the idle session (the expiry warning's "stay signed in" button)."""
    return JsonResponse({"ok": True})
