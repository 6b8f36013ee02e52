"""Every form field is drawn by forms/field.html: labelled, required ones marked, errors and help linked to it."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from integra.core.forms import LongSelect


class VisitForm(forms.Form):
    surname = forms.CharField(label="Nazwisko", help_text="Jak w dowodzie osobistym.")
    note = forms.CharField(label="Uwagi", required=False)
    status = forms.ChoiceField(
        label="Obecność", choices=[("present", "obecny"), ("absent", "nieobecny")], widget=forms.RadioSelect
    )
    consent = forms.BooleanField(label="Zgoda na przetwarzanie danych", required=False)


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_a_refused_form_links_each_error_and_help_text_to_its_field():
    form = VisitForm(data={"note": "x"})
    assert not form.is_valid()
    html = Template("{{ form }}").render(Context({"form": form}))

    surname = re.search(r"<input[^>]*name=\"surname\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in surname
    described = re.search(r'aria-describedby="([^"]+)"', surname).group(1).split()
    assert described == ["id_surname_helptext", "id_surname_error"]
    assert set(described) <= _ids(html)
    assert re.search(r'<ul class="errorlist" id="id_surname_error"><li>To pole jest wymagane.</li></ul>', html)

    # A radio list is a fieldset named by its legend, the error linked to the fieldset.
    fieldset = re.search(r"<fieldset[^>]*>\s*<legend>Obecność", html).group(0)
    assert 'aria-describedby="id_status_error"' in fieldset and "id_status_error" in _ids(html)


def test_every_field_is_labelled_and_required_ones_are_marked():
    html = Template("{{ form }}").render(Context({"form": VisitForm()}))
    for field_id in ("id_surname", "id_note", "id_consent"):
        assert f'<label for="{field_id}">' in html
    assert re.search(
        r'<label for="id_surname">Nazwisko<span class="required" aria-hidden="true"> \*</span></label>', html
    )
    assert '<label for="id_note">Uwagi</label>' in html
    assert re.search(r'<input type="text" name="surname"[^>]*required', html)
    assert "aria-invalid" not in html


def test_every_label_starts_with_a_capital_whoever_names_the_field():
    """A model's verbose name reaches a ModelForm capitalised („Data”), a form's own label as written („pracownik”):
    the field template gives each the same capital, and leaves the rest of the words as they are."""

    class Mixed(forms.Form):
        staff = forms.CharField(label="pracownik")
        pesel = forms.CharField(label="PESEL lub numer")
        date = forms.DateField(label="Data")
        agree = forms.BooleanField(label="zgoda na kontakt", required=False)
        kind = forms.ChoiceField(label="rodzaj wsparcia", choices=[("a", "a"), ("b", "b")], widget=forms.RadioSelect)

    html = Template("{{ form }}").render(Context({"form": Mixed()}))
    assert re.search(r'<label for="id_staff">Pracownik<span class="required"', html)
    assert re.search(r'<label for="id_pesel">PESEL lub numer<span', html)
    assert re.search(r'<label for="id_date">Data<span', html)
    assert re.search(r'<label for="id_agree"><input[^>]*> Zgoda na kontakt</label>', html)
    assert re.search(r"<legend>Rodzaj wsparcia<span", html)


@pytest.mark.django_db
def test_a_blank_choice_says_choose_or_none_never_djangos_dashes():
    """A ModelChoiceField and a model field's choices both bring Django's "---------"; a staff member reads
    „— wybierz —” where the field must be filled and „— brak —” where leaving it empty is an answer."""
    from integra.institutions.models import Club
    from integra.institutions.tests.factories import ClubFactory

    ClubFactory(name="Klub „Razem”")

    class Plan(forms.Form):
        club = forms.ModelChoiceField(queryset=Club.objects.all(), label="Klub")
        room = forms.ModelChoiceField(queryset=Club.objects.all(), label="Sala", required=False)
        kind = forms.ChoiceField(label="Rodzaj", choices=[("", "---------"), ("w", "warsztat")])
        where = forms.ChoiceField(
            label="Miejsce", choices=[("", "---------"), ("k", "klub")], required=False, widget=forms.RadioSelect
        )
        long = forms.ChoiceField(
            label="Długa", choices=[("", "---------"), ("a", "a")], required=False, widget=LongSelect
        )
        kept = forms.ChoiceField(label="Filtr", choices=[("", "wszystkie"), ("a", "a")], required=False)

    for data in (None, {"club": "", "kind": ""}):
        html = Template("{{ form }}").render(Context({"form": Plan(data)}))
        assert "---------" not in html
        assert re.search(r'<select name="club"[^>]*>\s*<option value=""[^>]*>— wybierz —</option>', html)
        assert re.search(r'<select name="room"[^>]*>\s*<option value=""[^>]*>— brak —</option>', html)
        assert re.search(r'<select name="kind"[^>]*>\s*<option value=""[^>]*>— wybierz —</option>', html)
        assert re.search(r'<input type="radio" name="where" value=""[^>]*>\s*— brak —</label>', html)
        assert re.search(r'<select name="long"[^>]*>\s*<option value=""[^>]*>— brak —</option>', html)
        assert re.search(r'<select name="kept"[^>]*>\s*<option value=""[^>]*>wszystkie</option>', html)

    with translation.override("en"):
        assert ">— none —</option>" in str(Plan()["room"])

    class Changed(Plan):
        """A form that decides in __init__ what must be filled (the consultation's specialist is required of a
        coordinator): the blank choice follows the field as drawn, not what it was built with."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["room"].required, self.fields["club"].required = True, False
            self.fields["long"].required = True

    html = Template("{{ form }}").render(Context({"form": Changed()}))
    assert re.search(r'<select name="room"[^>]*>\s*<option value=""[^>]*>— wybierz —</option>', html)
    assert re.search(r'<select name="club"[^>]*>\s*<option value=""[^>]*>— brak —</option>', html)
    assert re.search(r'<select name="long"[^>]*>\s*<option value=""[^>]*>— wybierz —</option>', html)


def test_a_filter_rows_labels_start_with_a_capital_too():
    """The access log's filters read „użytkownik”, „rodzaj”, „od”, „do”: the filter row (components/filter_row.html)
    capitalises a label as the field template does."""

    class Filters(forms.Form):
        user = forms.CharField(label="użytkownik", required=False)
        since = forms.DateField(label="od", required=False)

    html = Template('{% include "components/filter_row.html" %}').render(Context({"form": Filters()}))
    assert re.search(r'<label for="id_user">Użytkownik<input', html)
    assert re.search(r'<label for="id_since">Od<input', html)
