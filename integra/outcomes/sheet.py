"""The participant sheet (arkusz uczestników, `formats/participants.md`): its columns, declared once.

Each column has its header, whether the import needs it, how a cell is parsed into a value
(raising `CellError` with a message users can read) and how an export row gives its value.
Both the importer (`integra.outcomes.importer`) and the exporter (`integra.outcomes.exporter`)
read this declaration, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from integra.core import phone
from integra.core.exports import FORMULA_PREFIXES, Column
from integra.core.validators import validate_email_address
from integra.outcomes.models import ExitReason, ResultKind
from integra.people.models import Answer, Education, LabourStatus, Participant, Sex

MSG_REQUIRED = _("%(column)s: a value is required")
MSG_TOO_LONG = ngettext_lazy(
    "%(column)s: the text is too long (at most %(limit)s character)",
    "%(column)s: the text is too long (at most %(limit)s characters)",
    "limit",
)
MSG_DATE = _("%(column)s: “%(value)s” is not a date (use dd.mm.rrrr or rrrr-mm-dd)")
MSG_CHOICE = _("%(column)s: “%(value)s” is not an allowed value (allowed: %(allowed)s)")
MSG_POSTAL = _("%(column)s: “%(value)s” is not a postal code in the form NN-NNN")
MSG_EMAIL = _("%(column)s: “%(value)s” is not a valid e-mail address")
MSG_PHONE = _("%(column)s: “%(value)s” is not a phone number (nine digits, or + and the country code)")

_SPACES = re.compile(r"\s+")
_POSTAL = re.compile(r"^\d{2}-\d{3}$")
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


class CellError(ValueError):
    """A cell's value is not acceptable; the message is ready for the user."""


def normalise_header(text: Any) -> str:
    """Headers match after trimming spaces and ignoring case."""
    return _SPACES.sub(" ", str(text if text is not None else "")).strip().casefold()


def cell_str(value: Any) -> str:
    """The text of a cell as read from XLSX or CSV (numbers without `.0`, export quotes removed)."""
    if type(value) is str:  # most cells (every CSV cell): the fast path of the last lines below
        text = value.strip()
        if text[:1] == "'" and text[1:].startswith(FORMULA_PREFIXES):
            text = text[1:]
        return text
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Tak" if value else "Nie"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y")
    text = str(value).strip()
    # Exports prefix a quote to neutralise formulas; take it off so an export re-imports unchanged.
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        text = text[1:]
    return text


def _key(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class SheetColumn:
    number: int
    header: str
    field: str  # the key of the parsed value
    parse: Callable[[SheetColumn, Any], Any]
    export: Callable[[Any], Any]
    required: bool = False  # the column must be in the file (and, unless noted, filled)
    export_only: bool = False
    kind: str = "text"  # export cell kind (integra.core.exports.Column)
    width: int = 18
    max_length: int | None = None

    def error(self, message, **params: Any) -> CellError:
        return CellError(str(message % {"column": self.header, **params}))  # a plural message picks its form


# --- Parsers: (column, raw cell) -> value; an empty cell gives None (or "" for text). ---------


def parse_text(column: SheetColumn, raw: Any) -> str:
    text = cell_str(raw)
    if column.max_length is not None and len(text) > column.max_length:
        raise column.error(MSG_TOO_LONG, limit=column.max_length)
    return text


def parse_date(column: SheetColumn, raw: Any) -> dt.date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.datetime):
        if raw.time() == dt.time():
            return raw.date()
    elif isinstance(raw, dt.date):
        return raw
    text = cell_str(raw)
    if not text:
        return None
    match = _DMY.match(text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        match = _YMD.match(text)
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        pass
    raise column.error(MSG_DATE, value=_shorten(text))


def choice_parser(table: dict[str, Any]) -> Callable[[SheetColumn, Any], Any]:
    """A parser accepting the texts of `table` (case and spacing ignored); empty → None."""
    lookup = {_key(text): value for text, value in table.items()}
    exact = {text: lookup[_key(text)] for text in table}  # the usual cell, without normalising it
    allowed = ", ".join(table)

    def parse(column: SheetColumn, raw: Any) -> Any:
        text = cell_str(raw)
        if not text:
            return None
        if text in exact:
            return exact[text]
        key = _key(text)
        if key in lookup:
            return lookup[key]
        raise column.error(MSG_CHOICE, value=_shorten(text), allowed=allowed)

    return parse


def parse_postal_code(column: SheetColumn, raw: Any) -> str:
    text = cell_str(raw)
    if text and not _POSTAL.match(text):
        raise column.error(MSG_POSTAL, value=_shorten(text))
    return text


def parse_email(column: SheetColumn, raw: Any) -> str:
    text = parse_text(column, raw)
    if text:
        try:
            validate_email_address(text)
        except ValidationError as exc:
            raise column.error(MSG_EMAIL, value=_shorten(text)) from exc
    return text


def parse_phone(column: SheetColumn, raw: Any) -> str:
    """A phone number stored normalised (+48…), as the participant form stores it (integra.core.phone)."""
    text = parse_text(column, raw)
    try:
        return phone.normalise(text)
    except phone.InvalidPhone as exc:
        raise column.error(MSG_PHONE, value=_shorten(text)) from exc


def parse_pesel_text(column: SheetColumn, raw: Any) -> str:
    """PESEL as text; a numeric cell lost its leading zero (born 2000–2009), so put it back."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        text = cell_str(raw)
        return text.zfill(11) if text.isdigit() and len(text) < 11 else text
    text = cell_str(raw)
    return text[:40]


def parse_ignored(column: SheetColumn, raw: Any) -> None:
    return None


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- Value tables ---------------------------------------------------------------------------

YES_NO = {"Tak": True, "Nie": False}
ANSWERS = {"Tak": Answer.YES, "Nie": Answer.NO, "Odmowa podania informacji": Answer.REFUSED}
SEXES = {"Kobieta": Sex.FEMALE, "Mężczyzna": Sex.MALE}
EDUCATION = {
    "ISCED 0": Education.ISCED0,
    "ISCED 1": Education.ISCED1,
    "ISCED 2": Education.ISCED2,
    "ISCED 3": Education.ISCED3,
    "ISCED 4": Education.ISCED4,
    "ISCED 5-8": Education.ISCED5_8,
}
EDUCATION_ALIASES = {
    "ISCED 0 (brak)": Education.ISCED0,
    "ISCED 1 (podstawowe)": Education.ISCED1,
    "ISCED 2 (gimnazjalne)": Education.ISCED2,
    "ISCED 3 (ponadgimnazjalne)": Education.ISCED3,
    "ISCED 4 (policealne)": Education.ISCED4,
    "ISCED 5-8 (wyższe)": Education.ISCED5_8,
}
LABOUR_STATUSES = {
    "Osoba bezrobotna zarejestrowana w ewidencji urzędów pracy": LabourStatus.REGISTERED_UNEMPLOYED,
    "Osoba bezrobotna niezarejestrowana w ewidencji urzędów pracy": LabourStatus.UNREGISTERED_UNEMPLOYED,
    "Osoba bierna zawodowo": LabourStatus.INACTIVE,
    "Osoba pracująca": LabourStatus.EMPLOYED,
}
DEGURBA = {"1": 1, "2": 2, "3": 3}
# Column 32: the situation upon leaving ↔ the kind of result recorded on the end date.
SITUATIONS = {
    "Osoba pracująca": ResultKind.EMPLOYMENT_CONTRACT,
    "Osoba poszukująca pracy": ResultKind.JOB_SEARCHING,
    "Osoba kontynuująca kształcenie lub szkolenie": ResultKind.EDUCATION,
    "Osoba, która uzyskała kwalifikacje": ResultKind.QUALIFICATION,
    "Inna": ResultKind.OTHER,
}
SITUATION_OF_KIND = {
    ResultKind.EMPLOYMENT_CONTRACT: "Osoba pracująca",
    ResultKind.SELF_EMPLOYMENT: "Osoba pracująca",
    ResultKind.JOB_SEARCHING: "Osoba poszukująca pracy",
    ResultKind.EDUCATION: "Osoba kontynuująca kształcenie lub szkolenie",
    ResultKind.QUALIFICATION: "Osoba, która uzyskała kwalifikacje",
    ResultKind.OTHER: "Inna",
}
# Internships, CIS referrals and social progress are results of their own, not a "situation upon leaving".
SITUATION_KINDS = tuple(SITUATION_OF_KIND)
SITUATION_WINDOW_DAYS = 28  # domain.md §6: EU results "upon leaving" count events within 28 days after exit


def _label(table: dict[str, Any], value: Any) -> str:
    for text, item in table.items():
        if item == value:
            return text
    return ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Tak" if value else "Nie")


def _person(field: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row.participant, field)


def _max(field: str) -> int:
    return Participant._meta.get_field(field).max_length


def _text(number: int, header: str, field: str, *, required: bool = False, width: int = 18) -> SheetColumn:
    return SheetColumn(
        number, header, field, parse_text, _person(field), required=required, max_length=_max(field), width=width
    )


def _answer(number: int, header: str, field: str) -> SheetColumn:
    return SheetColumn(
        number, header, field, choice_parser(ANSWERS), lambda row: _label(ANSWERS, getattr(row.participant, field))
    )


def _age(row: Any) -> int | None:
    return row.participant.age_on(row.start_on) if row.participant.birth_date and row.start_on else None


COLUMNS: tuple[SheetColumn, ...] = (
    _text(1, "Kraj", "country"),
    _text(2, "Rodzaj uczestnika", "participant_kind"),
    _text(3, "Imię", "first_name", required=True),
    _text(4, "Nazwisko", "last_name", required=True, width=22),
    SheetColumn(
        5, "PESEL", "pesel", parse_pesel_text, lambda row: row.participant.pesel or "", required=True, width=14
    ),
    SheetColumn(6, "Brak PESEL", "no_pesel", choice_parser(YES_NO), lambda row: _yes_no(row.participant.no_pesel)),
    SheetColumn(7, "Płeć", "sex", choice_parser(SEXES), lambda row: _label(SEXES, row.participant.sex)),
    SheetColumn(8, "Data urodzenia", "birth_date", parse_date, _person("birth_date"), kind="date", width=12),
    SheetColumn(9, "Wiek w chwili przystąpienia do projektu", "age", parse_ignored, _age, export_only=True, kind="int"),
    SheetColumn(
        10,
        "Wykształcenie",
        "education",
        choice_parser({**EDUCATION, **EDUCATION_ALIASES}),
        lambda row: _label(EDUCATION, row.participant.education),
        required=True,
    ),
    _text(11, "Województwo", "voivodeship", required=True),
    _text(12, "Powiat", "powiat", required=True),
    _text(13, "Gmina", "gmina", required=True),
    _text(14, "Miejscowość", "locality", required=True),
    _text(15, "Ulica", "street", width=22),
    _text(16, "Nr budynku", "building_no", width=10),
    _text(17, "Nr lokalu", "flat_no", width=10),
    SheetColumn(18, "Kod pocztowy", "postal_code", parse_postal_code, _person("postal_code"), required=True, width=10),
    SheetColumn(
        19,
        "Obszar według stopnia urbanizacji (DEGURBA)",
        "degurba",
        choice_parser(DEGURBA),
        _person("degurba"),
        kind="int",
    ),
    SheetColumn(
        20,
        "Telefon kontaktowy",
        "phone",
        parse_phone,
        lambda row: phone.display(row.participant.phone),
        max_length=_max("phone"),
        width=18,
    ),
    SheetColumn(21, "Adres e-mail", "email", parse_email, _person("email"), max_length=_max("email"), width=24),
    SheetColumn(
        22,
        "Data rozpoczęcia udziału w projekcie",
        "start_on",
        parse_date,
        lambda row: row.start_on,
        required=True,
        kind="date",
        width=12,
    ),
    SheetColumn(
        23, "Data zakończenia udziału w projekcie", "end_on", parse_date, lambda row: row.end_on, kind="date", width=12
    ),
    SheetColumn(
        24,
        "Status osoby na rynku pracy w chwili przystąpienia do projektu",
        "labour_status",
        choice_parser(LABOUR_STATUSES),
        lambda row: _label(LABOUR_STATUSES, row.participant.labour_status),
        required=True,
        width=30,
    ),
    SheetColumn(
        25,
        "Osoba długotrwale bezrobotna",
        "long_term_unemployed",
        choice_parser(YES_NO),
        lambda row: _yes_no(row.participant.long_term_unemployed),
    ),
    _answer(26, "Osoba z niepełnosprawnościami", "disability"),
    _answer(27, "Osoba obcego pochodzenia", "foreign_background"),
    _answer(
        28, "Osoba należąca do mniejszości narodowej lub etnicznej (w tym społeczności marginalizowane)", "minority"
    ),
    SheetColumn(
        29,
        "Obywatel państwa trzeciego",
        "third_country_national",
        choice_parser(YES_NO),
        lambda row: _yes_no(row.participant.third_country_national),
    ),
    _answer(30, "Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań", "homeless"),
    _answer(31, "Osoba w innej niekorzystnej sytuacji społecznej", "other_disadvantage"),
    SheetColumn(
        32,
        "Sytuacja osoby w momencie zakończenia udziału w projekcie",
        "situation",
        choice_parser(SITUATIONS),
        lambda row: row.sheet_situation,
        width=30,
    ),
    SheetColumn(
        33,
        "Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną ścieżką",
        "completed",
        choice_parser(YES_NO),
        lambda row: row.sheet_completed,
    ),
    # Two answers at entry that the older periods' indicators need (2007–2013 "of whom self-employed",
    # 2014–2020 CO04 "inactive, not in education or training"); after column 33 so that files of the
    # 33-column layout still import (their people keep what they had).
    SheetColumn(
        34,
        "Osoba prowadząca działalność na własny rachunek",
        "self_employed",
        choice_parser(YES_NO),
        lambda row: _yes_no(row.participant.self_employed),
    ),
    SheetColumn(
        35,
        "Osoba uczestnicząca w kształceniu lub szkoleniu w chwili przystąpienia do projektu",
        "in_education",
        choice_parser(YES_NO),
        lambda row: _yes_no(row.participant.in_education),
        width=24,
    ),
)

BY_HEADER = {normalise_header(c.header): c for c in COLUMNS}
REQUIRED_COLUMNS = tuple(c for c in COLUMNS if c.required)
# Fields of Participant the sheet writes (columns 1–31, 34 and 35 minus the computed age and the dates of participation).
PERSON_FIELDS = tuple(
    c.field for c in COLUMNS if c.field not in {"age", "start_on", "end_on", "situation", "completed"}
)
# Optional person fields: an empty cell stores the model's empty value (a sensitive answer: none, never „Nie”).
PERSON_DEFAULTS: dict[str, Any] = {
    "country": "Polska",
    "participant_kind": "Indywidualny",
    "no_pesel": False,
    "long_term_unemployed": False,
    "third_country_national": False,
    "self_employed": False,
    "in_education": False,
    "disability": Answer.NOT_GIVEN,
    "foreign_background": Answer.NOT_GIVEN,
    "minority": Answer.NOT_GIVEN,
    "homeless": Answer.NOT_GIVEN,
    "other_disadvantage": Answer.NOT_GIVEN,
    "degurba": None,
}
EXIT_COMPLETED = ExitReason.COMPLETED
ERRORS_HEADER = "Błędy"


def export_columns() -> list[Column]:
    """The columns in the order of the format, as `integra.core.exports` columns."""
    return [Column(c.header, c.export, kind=c.kind, width=c.width) for c in COLUMNS]
