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
from integra.outcomes.tests.factories import ResultFactory
from integra.people.models import Consent
from integra.people.tests.factories import ParticipantFactory
from integra.privacy.subject import personal_models
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_walk_covers_every_model_pointing_at_a_person_and_their_children():
    labels = {edge.model._meta.label_lower for edge in personal_models()}
    assert {"people.consent", "casework.casenote", "projects.participation", "outcomes.result"} <= labels
    assert "core.historyentry" not in labels and "people.participant" not in labels


def test_package_holds_every_record_of_the_person_and_is_logged(dpo, social_worker, outsider):
    centre = dpo.institution
    anna = ParticipantFactory(institution=centre, first_name="Anna", last_name="Źródłowska", phone="600100200")
    other = ParticipantFactory(institution=centre, last_name="Innaosoba")
    Consent.objects.create(
        institution=centre,
        participant=anna,
        purpose="contact",
        given_on=dt.date(2024, 1, 10),
        withdrawn_on=dt.date(2024, 3, 1),
    )
    CaseNote.objects.create(
        institution=centre,
        participant=anna,
        author=social_worker.membership,
        specialty="social_worker",
        written_on=dt.date(2024, 2, 1),
        text="Rozmowa o zatrudnieniu",
    )
    CaseNote.objects.create(
        institution=centre,
        participant=other,
        author=social_worker.membership,
        specialty="social_worker",
        written_on=dt.date(2024, 2, 1),
        text="Notatka innej osoby",
    )
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
    response = dpo.client.post("/privacy/people/", {"person": anna.pesel})
    assert response.status_code == 302 and response["Location"] == f"/privacy/people/{anna.pk}/"
    page = dpo.client.get(response["Location"])
    assert page.status_code == 200 and AccessLogEntry.objects.filter(kind="view", subject_id=anna.pk).exists()
    missing = dpo.client.post("/privacy/people/", {"person": f"nr {anna.pk + 1000}"})
    assert missing.status_code == 400 and "Nikt w Twoim ośrodku nie pasuje" in missing.content.decode()
    by_number = dpo.client.post("/privacy/people/", {"person": f"nr {anna.pk}"})
    assert by_number["Location"] == f"/privacy/people/{anna.pk}/"


def test_dpo_finds_a_person_by_surname_and_tells_namesakes_apart(dpo, outsider):
    """Issue 23: a surname gave a PESEL error; two „Nino Beridze” must be told apart; the other centre's never."""
    older = ParticipantFactory(
        institution=dpo.institution, first_name="Nino", last_name="Beridze", birth_date=dt.date(1988, 5, 2)
    )
    younger = ParticipantFactory(
        institution=dpo.institution, first_name="Nino", last_name="Beridze", birth_date=dt.date(1993, 5, 2)
    )
    ParticipantFactory(institution=outsider.institution, first_name="Nino", last_name="Beridze")
    response = dpo.client.post("/privacy/people/", {"person": "beridze"})
    html = response.content.decode()
    assert response.status_code == 200 and "PESEL" not in html.split('id="subject-matches"')[0].split("</form>")[0]
    assert "Pasują 2 osoby" in html
    assert f"ur. 1988 · PESEL …{older.pesel[-3:]} · nr {older.pk}" in html
    assert f"ur. 1993 · PESEL …{younger.pesel[-3:]} · nr {younger.pk}" in html
    matches = html.split('id="subject-matches"')[1].split("</ul>")[0]
    assert older.pesel not in matches and younger.pesel not in matches and matches.count("/privacy/people/") == 2
    one = dpo.client.post("/privacy/people/", {"person": "Beridze 1993"})
    assert one.status_code == 302 and one["Location"] == f"/privacy/people/{younger.pk}/"


def test_the_dpo_page_names_what_it_holds_in_polish(dpo):
    from integra.outcomes.tests.factories import ExitFactory, FollowUpFactory
    from integra.people.models import ParticipantGroup

    person = ParticipantFactory(institution=dpo.institution)
    Consent.objects.create(
        institution=dpo.institution,
        participant=person,
        purpose="image",
        given_on=dt.date(2026, 5, 4),
        valid_until=dt.date(2026, 12, 31),
    )
    ParticipantGroup.objects.create(institution=dpo.institution, participant=person, group="long_term_unemployed")
    participation = ParticipationFactory(project=ProjectFactory(institution=dpo.institution), participant=person)
    ExitFactory(participation=participation)
    FollowUpFactory(participation=participation)
    html = dpo.client.get(f"/privacy/people/{person.pk}/").content.decode()
    for name in (
        "zgody",
        "grupy uprawniające do udziału",
        "zakończenia udziału w projektach",
        "badania losów po zakończeniu udziału",
        "31.12.2026",
    ):
        assert name in html
    for wrong in ("zgodas", "participant groups", "zakończenies", "zakończenius", "2026-12-31"):
        assert wrong not in html


# The letter to the person (issue 23, point 5): Polish field names, names instead of numbers -----------------


def _letter_and_data(dpo, person) -> tuple[str, dict]:
    response = dpo.client.post(f"/privacy/people/{person.pk}/export/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    pdf = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read("dane.pdf"))).pages)
    return pdf, json.loads(archive.read("dane.json"))


def test_the_letter_names_every_field_in_polish_and_every_reference_by_name(dpo, social_worker, specialist):
    from integra.casework.models import IndividualPlan
    from integra.core.testing.polish import problems
    from integra.support.tests.factories import shared_instrument

    centre = dpo.institution
    anna = ParticipantFactory(institution=centre, first_name="Anna", last_name="Źródłowska")
    project = ProjectFactory(institution=centre, code="KIS-2024", title="Aktywni w Leżajsku")
    participation = ParticipationFactory(project=project, participant=anna)
    ResultFactory(participation=participation, institution=centre, recorded_by=social_worker.membership)
    CaseNote.objects.create(
        institution=centre,
        participant=anna,
        author=social_worker.membership,
        specialty="social_worker",
        written_on=dt.date(2024, 2, 1),
        text="Rozmowa o zatrudnieniu",
    )
    instrument = shared_instrument("career-counselling")
    IndividualPlan.objects.create(
        institution=centre,
        participant=anna,
        project=project,
        career_advisor=specialist.membership,
        drawn_up_on=dt.date(2024, 3, 1),
        start_on=dt.date(2024, 3, 1),
        end_on=dt.date(2024, 9, 30),
        goals="Praca",
        planned_instruments=[instrument.code],
    )
    pdf, data = _letter_and_data(dpo, anna)
    lines = pdf.splitlines()
    assert "KIS-2024 — Aktywni w Leżajsku" in pdf  # the project by its code and name, not „7”
    assert "Pracownik Testowa (pracownik socjalny)" in pdf  # the author by name and role, not „43”
    assert "Psycholog Testowa (psycholog)" in pdf
    assert instrument.name in pdf and "career-counselling" not in pdf
    assert "udział w projekcie" in lines and "autor" in lines
    for technical in ("created at", "updated at", "last name key", "version", "data wprowadzenia", "participant"):
        assert technical not in pdf
    assert f"projekt\n{project.pk}\n" not in pdf and f"osoba\n{anna.pk}\n" not in pdf
    assert list(problems(pdf)) == []
    # dane.json keeps the keys and numbers programs need, with the name beside each number and what every key means
    row = data["records"]["projects.participation"][0]
    assert row["project_id"] == project.pk and row["project"] == "KIS-2024 — Aktywni w Leżajsku"
    labels = data["labels"]["records"]
    assert labels["projects.participation"]["fields"]["project"] == "projekt"
    assert labels["projects.participation"]["fields"]["created_at"] == "data wprowadzenia"
    for key, rows in data["records"].items():
        for record in rows:
            assert set(record) <= set(labels[key]["fields"]), key
    assert set(data["participant"]) <= set(labels["people.participant"]["fields"])
    assert data["access_log"] == [] or data["access_log"][0]["kind_label"]


def test_every_field_the_letter_shows_has_a_polish_name():
    from django.utils import translation
    from django.utils.functional import Promise

    from integra.core.testing.polish import problems
    from integra.people.models import Participant
    from integra.privacy.subject import shown_fields

    untranslated = []
    with translation.override("pl"):
        for model in {Participant, *(edge.model for edge in personal_models())}:
            for field in shown_fields(model):
                label = field.verbose_name
                if not isinstance(label, Promise) or list(problems(str(label))):
                    untranslated.append(f"{model._meta.label}.{field.name}: {label}")
    assert sorted(untranslated) == []
