"""The DPO's access package: everything held about one person as one ZIP (PDF + JSON)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from integra.casework.models import CaseNote
from integra.core.models import AccessLogEntry
from integra.core.testing.factories import ParticipantFactory, ParticipationFactory, ProjectFactory
from integra.outcomes.tests.factories import ResultFactory
from integra.people.models import Consent
from integra.privacy.subject import personal_models

pytestmark = pytest.mark.django_db


def test_the_walk_covers_every_model_pointing_at_a_person_and_their_children():
    labels = {edge.model._meta.label_lower for edge in personal_models()}
    assert {"people.consent", "casework.casenote", "projects.participation", "outcomes.result"} <= labels
    assert "core.historyentry" not in labels and "people.participant" not in labels


def test_package_holds_every_record_of_the_person_and_is_logged(dpo, social_worker, outsider):
    centre = dpo.institution
    anna = ParticipantFactory(institution=centre, first_name="Anna", last_name="Źródłowska", phone="600100200")
    other = ParticipantFactory(institution=centre, last_name="Innaosoba")
    Consent.objects.create(institution=centre, participant=anna, purpose="contact", given_on=dt.date(2024, 1, 10),
                           withdrawn_on=dt.date(2024, 3, 1))
    CaseNote.objects.create(institution=centre, participant=anna, author=social_worker.membership,
                            specialty="social_worker", written_on=dt.date(2024, 2, 1), text="Rozmowa o zatrudnieniu")
    CaseNote.objects.create(institution=centre, participant=other, author=social_worker.membership,
                            specialty="social_worker", written_on=dt.date(2024, 2, 1), text="Notatka innej osoby")
    participation = ParticipationFactory(project=ProjectFactory(institution=centre, code="KIS-2024"), participant=anna)
    ResultFactory(participation=participation, institution=centre, qualification_name="Kucharz")

    response = dpo.client.post(f"/privacy/people/{anna.pk}/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["dane.json", "dane.pdf"]
    data = json.loads(archive.read("dane.json"))
    assert data["participant"]["last_name"] == "Źródłowska" and data["participant"]["pesel"] == anna.pesel
    assert [n["text"] for n in data["records"]["casework.casenote"]] == ["Rozmowa o zatrudnieniu"]
    assert data["records"]["people.consent"][0]["withdrawn_on"] == "2024-03-01"
    assert data["records"]["outcomes.result"][0]["qualification_name"] == "Kucharz"
    assert data["records"]["projects.participation"][0]["project_id"] == participation.project_id
    pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read("dane.pdf"))).pages)
    assert "Źródłowska" in pdf and "Rozmowa o zatrudnieniu" in pdf and "Notatka innej osoby" not in pdf
    entry = AccessLogEntry.objects.get(kind="subject_access")
    assert (entry.user, entry.subject_id, entry.what) == (dpo.user, anna.pk, "dane-osoby.zip")
    assert outsider.client.post(f"/privacy/people/{anna.pk}/export/").status_code == 403


def test_dpo_finds_a_person_by_pesel_without_putting_it_in_the_url(dpo):
    anna = ParticipantFactory(institution=dpo.institution)
    response = dpo.client.post("/privacy/people/", {"pesel": anna.pesel})
    assert response.status_code == 302 and response["Location"] == f"/privacy/people/{anna.pk}/"
    page = dpo.client.get(response["Location"])
    assert page.status_code == 200 and AccessLogEntry.objects.filter(kind="view", subject_id=anna.pk).exists()
    missing = dpo.client.post("/privacy/people/", {"participant": anna.pk + 1000})
    assert missing.status_code == 400 and "Brak osoby o tym numerze w Twoim ośrodku." in missing.content.decode()


def test_the_dpo_page_names_what_it_holds_in_polish(dpo):
    from integra.outcomes.tests.factories import ExitFactory, FollowUpFactory
    from integra.people.models import ParticipantGroup

    person = ParticipantFactory(institution=dpo.institution)
    Consent.objects.create(institution=dpo.institution, participant=person, purpose="image", given_on=dt.date(2026, 5, 4),
                           valid_until=dt.date(2026, 12, 31))
    ParticipantGroup.objects.create(institution=dpo.institution, participant=person, group="long_term_unemployed")
    participation = ParticipationFactory(project=ProjectFactory(institution=dpo.institution), participant=person)
    ExitFactory(participation=participation)
    FollowUpFactory(participation=participation)
    html = dpo.client.get(f"/privacy/people/{person.pk}/").content.decode()
    for name in ("zgody", "grupy uprawniające do udziału", "zakończenia udziału w projektach",
                 "badania losów po zakończeniu udziału", "31.12.2026"):
        assert name in html
    for wrong in ("zgodas", "participant groups", "zakończenies", "zakończenius", "2026-12-31"):
        assert wrong not in html
