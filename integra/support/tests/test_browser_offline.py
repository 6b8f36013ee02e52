"""Issue 27 end to end in headless chromium: attendance marked without a connection, sent when it is back.

The attendance screen is served by the service worker once the browser is offline (`context.set_offline`); marks
wait in IndexedDB and are sent in order when the connection returns; a mark changed on the server meanwhile is a
conflict kept until the user chooses; a mark for a person who left is refused with the reason; sign-out warns
first and then deletes every mark and copy. With `INTEGRA_SCREENSHOTS=/some/dir` the screens are saved there.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from integra.core.dates import centre_today
from integra.core.models import HistoryEntry
from integra.core.roles import Role
from integra.core.testing.factories import TEST_PASSWORD, UserFactory
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory
from integra.support import services
from integra.support.models import Attendance, Enrolment
from integra.support.tests.factories import ActivityFactory, EnrolmentFactory, SessionFactory
from tests.test_accessibility import AXE_OPTIONS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.offline,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SURNAMES = [
    "Kowalska",
    "Nowak",
    "Wiśniewska",
    "Wójcik",
    "Kamińska",
    "Lewandowska",
    "Zielińska",
    "Szymańska",
    "Woźniak",
    "Dąbrowska",
    "Kozłowska",
]
QUEUED = "zapisano na urządzeniu — wyślę po połączeniu"


def _world(count: int):
    today = centre_today()
    centre = InstitutionFactory(slug="lezajsk-offline-e2e", name="MOPS Leżajsk")
    user = UserFactory(username="e2e.offline", first_name="Joanna", last_name="Kędzierska")
    coordinator = MembershipFactory(user=user, institution=centre, role=Role.COORDINATOR)
    office = MembershipFactory(
        user=UserFactory(username="e2e.biuro", first_name="Ewa", last_name="Nowicka"),
        institution=centre,
        role=Role.COORDINATOR,
    )
    project = ProjectFactory(
        institution=centre, start_on=today - dt.timedelta(days=60), end_on=today + dt.timedelta(days=60)
    )
    activity = ActivityFactory(
        project=project,
        title="Warsztaty w świetlicy",
        start_on=today - dt.timedelta(days=30),
        end_on=today + dt.timedelta(days=30),
    )
    people = []
    for surname in SURNAMES[:count]:
        participant = ParticipationFactory(
            project=project, participant__last_name=surname, participant__first_name="Anna"
        ).participant
        EnrolmentFactory(activity=activity, participant=participant, enrolled_on=activity.start_on)
        people.append(participant)
    session = SessionFactory(activity=activity, date=today, room="Świetlica szkolna")
    return coordinator, office, session, sorted(people, key=lambda p: p.pk)


def _sign_in(page, username: str = "e2e.offline") -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("h1")).to_have_text("Na dziś")


def _open_kept(page, session) -> None:
    """Open the session's attendance screen and wait until the service worker has kept it."""
    page.goto(f"/support/sessions/{session.pk}/attendance/")
    expect(page.locator("#offline-kept")).to_be_visible()


def _reload_offline(page) -> None:
    page.context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker  # no connection: the copy kept by the service worker
    expect(page.locator("#offline-banner")).to_contain_text("Brak połączenia")


def _sign_out(page) -> None:
    if not page.locator("#logout").is_visible():  # on a phone the menu folds behind „Menu”
        page.click("#menu-toggle")
    page.click("#logout", no_wait_after=True)  # the question may open before the click returns


def _screenshot(page, name: str) -> None:
    folder = os.environ.get("INTEGRA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _no_axe_violation(page, selector: str) -> None:
    results = Axe().run(page, context=selector, options=AXE_OPTIONS)
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]] == []


def test_ten_marks_made_offline_are_saved_when_back_and_a_conflict_waits_for_a_choice(browser_page):
    coordinator, office, session, people = _world(11)
    page = browser_page
    _sign_in(page)
    _open_kept(page, session)
    _reload_offline(page)

    statuses = ["present", "absent", "excused"]
    for n, person in enumerate(people):
        page.check(f"[data-testid=mark-{person.pk}-{statuses[n % 3] if n < 10 else 'present'}]")
        expect(page.locator(f"#saved-{person.pk}")).to_have_text(QUEUED)
    expect(page.locator("#offline-banner")).to_contain_text("11 oznaczeń czeka na wysłanie.")
    expect(page.locator("#attendance-status")).to_contain_text(QUEUED)
    _screenshot(page, "offline-1024")
    _no_axe_violation(page, "#offline")
    assert Attendance.objects.count() == 0  # nothing has left the device

    # Meanwhile in the office another coordinator marks the eleventh person absent.
    disputed = people[10]
    services.record_attendance(actor=office, session=session, marks={disputed.pk: "absent"}, expected_version=1)
    page.context.set_offline(False)
    expect(page.locator("#offline-banner")).to_contain_text(
        "Połączenie wróciło: zapisano 10 oznaczeń z tego urządzenia."
    )
    conflict = page.locator(f"#conflict-{session.pk}-{disputed.pk}")
    expect(conflict).to_contain_text("Na tym urządzeniu")
    expect(conflict).to_contain_text("obecny")
    expect(conflict).to_contain_text("nieobecny (zmiana: Ewa Nowicka")
    marks = dict(Attendance.objects.values_list("participant_id", "status"))
    assert marks == {
        **{p.pk: statuses[n % 3] for n, p in enumerate(people[:10])},
        disputed.pk: "absent",  # not overwritten
    }
    sent = HistoryEntry.objects.filter(object_id=session.pk, actor=coordinator.user, action="update")
    assert sorted(int(pid) for e in sent for pid in e.changes["attendance"][1]) == sorted(p.pk for p in people[:10])
    # The screen read the list again: the marks are the server's, the rows no longer wait.
    expect(page.locator(f"#saved-{people[0].pk}")).to_have_text("")
    _screenshot(page, "conflict-1024")
    _no_axe_violation(page, "#offline")

    # The conflict is kept on the device, also across a reload, until the user chooses.
    page.reload()
    expect(conflict).to_be_visible()
    assert Attendance.objects.get(participant=disputed).status == "absent"
    conflict.get_by_role("button", name="Zachowaj „obecny” z tego urządzenia").click()
    expect(page.locator("#offline-conflicts")).to_be_hidden()
    expect(page.locator("#offline-banner")).to_contain_text("zapisano 1 oznaczenie z tego urządzenia.")
    assert Attendance.objects.get(participant=disputed).status == "present"


def test_on_a_phone_a_refused_mark_keeps_its_reason_and_sign_out_warns_then_clears(browser_page):
    _coordinator, _office, session, people = _world(4)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in(page)
    _open_kept(page, session)
    _reload_offline(page)
    left, *others = people[:3]
    for person in (left, *others):
        page.check(f"[data-testid=mark-{person.pk}-present]")
        expect(page.locator(f"#saved-{person.pk}")).to_have_text(QUEUED)
    expect(page.locator("#offline-banner")).to_contain_text("3 oznaczenia czekają na wysłanie.")
    _screenshot(page, "offline-390")

    # Without a connection the start page is the offline one, and today's signature sheet was generated in advance.
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Na dziś bez połączenia")
    expect(page.locator("#offline-banner")).to_contain_text("3 oznaczenia czekają na wysłanie.")
    _screenshot(page, "start-390")
    _no_axe_violation(page, "main")
    sheet = page.locator(f"#offline-sheet-{session.pk}").get_attribute("href")
    status, kind, pdf = page.evaluate(
        "async (url) => { const r = await fetch(url); const b = new Uint8Array(await r.arrayBuffer());"
        " return [r.status, r.headers.get('content-type'), String.fromCharCode(...b.slice(0, 5))]; }",
        sheet,
    )
    assert (status, kind, pdf) == (200, "application/pdf", "%PDF-")
    page.click(f"#offline-session-{session.pk}")
    for person in (left, *others):  # the marks waiting on the device are shown on the kept list
        expect(page.locator(f"[data-testid=mark-{person.pk}-present]")).to_be_checked()
        expect(page.locator(f"#saved-{person.pk}")).to_have_text(QUEUED)

    # Sign-out while marks wait asks first; cancelling keeps everything.
    with page.expect_event("dialog") as asked:
        _sign_out(page)
    assert asked.value.message == (
        "3 oznaczenia obecności na tym urządzeniu nie zostały wysłane. Wylogowanie usunie je z urządzenia. "
        "Wylogować mimo to?"
    )
    asked.value.dismiss()
    expect(page.locator("#offline-banner")).to_contain_text("3 oznaczenia czekają na wysłanie.")

    # Meanwhile the first person left the activity (yesterday): their mark is refused, the others are saved.
    Enrolment.objects.filter(participant=left).update(
        status=Enrolment.Status.DROPPED_OUT, ended_on=centre_today() - dt.timedelta(days=1), dropout_reason="Praca"
    )
    page.context.set_offline(False)
    expect(page.locator("#offline-banner")).to_contain_text("Połączenie wróciło: zapisano 2 oznaczenia")
    refused = page.locator(f"#refused-{session.pk}-{left.pk}")
    expect(refused).to_contain_text("udział w zajęciach zakończony")
    assert set(Attendance.objects.values_list("participant_id", flat=True)) == {p.pk for p in others}
    _screenshot(page, "refused-390")
    _no_axe_violation(page, "#offline")

    # Signing out with the refused mark still on the device: asked, accepted, everything is deleted.
    with page.expect_event("dialog") as asked:
        _sign_out(page)
    assert asked.value.message.startswith("1 oznaczenie obecności na tym urządzeniu nie zostało wysłane.")
    asked.value.accept()
    expect(page.locator("input[name=username]")).to_be_visible()
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert page.evaluate("async () => (await indexedDB.databases()).map(d => d.name)") == []


OLD_MARKS = """([key, session, participant, name, days]) => new Promise((resolve, reject) => {
  const open = indexedDB.open("integra-offline", 1);
  open.onsuccess = () => {
    const tx = open.result.transaction("marks", "readwrite");
    const [user, membership] = key.split(":");
    tx.objectStore("marks").put({key: key + ":" + session + ":" + participant, user, membership, session: String(session),
      participant: String(participant), name, sessionLabel: "Warsztaty w świetlicy", status: "present",
      statusLabel: "obecny", was: "", version: "1", seq: days, madeAt: Date.now() - days * 86400000, state: "waiting"});
    tx.oncomplete = () => { open.result.close(); resolve(); };
    tx.onerror = () => reject(tx.error);
  };
})"""


def test_old_marks_warn_then_expire_and_an_expired_session_signs_in_again_before_sending(browser_page):
    coordinator, _office, session, people = _world(3)
    page = browser_page
    _sign_in(page)
    _open_kept(page, session)
    page.context.set_offline(True)
    owner = f"{coordinator.user_id}:{coordinator.pk}"
    stale, old = people[0], people[1]
    page.evaluate(OLD_MARKS, [owner, session.pk, stale.pk, "Kowalska Anna", 8])  # made 8 days ago
    page.evaluate(OLD_MARKS, [owner, session.pk, old.pk, "Nowak Anna", 6])  # made 6 days ago
    page.reload()
    expect(page.locator("#offline-banner")).to_contain_text(
        "1 oznaczenie czeka na tym urządzeniu dłużej niż 5 dni: po 7 dniach wygasa i nie zostanie wysłane."
    )
    expect(page.locator(f"#refused-{session.pk}-{stale.pk}")).to_contain_text("czekało na tym urządzeniu 7 dni")
    expect(page.locator(f"#saved-{old.pk}")).to_have_text(QUEUED)

    # The session ended meanwhile (as after a long idle time): nothing is sent, the user is asked to sign in.
    page.context.clear_cookies()
    page.context.set_offline(False)
    expect(page.locator("#offline-banner")).to_contain_text("Sesja wygasła. Zaloguj się ponownie")
    assert Attendance.objects.count() == 0
    page.click("#offline-sign-in")
    # A request of the old session still on its way may set its token cookie again; the sign-in form is read
    # once the page has settled, as a person would type into it.
    page.wait_for_load_state("networkidle")
    page.reload()
    page.fill("input[name=username]", "e2e.offline")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#offline-banner")).to_contain_text("zapisano 1 oznaczenie z tego urządzenia.")
    assert page.url.endswith(f"/support/sessions/{session.pk}/attendance/")
    assert dict(Attendance.objects.values_list("participant_id", "status")) == {old.pk: "present"}


def test_a_mark_made_after_the_session_ended_is_kept_and_sent_after_signing_in(browser_page):
    """Online, but the session has ended (signed out elsewhere): the mark's htmx POST gets 401 and nothing
    swapped (integra.core.permissions.to_sign_in); the mark waits on the device and is sent after signing in."""
    _coordinator, _office, session, people = _world(2)
    page = browser_page
    _sign_in(page)
    _open_kept(page, session)
    page.context.clear_cookies(name="sessionid")  # the session ended; the form token's cookie stays, as it does
    person = people[0]
    page.check(f"[data-testid=mark-{person.pk}-present]")
    expect(page.locator(f"#saved-{person.pk}")).to_have_text(QUEUED)
    expect(page.locator("#messages")).to_contain_text("Sesja wygasła, więc serwer tego nie przyjął.")
    expect(page.locator("#offline-banner")).to_contain_text("Sesja wygasła. Zaloguj się ponownie")
    expect(page.locator("#attendance-table")).to_be_visible()  # the rows stay: no sign-in page drawn inside them
    assert Attendance.objects.count() == 0

    page.click("#offline-sign-in")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=username]", "e2e.offline")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("#login-submit")
    expect(page.locator("#offline-banner")).to_contain_text("zapisano 1 oznaczenie z tego urządzenia.")
    assert dict(Attendance.objects.values_list("participant_id", "status")) == {person.pk: "present"}
