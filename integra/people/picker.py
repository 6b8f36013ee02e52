"""Choosing a person on a form: a search field (surname, PESEL, birth year, internal number), never a list of all.

`PersonField` replaces a `ModelChoiceField` over people. Its widget draws a search field and, under it, the people
the search found in the field's own queryset (the centre's people the form may offer, in Polish order), each a
radio button with what tells two people of one name apart (`Participant.distinguishing_detail` and the town) —
never the full PESEL. Without JavaScript the „Szukaj” button sends the form back with the search: nothing is
saved, everything typed stays, and the page shows the people found (`PersonPickerMixin.is_valid` answers False).
With htmx the list follows the typing (the same request; only the list is swapped in). The search travels by POST,
so a surname or PESEL never enters a URL.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from integra.core.collation import polish

SHOWN = 20  # at most this many people under the search field; more ask for a narrower search
FIND = "_find"  # the name of the search button (and of htmx's request for the list)


def query_name(name: str) -> str:
    return f"{name}_q"


class PersonPicker(forms.Widget):
    template_name = "people/_person_picker.html"
    use_fieldset = True

    def __init__(self, attrs=None, multiple: bool = False) -> None:
        super().__init__(attrs)
        self.queryset = None
        self.query = ""
        self.allow_multiple_selected = multiple  # check boxes (several people) instead of radio buttons

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        ordered = self.queryset.order_by(polish("last_name"), polish("first_name"), "id")
        values = value if isinstance(value, list | tuple) else [value]
        ids = [int(v) for v in values if str(v or "").isdigit()]
        chosen = list(ordered.filter(pk__in=ids)) if ids else []
        found, count = [], 0
        if self.query.strip():
            matches = ordered.search(self.query).exclude(pk__in=[p.pk for p in chosen])
            count = matches.count()
            found = list(matches[:SHOWN])
        context["widget"].update(
            {
                "chosen": chosen,
                "kind": "checkbox" if self.allow_multiple_selected else "radio",
                "found": found,
                "count": count,
                "more": count > SHOWN,
                "shown": SHOWN,
                "query": self.query,
                "query_name": query_name(name),
                "find": FIND,
                "searched": bool(self.query.strip()),
            }
        )
        return context

    def value_from_datadict(self, data, files, name: str) -> Any:
        if self.allow_multiple_selected and hasattr(data, "getlist"):
            return data.getlist(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return name not in data


class PersonField(forms.ModelChoiceField):
    widget = PersonPicker

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("person"))
        kwargs.setdefault("empty_label", None)
        super().__init__(*args, **kwargs)

    def _set_queryset(self, queryset) -> None:
        super()._set_queryset(queryset)
        self.widget.queryset = self.queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class PeopleField(forms.ModelMultipleChoiceField):
    """Several people, each found by searching and ticked (an event's named participants)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", PersonPicker(multiple=True))
        super().__init__(*args, **kwargs)

    def _set_queryset(self, queryset) -> None:
        super()._set_queryset(queryset)
        self.widget.queryset = self.queryset

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)


class PersonPickerMixin:
    """For a form with `PersonField`s: the search typed in reaches the widgets, and a search is not a save."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, PersonField | PeopleField):
                field.widget.query = (self.data.get(self.add_prefix(query_name(name))) or "") if self.is_bound else ""

    @property
    def searching(self) -> bool:
        return self.is_bound and FIND in self.data

    def is_valid(self) -> bool:
        if self.searching:
            self._errors = ErrorDict()  # the page comes back with the people found; nothing is checked or saved
            return False
        return super().is_valid()
