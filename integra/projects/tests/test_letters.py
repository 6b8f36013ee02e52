import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from integra.core.models import AccessLogEntry, HistoryEntry
from integra.jobs.models import Job, JobStatus
from integra.jobs.runner import run_job
from integra.people.tests.factories import ParticipantFactory
from integra.projects import letters
from integra.projects.models import IssuedLetter, LetterTemplate
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

BODY = "Szanowna Pani / Szanowny Panie {imie} {nazwisko},\n\ndziękujemy za udział w projekcie „{projekt}”."


@pytest.fixture
def project(coordinator):
    project = ProjectFactory(institution=coordinator.institution, code="LEZ-CNA-2011", title="Czas na aktywność")
    for first, last in (("Łucja", "Źdźbło"), ("Żaneta", "Ćwik"), ("Jędrzej", "Gąsiorowski")):
        ParticipationFactory(
            project=project,
            participant=ParticipantFactory(institution=coordinator.institution, first_name=first, last_name=last),
        )
    return project


@pytest.fixture
def template(coordinator):
    return letters.save_template(
        actor=coordinator.membership,
        kind="thanks",
        name="Podziękowanie 2011",
        title="Podziękowanie",
        body=BODY,
        signature="Dyrektor MOPS",
    )


def test_issue_letters_numbers_one_per_participant_and_never_twice(coordinator, project, template):
    issued = letters.issue_letters(
        actor=coordinator.membership, project=project, template=template, issued_on=dt.date(2011, 12, 12)
    )
    assert [letter.number for letter in issued] == [
        "LEZ-CNA-2011/POD/2011/001",
        "LEZ-CNA-2011/POD/2011/002",
        "LEZ-CNA-2011/POD/2011/003",
    ]
    assert [letter.participation.participant.last_name for letter in issued] == ["Ćwik", "Gąsiorowski", "Źdźbło"]
    with pytest.raises(letters.ValidationError) as error:
        letters.issue_letters(
            actor=coordinator.membership, project=project, template=template, issued_on=dt.date(2011, 12, 13)
        )
    assert str(letters.NOBODY_TO_ISSUE) in error.value.messages[0] or "Każdy uczestnik" in error.value.messages[0]
    assert IssuedLetter.objects.count() == 3


def test_letters_pdf_has_one_page_per_person_with_polish_names(coordinator, project, template):
    letters.issue_letters(
        actor=coordinator.membership, project=project, template=template, issued_on=dt.date(2011, 12, 12)
    )
    response = coordinator.client.get(reverse("projects:letters-pdf", args=[project.pk, template.pk]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 3
    assert "Żaneta Ćwik" in texts[0] and "Jędrzej Gąsiorowski" in texts[1] and "Łucja Źdźbło" in texts[2]
    assert "„Czas na aktywność”" in texts[2]
    assert AccessLogEntry.objects.filter(kind="document", what="letters-thanks.pdf").count() == 1


def test_unknown_placeholder_is_refused_and_nothing_saved(coordinator):
    with pytest.raises(letters.ValidationError) as error:
        letters.save_template(
            actor=coordinator.membership, kind="thanks", name="Zły", title="Tytuł", body="Dzień dobry {pesel}"
        )
    assert "pesel" in str(error.value)
    assert LetterTemplate.objects.count() == 0


def test_issue_screen_issues_and_lists(coordinator, project, template):
    url = reverse("projects:project-letters", args=[project.pk])
    response = coordinator.client.post(url, {"template": template.pk, "issued_on": "12.12.2011"})
    assert response.status_code == 302
    page = coordinator.client.get(url).content.decode()
    assert "Podziękowanie 2011" in page
    assert IssuedLetter.objects.filter(participation__project=project).count() == 3


def test_template_screen_shows_polish_error(coordinator):
    response = coordinator.client.post(
        reverse("projects:letter-template-create"), {"kind": "thanks", "name": "X", "title": "T", "body": "{nieznany}"}
    )
    assert response.status_code == 200
    assert "Nieznany symbol {nieznany}" in response.content.decode()
    assert LetterTemplate.objects.count() == 0


def test_outsider_gets_404_and_accountant_cannot_issue(outsider, accountant, project, template):
    assert outsider.client.get(reverse("projects:project-letters", args=[project.pk])).status_code == 404
    assert outsider.client.get(reverse("projects:letters-pdf", args=[project.pk, template.pk])).status_code == 404
    response = accountant.client.post(
        reverse("projects:project-letters", args=[project.pk]), {"template": template.pk, "issued_on": "12.12.2011"}
    )
    assert response.status_code == 403
    assert IssuedLetter.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        "Dzień dobry {imie:>999999999}",  # pads one field to a gigabyte
        "Dzień dobry {imie:{nazwisko}}",  # a nested size
        "Dzień dobry {imie!r}",
        "Dzień dobry {imie.__class__}",
        "Dzień dobry {imie[0]}",
        "Dzień dobry {0}",
    ],
)
def test_formatted_placeholders_are_refused_at_save_with_a_polish_error(coordinator, body):
    response = coordinator.client.post(
        reverse("projects:letter-template-create"), {"kind": "thanks", "name": "X", "title": "T", "body": body}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "symbol zapisz samą nazwą, np. {imie}" in page or "Nieznany symbol" in page
    assert LetterTemplate.objects.count() == 0


def test_a_stored_template_with_a_format_spec_is_refused_at_render(coordinator, project, template):
    letters.issue_letters(
        actor=coordinator.membership, project=project, template=template, issued_on=dt.date(2011, 12, 12)
    )
    LetterTemplate.objects.filter(pk=template.pk).update(body="Dzień dobry {imie:>999999999}")  # saved before the check
    response = coordinator.client.get(reverse("projects:letters-pdf", args=[project.pk, template.pk]), follow=True)
    assert response.status_code == 200
    assert "{imie:&gt;999999999}: symbol zapisz samą nazwą, np. {imie}" in response.content.decode()
    assert AccessLogEntry.objects.filter(what="letters-thanks.pdf").count() == 0


def test_fill_replaces_only_bare_placeholders():
    assert letters.fill("{imie} {nazwisko}, {{dosłownie}}", {"imie": "Łucja", "nazwisko": "Źdźbło"}) == (
        "Łucja Źdźbło, {dosłownie}"
    )
    with pytest.raises(letters.ValidationError):
        letters.fill("{imie:>99}", {"imie": "Łucja"})


@pytest.mark.jobs
def test_many_letters_are_one_pdf_built_by_a_job_of_their_owner(
    coordinator, outsider, project, template, settings, tmp_path
):
    settings.INTEGRA_JOB_LETTERS, settings.INTEGRA_JOB_FILES_DIR = 2, tmp_path / "jobs"
    letters.issue_letters(
        actor=coordinator.membership, project=project, template=template, issued_on=dt.date(2011, 12, 12)
    )
    url = reverse("projects:letters-pdf", args=[project.pk, template.pk])
    response = coordinator.client.get(url)
    assert coordinator.client.get(url)["Location"] == response["Location"]  # a double click: one job
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job-detail", args=[job.pk]) and AccessLogEntry.objects.count() == 0
    assert run_job(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert job.result == {"letters": 3, "first": "LEZ-CNA-2011/POD/2011/001", "last": "LEZ-CNA-2011/POD/2011/003"}
    assert outsider.client.get(reverse("jobs:job-file", args=[job.pk])).status_code == 404
    download = coordinator.client.get(reverse("jobs:job-file", args=[job.pk]))
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages]
    assert len(texts) == 3 and "Żaneta Ćwik" in texts[0] and "Łucja Źdźbło" in texts[2]
    assert download["Content-Disposition"] == 'attachment; filename="LEZ-CNA-2011-thanks.pdf"'
    assert list(AccessLogEntry.objects.values_list("kind", "what")) == [("document", "LEZ-CNA-2011-thanks.pdf")]


def test_issuing_again_fills_only_new_participants_and_says_how_many_it_left(coordinator, project, template):
    url = reverse("projects:project-letters", args=[project.pk])
    first = coordinator.client.post(url, {"template": template.pk, "issued_on": "12.12.2011"}, follow=True)
    assert "Wydano 3 listy uczestnikom, którzy ich jeszcze nie mieli." in first.content.decode()
    ParticipationFactory(
        project=project, participant__institution=coordinator.institution, participant__last_name="Nowak"
    )
    page = coordinator.client.post(
        url, {"template": template.pk, "issued_on": "13.12.2011"}, follow=True
    ).content.decode()
    assert (
        "Wydano 1 list uczestnikom, którzy go jeszcze nie mieli. 3 uczestników już go miało i pozostało bez zmian."
        in page
    )
    assert sorted(IssuedLetter.objects.values_list("number", "issued_on")) == [
        ("LEZ-CNA-2011/POD/2011/001", dt.date(2011, 12, 12)),
        ("LEZ-CNA-2011/POD/2011/002", dt.date(2011, 12, 12)),
        ("LEZ-CNA-2011/POD/2011/003", dt.date(2011, 12, 12)),
        ("LEZ-CNA-2011/POD/2011/004", dt.date(2011, 12, 13)),
    ]
    assert 'id="undo-issue"' in page


def test_the_batch_just_issued_is_taken_back_exactly_and_recorded(coordinator, project, template):
    letters.issue_letters(
        actor=coordinator.membership, project=project, template=template, issued_on=dt.date(2011, 12, 12)
    )
    ParticipationFactory(
        project=project, participant__institution=coordinator.institution, participant__last_name="Nowak"
    )
    letters.issue_letters(
        actor=coordinator.membership, project=project, template=template, issued_on=dt.date(2011, 12, 13)
    )
    entry = letters.last_issue(project)
    assert entry.changes == {"letters": [[], ["LEZ-CNA-2011/POD/2011/004"]]}
    assert entry.comment == "Wydano: podziękowanie, LEZ-CNA-2011/POD/2011/004 – LEZ-CNA-2011/POD/2011/004"
    response = coordinator.client.post(
        reverse("projects:letters-undo", args=[project.pk]), {"entry": entry.pk}, follow=True
    )
    assert "Cofnięto: usunięto 1 list, jego numer jest znów wolny." in response.content.decode()
    assert IssuedLetter.objects.count() == 3
    assert HistoryEntry.objects.filter(object_id=project.pk, content_type__model="project").first().changes == {
        "letters": [["LEZ-CNA-2011/POD/2011/004"], []]
    }
    # The earlier batch is no longer the newest change: nothing more to take back, nothing removed.
    again = coordinator.client.post(
        reverse("projects:letters-undo", args=[project.pk]), {"entry": entry.pk}, follow=True
    )
    assert "Tych listów nie można już cofnąć" in again.content.decode()
    assert IssuedLetter.objects.count() == 3
