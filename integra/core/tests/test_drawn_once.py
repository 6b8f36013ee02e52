"""A blank DrawnOnce form is drawn once per process and language (integra.core.forms.field_groups): every such form
of the project must draw the same markup for everyone, and a bound or pre-filled one is drawn each time."""

from __future__ import annotations

import importlib

import pytest
from django import forms
from django.apps import apps
from django.template import Context, Template
from django.utils import translation

from integra.core.forms import _DRAWN, DrawnOnce, field_groups


def _project_forms() -> list[type[forms.BaseForm]]:
    for config in apps.get_app_configs():
        if config.name.startswith("integra."):
            try:
                importlib.import_module(f"{config.name}.forms")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.forms":
                    raise
    found, todo = [], list(DrawnOnce.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return [cls for cls in found if cls.__module__.startswith("integra.") and ".tests." not in cls.__module__]


def _drawn_each_time(form: forms.BaseForm) -> str:
    return Template("{% for field in form %}<div>{{ field.as_field_group }}</div>{% endfor %}").render(
        Context({"form": form})
    )


def test_the_consent_form_is_one_of_them():
    from integra.people.forms import ConsentForm

    assert ConsentForm in _project_forms()


@pytest.mark.parametrize("form_class", _project_forms(), ids=lambda cls: cls.__name__)
def test_every_drawn_once_form_is_fixed_by_its_class(form_class):
    """Nothing a request, a centre or the database decides: no __init__ of its own, no initial value, no choices
    read from a model."""
    own_init = [cls for cls in form_class.__mro__ if "__init__" in vars(cls) and cls.__module__.startswith("integra.")]
    assert not own_init, f"{form_class.__name__}: __init__ in {own_init}"
    for name, field in form_class.base_fields.items():
        assert field.initial is None, f"{form_class.__name__}.{name} has an initial value"
        assert not isinstance(field, forms.ModelChoiceField), f"{form_class.__name__}.{name} reads its choices"
        assert "value" not in field.widget.attrs, f"{form_class.__name__}.{name} sets its widget's value"


@pytest.mark.parametrize("form_class", _project_forms(), ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_markup_drawn_once_is_the_markup_drawn_each_time(form_class, language):
    _DRAWN.clear()
    with translation.override(language):
        first, second = field_groups(form_class()), field_groups(form_class())
        assert first is second  # from the store, not drawn again
        assert first == _drawn_each_time(form_class())


def test_each_language_has_its_own_markup():
    from integra.people.forms import ConsentForm

    _DRAWN.clear()
    with translation.override("pl"):
        polish = field_groups(ConsentForm())
    with translation.override("en"):
        english = field_groups(ConsentForm())
    assert "cel" in polish.lower() and "purpose" in english.lower()
    assert polish != english


def test_a_refused_or_prefilled_form_is_drawn_with_what_was_typed():
    from integra.people.forms import ConsentForm

    _DRAWN.clear()
    with translation.override("pl"):
        field_groups(ConsentForm())  # the blank markup is in the store
        refused = ConsentForm(data={"purpose": "", "scope": "zapisane słowa"})
        assert not refused.is_valid()
        drawn = field_groups(refused)
        assert "zapisane słowa" in drawn and 'aria-invalid="true"' in drawn
        prefilled = field_groups(ConsentForm(initial={"scope": "z wniosku"}))
        assert 'value="z wniosku"' in prefilled
        assert field_groups(ConsentForm(prefix="other")) != field_groups(ConsentForm())


def test_a_form_that_is_not_drawn_once_is_drawn_each_time():
    class Plain(forms.Form):
        note = forms.CharField(label="Uwagi")

    _DRAWN.clear()
    assert field_groups(Plain()) == _drawn_each_time(Plain())
    assert not _DRAWN
