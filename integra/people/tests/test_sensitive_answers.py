"""Special-category answers are never assumed: an untouched form records „brak danych”, never „Tak” nor „Nie”."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from integra.people import services
from integra.people.models import Answer, Participant
from integra.people.tests.factories import valid_data

pytestmark = pytest.mark.django_db

SENSITIVE = ("disability", "foreign_background", "minority", "homeless", "other_disadvantage")


class SelectDefaults(HTMLParser):
    """What a browser submits for each <select> left untouched: the selected option, else the first."""

    def __init__(self) -> None:
        super().__init__()
        self.defaults: dict[str, tuple[str, str]] = {}
        self._select: str | None = None
        self._option: tuple[str, bool] | None = None
        self._first: dict[str, tuple[str, str]] = {}
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select:
            self._option = (attrs.get("value", ""), "selected" in attrs)
            self._text = ""

    def handle_data(self, data):
        if self._option is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select:
            value, selected = self._option
            self._first.setdefault(self._select, (value, self._text.strip()))
            if selected:
                self.defaults[self._select] = (value, self._text.strip())
            self._option = None
        elif tag == "select" and self._select:
            self.defaults.setdefault(self._select, self._first[self._select])
            self._select = None


def untouched_selects(html: str) -> dict[str, tuple[str, str]]:
    parser = SelectDefaults()
    parser.feed(html)
    return parser.defaults


def browser_post(**overrides) -> dict:
    """The form as a browser sends it after typing only the person's identity and address."""
    data = {
        k: ("on" if v is True else "" if v in (False, None) else str(v)) for k, v in valid_data(**overrides).items()
    }
    for name in SENSITIVE:
        data.pop(name)
    return {k: v for k, v in data.items() if v != ""}


def test_new_participant_form_offers_no_answer_first_and_selected(social_worker):
    html = social_worker.client.get(reverse("people:participant-create")).content.decode()
    defaults = untouched_selects(html)
    assert {name: defaults[name] for name in SENSITIVE} == dict.fromkeys(SENSITIVE, ("", "brak danych"))


def test_saving_without_choosing_records_no_answer_never_yes(social_worker):
    html = social_worker.client.get(reverse("people:participant-create")).content.decode()
    post = browser_post() | {
        name: value for name, (value, _label) in untouched_selects(html).items() if name in SENSITIVE
    }
    response = social_worker.client.post(reverse("people:participant-create"), post, follow=True)
    person = Participant.objects.get()
    assert [getattr(person, name) for name in SENSITIVE] == [Answer.NOT_GIVEN] * 5
    card = response.content.decode()
    assert card.count("brak danych") >= 5
    assert '<dd id="disability">Tak' not in card


def test_edit_form_of_a_person_without_answers_keeps_them_empty(social_worker):
    data = valid_data()
    for name in SENSITIVE:
        data.pop(name)
    person = services.create_participant(actor=social_worker.membership, data=data)
    url = reverse("people:participant-edit", args=[person.pk])
    defaults = untouched_selects(social_worker.client.get(url).content.decode())
    assert {name: defaults[name][0] for name in SENSITIVE} == dict.fromkeys(SENSITIVE, "")
    social_worker.client.post(url, browser_post(phone="111 222 333") | {"version": person.version})
    person.refresh_from_db()
    assert person.phone == "+48111222333"
    assert [getattr(person, name) for name in SENSITIVE] == [""] * 5


def test_a_given_answer_is_kept(social_worker):
    post = browser_post() | {"disability": "yes", "homeless": "refused", "minority": "no"}
    social_worker.client.post(reverse("people:participant-create"), post)
    person = Participant.objects.get()
    assert (person.disability, person.homeless, person.minority, person.foreign_background) == (
        "yes",
        "refused",
        "no",
        "",
    )


def test_severe_disability_without_a_disability_answer_is_refused_and_nothing_written(social_worker):
    post = browser_post() | {"severe_disability": "on"}
    response = social_worker.client.post(reverse("people:participant-create"), post)
    assert response.status_code == 200
    assert "Znaczny stopień niepełnosprawności można zaznaczyć tylko" in response.content.decode()
    assert Participant.objects.count() == 0


def test_service_without_the_answers_records_none(social_worker):
    actor = social_worker.membership
    data = valid_data()
    for name in SENSITIVE:
        data.pop(name)
    person = services.create_participant(actor=actor, data=data)
    assert [getattr(person, name) for name in SENSITIVE] == [""] * 5
    assert person.get_disability_display() == "brak danych"
