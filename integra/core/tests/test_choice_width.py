"""A select whose choices are longer than a form column shows takes two columns or the row (forms/field.html).

The closed box of a select shows the chosen line in the select's own width: in a column of `.grid-fields` at
1024 px about twenty characters. „A – dla osoby lub rodziny w celu rozwiązania trudnej sytuacji życiowej” was
shown as „A – dla osoby l…”. The browser walk (tests/test_tablet_layout.py) measures every form's selects.
"""

from __future__ import annotations

from django import forms

from integra.core.templatetags.integra import choice_width


class _Form(forms.Form):
    short = forms.ChoiceField(choices=[("a", "tak"), ("b", "nie")])
    wide = forms.ChoiceField(choices=[("a", "tak"), ("b", "inspektor ochrony danych")])
    row = forms.ChoiceField(
        choices=[("A", "A – dla osoby lub rodziny w celu rozwiązania trudnej sytuacji życiowej"), ("B", "B")]
    )
    grouped = forms.ChoiceField(choices=[("Grupa", [("x", "przetwarzanie danych szczególnej kategorii")])])
    text = forms.CharField()


def test_the_width_follows_the_longest_choice_as_drawn():
    assert choice_width('<select><option value="a">tak</option></select>') == ""
    assert choice_width('<option value="">inspektor ochrony danych</option>') == "wide"
    assert choice_width("<option>A – dla osoby lub rodziny w celu rozwiązania trudnej sytuacji</option>") == "row"
    assert choice_width("<option>&quot;Ż&quot; &amp; co</option>") == ""  # entities count as one character


def test_each_field_of_a_form_is_marked_by_its_longest_choice():
    form = _Form()
    html = {field.name: str(field.as_field_group()) for field in form}
    assert "data-choices" not in html["short"] and "data-choices" not in html["text"]
    assert 'data-choices="wide"' in html["wide"]
    assert 'data-choices="row"' in html["row"]
    assert 'data-choices="wide"' in html["grouped"]
    # the select itself is drawn once, as before
    assert html["row"].count("<select") == 1 and 'name="row"' in html["row"]
