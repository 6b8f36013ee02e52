from __future__ import annotations

from typing import Any

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import pgettext

from integra.core.drawn import Drawn

DJANGO_BLANK = BLANK_CHOICE_DASH[0][1]  # "---------", also ModelChoiceField's default empty_label


def name_blank_choices(widget: dict[str, Any]) -> None:
    """Gives the blank choice of a select or radio list words instead of Django's "---------": "— wybierz —" where
    the field is required, "— brak —" where leaving it empty is an answer. Both ModelChoiceField and a model field's
    choices bring that dash; a filter names its own blank ("wszystkie") and keeps it."""
    # The `required` attribute BoundField gives the widget follows the field as it is drawn; the widget's own
    # `is_required` keeps what the field was built with, stale where a form's __init__ changes `required`
    # (the consultation's required „Specjalista” offered „— brak —”).
    required = bool(widget.get("attrs", {}).get("required"))
    for _group, options, _index in widget.get("optgroups", ()):
        for option in options:
            if option["label"] == DJANGO_BLANK and option["value"] in ("", None):
                option["label"] = (
                    pgettext("blank choice of a required field", "— choose —")
                    if required
                    else pgettext("blank choice of an optional field", "— none —")
                )


class IntegraFormRenderer(TemplatesSetting):
    """Draws every field with forms/field.html, so each screen labels, marks and links its fields alike, and names
    the blank choice of every select and radio list (name_blank_choices)."""

    field_template_name = "forms/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict) and "optgroups" in widget:
            name_blank_choices(widget)
        return super().render(template_name, context, request)


class DrawnOnce:
    """A form whose blank fields draw the same markup for every reader, person and request: labels, help and
    choices fixed by the class (no choices from the database, no initial values, nothing changed in __init__).

    `{% field_groups form %}` draws such a form's blank fields once per process and language and reuses the
    markup: the participant page's consent form was a fifth of that page's CPU time (bench/load.py), each of
    its fields a template with its widget's templates. A bound form, or one given initial values, is drawn
    each time. integra/core/tests/test_drawn_once.py holds every DrawnOnce form of the project to the rule."""


_DRAWN = Drawn(1000)


def field_groups(form: forms.BaseForm) -> SafeString:
    """Each field of `form` as `<div>{{ field.as_field_group }}</div>` (the cells of a `.grid-fields`)."""
    from django.utils.translation import get_language

    def draw() -> str:
        return "".join(f"<div>{field.as_field_group()}</div>" for field in form)

    if isinstance(form, DrawnOnce) and not form.is_bound and not form.initial:
        return _DRAWN.get((type(form), form.prefix, form.auto_id, get_language()), draw)
    return mark_safe(draw())  # noqa: S308 - drawn by the field template


def _shown(value: Any) -> str:
    """`{{ value }}` of an autoescaping template: localised, then escaped unless already safe."""
    return conditional_escape(localize(template_localtime(value)))


def _as_string(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the value's text (safe text stays as it is), then escaped."""
    return str(value) if isinstance(value, SafeData) else conditional_escape("%s" % (value,))  # noqa: UP031


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_as_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class LongSelect(forms.Select):
    """A select of many options (every room of a centre, every member of its staff), drawn in Python.

    Django draws each option with its own template include, ~0.1 ms of CPU an option: 500 rooms cost the timetable
    70 ms. This writes the markup of django/forms/widgets/select.html and select_option.html, character for
    character (integra/core/tests/test_long_select.py compares the two)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        name_blank_choices(widget)
        parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
            parts.extend(
                f'\n  <option value="{_as_string(o["value"])}"{_attrs(o["attrs"])}>{_shown(o["label"])}</option>\n'
                for o in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
