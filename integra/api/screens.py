"""The administrator's screen of the centre's API service accounts: list, create (token shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from integra.api.forms import ServiceAccountForm
from integra.core.permissions import can_manage_service_accounts, require
from integra.institutions.models import ServiceAccount
from integra.institutions.services import create_service_account, revoke_service_account

REVOKED = _("The token has been revoked; it no longer works.")
CREATED = _("The service account has been created: copy its token below, it is shown only once.")


@require(can_manage_service_accounts)
@never_cache
@require_http_methods(["GET", "POST"])
def account_list(request: HttpRequest) -> HttpResponse:
    form = ServiceAccountForm(request.POST if request.method == "POST" else None)
    token = None
    if request.method == "POST" and form.is_valid():
        try:
            _account, token = create_service_account(actor=request.membership, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, CREATED)
            form = ServiceAccountForm()
    accounts = ServiceAccount.objects.for_membership(request.membership).select_related("created_by", "revoked_by")
    context = {"form": form, "accounts": accounts, "token": token, "today": timezone.localdate()}
    return render(request, "api/accounts.html", context, status=400 if form.errors else 200)


@require(can_manage_service_accounts)
@require_POST
def account_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    account = ServiceAccount.objects.get_for(request.membership, pk=pk)
    try:
        revoke_service_account(actor=request.membership, account=account)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, REVOKED)
    return redirect("api:account-list")
