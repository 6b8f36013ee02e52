"""The administrator's screen of API service accounts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from integra.api.tests.helpers import TokenClient
from integra.core.roles import Role
from integra.institutions.models import Membership, ServiceAccount
from integra.institutions.services import create_service_account

pytestmark = pytest.mark.django_db


def test_administrator_creates_a_token_shown_once_and_revokes_it(administrator):
    url = reverse("api:account-list")
    page = administrator.client.get(url)
    assert "Nie ma jeszcze kont usługowych" in page.content.decode()
    created = administrator.client.post(url, {"name": "System PUP", "role": "auditor", "expires_on": "2099-12-31"})
    html = created.content.decode()
    token = created.context["token"]
    assert created.status_code == 200 and token in html and "Skopiuj go teraz" in html
    assert created["Cache-Control"].startswith("max-age=0") or "no-store" in created["Cache-Control"]
    account = ServiceAccount.objects.get(name="System PUP")
    assert account.institution_id == administrator.institution.pk and account.created_by == administrator.user
    assert TokenClient(token).get("/api/v1/projects/").status_code == 200
    again = administrator.client.get(url).content.decode()
    assert token not in again and account.token_prefix in again and "31.12.2099" in again
    revoked = administrator.client.post(reverse("api:account-revoke", args=[account.pk]), follow=True)
    assert "Token został unieważniony" in revoked.content.decode()
    assert TokenClient(token).get("/api/v1/projects/").status_code == 401


def test_bad_input_writes_nothing(administrator):
    url = reverse("api:account-list")
    response = administrator.client.post(url, {"name": "", "role": "specialist"})
    html = response.content.decode()
    assert response.status_code == 400 and "To pole jest wymagane" in html
    response = administrator.client.post(url, {"name": "Psycholog", "role": "specialist"})
    assert response.status_code == 400 and "Token specjalisty wymaga podania specjalności" in response.content.decode()
    assert not ServiceAccount.objects.exists()


def test_another_centres_account_is_404_and_other_roles_403(administrator, coordinator, centre_b):
    theirs, _ = create_service_account(
        actor=Membership(institution=centre_b, role=Role.ADMINISTRATOR), name="Obcy", role="auditor"
    )
    assert administrator.client.post(reverse("api:account-revoke", args=[theirs.pk])).status_code == 404
    assert "Obcy" not in administrator.client.get(reverse("api:account-list")).content.decode()
    assert coordinator.client.get(reverse("api:account-list")).status_code == 403
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
