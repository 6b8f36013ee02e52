"""Caseload is defined once (SocialContractQuerySet.caseload): a social worker's contracts list shows the contracts
they lead, and only lists narrow — the API and one contract's page read the whole centre's (README „Caseload”)."""

from __future__ import annotations

from django.urls import reverse

from integra.api.tests.helpers import TokenClient, token_for
from integra.casework.models import SocialContract
from integra.casework.tests.factories import SocialContractFactory


def test_a_social_worker_lists_their_caseload_and_opens_and_the_api_lists_the_whole_centre(social_worker, coordinator):
    own = SocialContractFactory(institution=social_worker.institution, social_worker=social_worker.membership)
    colleague = SocialContractFactory(institution=social_worker.institution)
    elsewhere = SocialContractFactory()

    assert set(SocialContract.objects.caseload(social_worker.membership)) == {own}
    assert set(SocialContract.objects.caseload(coordinator.membership)) == {own, colleague}
    assert not SocialContract.objects.caseload(None).exists()

    page = social_worker.client.get(reverse("casework:contract-list")).content.decode()
    assert own.number in page and colleague.number not in page
    assert social_worker.client.get(reverse("casework:contract-detail", args=[colleague.pk])).status_code == 200
    assert coordinator.client.get(reverse("casework:contract-list")).content.decode().count(colleague.number) == 1

    api = TokenClient(token_for(social_worker.institution, "social_worker"))
    numbers = {row["number"] for row in api.get("/api/v1/contracts/").json()["results"]}
    assert numbers == {own.number, colleague.number} and elsewhere.number not in numbers
