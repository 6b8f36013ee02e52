import datetime as dt
import io

from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from integra.core.models import AccessLogEntry
from integra.core.roles import Role, Specialty
from integra.institutions.tests.factories import MembershipFactory
from integra.support import services
from integra.support.models import Activity, Attendance, Consultation, Session
from integra.support.tests.factories import ActivityFactory, SessionFactory, shared_instrument


def test_attendance_pdf_lists_names_with_diacritics_in_list_order(coordinator, workshop, enrol_people):
    enrol_people(workshop, "Żółć", "Łęcka", "Ćwik", "Śmigły")
    first = SessionFactory(activity=workshop, date=dt.date(2011, 3, 7))
    SessionFactory(activity=workshop, date=dt.date(2011, 3, 14))
    response = coordinator.client.get(reverse("support:attendance-sheet", args=[workshop.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    text = reader.pages[0].extract_text()
    positions = [text.index(f"Zofia {name}") for name in ("Ćwik", "Łęcka", "Śmigły", "Żółć")]
    assert positions == sorted(positions)
    assert "Lista obecności" in text and "Podpis" in text
    assert "Aktywni w Leżajsku" in text and "Europejskiego Funduszu Społecznego" in text
    assert "07.03.2011" in text and "10:00–11:30" in text and "Trening umiejętności społecznych" in text
    assert "14.03.2011" in reader.pages[1].extract_text()
    entry = AccessLogEntry.objects.get()
    assert (entry.what, entry.kind, entry.subject_id) == ("attendance-sheet.pdf", "document", workshop.pk)
    single = coordinator.client.get(reverse("support:attendance-sheet", args=[workshop.pk]) + f"?session={first.pk}")
    assert len(PdfReader(io.BytesIO(single.content)).pages) == 1


def test_attendance_screen_saves_one_click_and_returns_rates(coordinator, workshop, enrol_people):
    anna, jan = (e.participant for e in enrol_people(workshop, "Śliwa", "Zając"))
    session = SessionFactory(activity=workshop)
    url = reverse("support:attendance", args=[session.pk])
    response = coordinator.client.post(url, {"version": 1, f"status_{anna.pk}": "present"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="rate-{anna.pk}">100,00' in html and f'id="rate-{jan.pk}">0,00' in html
    assert 'value="2" id="attendance-version"' in html
    stale = coordinator.client.post(url, {"version": 1, f"status_{jan.pk}": "present"}, HTTP_HX_REQUEST="true")
    assert "attendance-errors" in stale.content.decode()
    # the field changed meanwhile is named as staff know it (issue 23: it read „zmieniono: attendance”)
    assert "W międzyczasie zmieniono: lista obecności." in stale.content.decode()
    assert Attendance.objects.count() == 1
    everyone = coordinator.client.post(url, {"version": 2, "all": "present"})
    assert everyone.status_code == 302
    assert set(Attendance.objects.values_list("status", flat=True)) == {"present"}
    assert Attendance.objects.count() == 2


def test_specialist_marks_only_sessions_they_run(coordinator, specialist, workshop, enrol_people):
    session = SessionFactory(activity=workshop)
    url = reverse("support:attendance", args=[session.pk])
    assert specialist.client.get(url).status_code == 403
    Session.objects.filter(pk=session.pk).update(staff=specialist.membership)
    assert specialist.client.get(url).status_code == 200
    assert coordinator.client.get(url).status_code == 200


def test_scheduling_a_clash_on_screen_shows_the_message_and_writes_nothing(coordinator, workshop, project):
    SessionFactory(activity=workshop, date=dt.date(2011, 3, 7), start_time=dt.time(10, 0), room="Sala 1")
    other = Activity.objects.create(
        institution=coordinator.institution,
        project=project,
        instrument=shared_instrument(),
        title="Grupa wsparcia",
        kind="group_workshop",
        provider_name="Stowarzyszenie",
        start_on=dt.date(2011, 3, 1),
        end_on=dt.date(2011, 6, 30),
    )
    response = coordinator.client.post(
        reverse("support:session-create", args=[other.pk]),
        {
            "date": "2011-03-07",
            "start_time": "10:30",
            "duration_minutes": 60,
            "room": "Sala 1",
        },
    )
    assert response.status_code == 200
    assert "Sala „Sala 1” jest już zajęta przez „Trening umiejętności społecznych”" in response.content.decode()
    assert Session.objects.count() == 1


def test_bad_activity_input_writes_nothing(coordinator, project):
    before = Activity.objects.count()
    response = coordinator.client.post(
        reverse("support:activity-create"),
        {
            "project": project.pk,
            "instrument": shared_instrument().pk,
            "title": "Warsztaty",
            "kind": "group_workshop",
            "planned_hours": "10",
            "start_on": "2011-03-01",
            "end_on": "2011-04-01",
            "cost": "100",
        },
    )
    assert response.status_code == 200
    assert "Wybierz pracownika albo wpisz nazwę firmy zewnętrznej" in response.content.decode()
    assert Activity.objects.count() == before


def test_confidential_note_only_for_the_same_specialty(
    coordinator, specialist, social_worker, accountant, workshop, enrol_people
):
    (person,) = (e.participant for e in enrol_people(workshop, "Śliwa"))
    consultation = services.record_consultation(
        actor=specialist.membership,
        participant=person,
        date=dt.date(2011, 3, 7),
        duration_minutes=50,
        topic="Stres",
        confidential_note="Myśli rezygnacyjne",
    )
    url = reverse("support:consultation-detail", args=[consultation.pk])
    assert "Myśli rezygnacyjne" in specialist.client.get(url).content.decode()
    other_psychologist = MembershipFactory(
        institution=coordinator.institution, role=Role.SPECIALIST, specialty=Specialty.PSYCHOLOGIST
    )
    client = Client()
    client.force_login(other_psychologist.user)
    assert "Myśli rezygnacyjne" in client.get(url).content.decode()
    for persona in (coordinator, social_worker):
        assert "Myśli rezygnacyjne" not in persona.client.get(url).content.decode()
    assert accountant.client.get(url).status_code == 403
    assert Consultation.objects.count() == 1


def test_hours_read_as_figures_whole_hours_without_decimals(coordinator, workshop):
    """„100” planned hours, not „100,00”; half an hour keeps its decimals („12,50”), as format_cell writes a figure."""
    from decimal import Decimal

    url = reverse("support:activity-detail", args=[workshop.pk])
    for planned, shown in ((Decimal("100.00"), "100"), (Decimal("12.50"), "12,50")):
        Activity.objects.filter(pk=workshop.pk).update(planned_hours=planned)
        html = coordinator.client.get(url).content.decode()
        assert f"<dd>{shown}</dd>" in html


def test_activity_list_links_each_title_to_its_page(coordinator, workshop):
    html = coordinator.client.get(reverse("support:activity-list")).content.decode()
    url = reverse("support:activity-detail", args=[workshop.pk])
    assert f'<a href="{url}">{workshop.title}</a>' in html


def test_outsider_gets_404_on_a_session(outsider, workshop):
    session = SessionFactory(activity=workshop)
    assert outsider.client.get(reverse("support:attendance", args=[session.pk])).status_code == 404
    assert outsider.client.get(reverse("support:activity-detail", args=[workshop.pk])).status_code == 404


def test_timetable_and_activity_offer_attendance_only_to_whom_may_mark_the_session(
    coordinator, specialist, social_worker, accountant, auditor, workshop
):
    """Issue 23: the accountant and the auditor were offered /support/sessions/N/attendance/, which answers 403."""
    run = SessionFactory(activity=workshop, date=dt.date(2011, 3, 9), staff=specialist.membership)
    other = SessionFactory(activity=workshop, date=dt.date(2011, 3, 10))
    links = {
        run: f'href="/support/sessions/{run.pk}/attendance/"',
        other: f'href="/support/sessions/{other.pk}/attendance/"',
    }
    expected = [
        (coordinator, {run, other}),
        (specialist, {run}),  # runs the first session only
        (social_worker, set()),
        (accountant, set()),
        (auditor, set()),
    ]
    for persona, sessions in expected:
        for url in (
            reverse("support:timetable") + "?week=2011-03-07",
            reverse("support:activity-detail", args=[workshop.pk]),
        ):
            html = persona.client.get(url).content.decode()
            assert {s for s, link in links.items() if link in html} == sessions, (persona.membership.role, url)
        for session in (run, other):
            status = persona.client.get(reverse("support:attendance", args=[session.pk])).status_code
            assert (status == 200) == (session in sessions), (persona.membership.role, status)


def test_timetable_shows_the_week_with_prev_and_next(coordinator, workshop):
    SessionFactory(activity=workshop, date=dt.date(2011, 3, 9), room="Sala 1")
    response = coordinator.client.get(reverse("support:timetable"), {"week": "2011-03-09", "room": "Sala 1"})
    html = response.content.decode()
    assert "07.03.2011 – 13.03.2011" in html
    assert "week=2011-02-28" in html and "week=2011-03-14" in html
    assert "Trening umiejętności społecznych" in html


def test_only_staff_who_deliver_support_are_offered_to_run_an_activity_or_a_session(
    coordinator, specialist, accountant, auditor, dpo, workshop
):
    """The activity's „Prowadzący” offered the accountant, the auditor („audytor (tylko odczyt)”) and the data
    protection officer; one already chosen stays on the row being edited, whatever their role."""
    page = coordinator.client.get(reverse("support:activity-create")).content.decode()
    provider = page.split('name="provider"', 1)[1].split("</select>", 1)[0]
    assert specialist.membership.user.get_full_name() in provider
    assert coordinator.membership.user.get_full_name() in provider
    for other in (accountant, auditor, dpo):
        assert other.membership.user.get_full_name() not in provider
    assert "((" not in provider and "))" not in provider
    Activity.objects.filter(pk=workshop.pk).update(provider=accountant.membership)
    page = coordinator.client.get(reverse("support:activity-edit", args=[workshop.pk])).content.decode()
    provider = page.split('name="provider"', 1)[1].split("</select>", 1)[0]
    assert accountant.membership.user.get_full_name() in provider and "selected" in provider
    assert auditor.membership.user.get_full_name() not in provider


def test_the_activity_page_names_its_kind_once_when_the_instrument_is_named_alike(coordinator, project):
    """„kurs zawodowy · Kurs zawodowy (edukacyjne)”: the kind is left out where the instrument says the same."""
    course = shared_instrument("vocational-course")
    activity = ActivityFactory(project=project, kind="vocational_course", instrument=course, title="Kasa fiskalna")
    page = coordinator.client.get(reverse("support:activity-detail", args=[activity.pk])).content.decode()
    subtitle = page.split("<hgroup>", 1)[1].split("</hgroup>", 1)[0]
    assert subtitle.lower().count(course.name.lower()) == 1 and f"{course.name} (" in subtitle
    workshop = ActivityFactory(project=project, kind="group_workshop", instrument=course, title="Warsztat")
    page = coordinator.client.get(reverse("support:activity-detail", args=[workshop.pk])).content.decode()
    assert f"{workshop.get_kind_display()} · {course.name}" in page
