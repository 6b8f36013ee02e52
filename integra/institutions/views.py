"""institutions: the centre's staff (list and add), for its administrator."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from integra.core.collation import polish
from integra.core.permissions import can_manage_staff, require
from integra.core.screens import form_page
from integra.institutions.forms import StaffForm
from integra.institutions.models import Membership
from integra.institutions.services import add_staff_member

STAFF_ADDED = _("The staff member has been added; they can sign in now.")


@require(can_manage_staff)
def staff_list(request: HttpRequest) -> HttpResponse:
    staff = (
        Membership.objects.for_membership(request.membership)
        .select_related("user")
        .order_by(polish("user__last_name"), polish("user__first_name"), "id")
    )
    return render(request, "institutions/staff_list.html", {"staff": staff})


@require(can_manage_staff)
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        StaffForm(request.POST or None),
        _("Add a staff member"),
        "",
        lambda data: add_staff_member(actor=request.membership, **data),
        ("institutions:staff-list",),
        STAFF_ADDED,
        refused_status=400,
    )
