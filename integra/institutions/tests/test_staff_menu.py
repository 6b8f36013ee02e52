"""The staff screens are reached from the menu by the roles that may open them, and only by those."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_administrator_finds_the_staff_screen_in_the_menu(administrator):
    html = administrator.client.get(reverse("today:start")).content.decode()
    assert f'href="{reverse("institutions:staff-list")}" id="nav-staff"' in html
    staff = administrator.client.get(reverse("institutions:staff-list"))
    assert staff.status_code == 200
    assert reverse("institutions:staff-create") in staff.content.decode()


@pytest.mark.parametrize(
    "role", ["coordinator", "social_worker", "specialist", "accountant", "director", "auditor", "dpo"]
)
def test_roles_that_may_not_manage_staff_get_no_staff_link(role, request):
    persona = request.getfixturevalue(role)
    html = persona.client.get(reverse("today:start")).content.decode()
    assert 'id="nav-staff"' not in html
    assert reverse("institutions:staff-list") not in html
    assert persona.client.get(reverse("institutions:staff-list")).status_code == 403
