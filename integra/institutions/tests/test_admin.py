"""The Django admin has the centres' and the registry's models, and their lists render."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from integra.institutions.models import Club, Institution, Membership, Partner
from integra.institutions.tests.factories import ClubFactory, InstitutionFactory
from integra.people.models import Consent, Household, Participant
from integra.people.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Institution, Club, Partner, Membership, Participant, Household, Consent])
def test_admin_list_renders(model):
    centre = InstitutionFactory(slug="admin-a", name="MOPS Sochaczew")
    ClubFactory(institution=centre, name="KIS Sochaczew")
    ParticipantFactory(institution=centre, last_name="Żuraw")
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.create_superuser("root", "root@example.pl", "Bardzo-Dlugie-Haslo-1")
    model_admin = admin.site._registry[model]
    response = model_admin.changelist_view(request)
    response.render()
    assert response.status_code == 200
    if model is Participant:
        assert "Żuraw" in response.content.decode()
