"""The participant sheet: export → import → export round trip, row validation, dry run, updates."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from integra.core.pesel import generate
from integra.institutions.tests.factories import InstitutionFactory
from integra.outcomes.exporter import write_sheet
from integra.outcomes.importer import import_participants
from integra.outcomes.models import Exit, ExitReason, FollowUp, Result, ResultKind
from integra.outcomes.tests.sheetdata import HEADERS, build_project, csv_file, row, xlsx_file, xlsx_values
from integra.people.models import Participant
from integra.people.tests.factories import ParticipantFactory
from integra.projects.models import Participation
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db


SELF_EMPLOYED = "Osoba prowadząca działalność na własny rachunek"
IN_EDUCATION = "Osoba uczestnicząca w kształceniu lub szkoleniu w chwili przystąpienia do projektu"
# What a participant answered at entry: the round trip must carry every one of these.
ANSWERS_AT_ENTRY = (
    "first_name",
    "last_name",
    "labour_status",
    "long_term_unemployed",
    "self_employed",
    "in_education",
    "disability",
    "foreign_background",
    "minority",
    "homeless",
    "other_disadvantage",
    "third_country_national",
)


def answers_at_entry(institution) -> list[tuple]:
    return sorted(Participant.objects.filter(institution=institution).values_list(*ANSWERS_AT_ENTRY))


def export_bytes(project, fmt, tmp_path) -> bytes:
    path = tmp_path / f"{project.code}-{project.pk}.{fmt}"
    write_sheet(project, str(path), fmt)
    return path.read_bytes()


def empty_project(institution, code="NOWY-2011"):
    return ProjectFactory(
        institution=institution, code=code, start_on=dt.date(2011, 1, 1), end_on=dt.date(2011, 12, 31)
    )


def test_xlsx_export_lists_participants_in_polish_order_with_age_and_situation(coordinator, tmp_path):
    project, _ = build_project(coordinator.institution)
    rows = xlsx_values(export_bytes(project, "xlsx", tmp_path))
    assert rows[0] == HEADERS
    assert [(r[3], r[2]) for r in rows[1:]] == [
        ("Lis", "Adam"),
        ("Lis", "Zenon"),
        ("Łęcka", "Łucja"),
        ("Szewczenko", "Olena"),
        ("Śliwa", "Ewa"),
    ]
    by_name = {r[2]: dict(zip(HEADERS, r, strict=True)) for r in rows[1:]}
    lucja = by_name["Łucja"]
    assert lucja["Wiek w chwili przystąpienia do projektu"] == 20
    assert lucja["Sytuacja osoby w momencie zakończenia udziału w projekcie"] == "Osoba pracująca"
    assert lucja["Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną ścieżką"] == "Tak"
    assert lucja["Telefon kontaktowy"] == "'+48 600 100 200"  # neutralised against formula injection
    assert lucja["Osoba z niepełnosprawnościami"] == "Odmowa podania informacji"
    assert (
        by_name["Adam"]["Sytuacja osoby w momencie zakończenia udziału w projekcie"] is None
    )  # job 40 days after exit
    assert by_name["Adam"]["Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną ścieżką"] == "Nie"
    assert by_name["Adam"]["Ulica"] == "'=SUMA(A1)"
    assert by_name["Adam"]["Wiek w chwili przystąpienia do projektu"] == 54  # born 29.02.1956, start 02.02.2011
    assert by_name["Olena"]["PESEL"] is None and by_name["Olena"]["Brak PESEL"] == "Tak"
    assert (
        by_name["Olena"]["Sytuacja osoby w momencie zakończenia udziału w projekcie"]
        == "Osoba, która uzyskała kwalifikacje"
    )
    assert by_name["Ewa"]["Data urodzenia"] == dt.datetime(2005, 1, 2)
    assert by_name["Ewa"]["Wiek w chwili przystąpienia do projektu"] == 6
    assert [(name, by_name[name][SELF_EMPLOYED], by_name[name][IN_EDUCATION]) for name in ("Ewa", "Olena", "Adam")] == [
        ("Ewa", "Tak", "Nie"),
        ("Olena", "Nie", "Tak"),
        ("Adam", "Nie", "Nie"),
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_import_into_empty_project_export_gives_identical_file(coordinator, tmp_path, fmt):
    project, _ = build_project(coordinator.institution)
    first = export_bytes(project, fmt, tmp_path)
    other_centre = InstitutionFactory(slug="centre-c")
    target = empty_project(other_centre, code=project.code)
    report = import_participants(actor=None, project=target, data=first, filename=f"a.{fmt}")
    assert (report.error, report.read, report.created, report.rejected, report.problems) == ("", 5, 5, 0, [])
    second = export_bytes(target, fmt, tmp_path / "..")
    assert answers_at_entry(other_centre) == answers_at_entry(coordinator.institution)
    if fmt == "csv":
        assert second == first
    else:
        assert xlsx_values(second) == xlsx_values(first)
    assert Exit.objects.filter(institution=other_centre).count() == 3
    assert FollowUp.objects.filter(institution=other_centre).count() == 6


def test_reimport_into_same_centre_updates_by_pesel_without_duplicates(coordinator, tmp_path):
    project, _ = build_project(coordinator.institution)
    data = export_bytes(project, "xlsx", tmp_path)
    people_before = Participant.objects.count()
    report = import_participants(actor=coordinator.membership, project=project, data=data, filename="a.xlsx")
    assert (report.read, report.created, report.updated, report.unchanged, report.rejected) == (5, 0, 0, 5, 0)
    target = empty_project(coordinator.institution)
    report = import_participants(actor=coordinator.membership, project=target, data=data, filename="a.xlsx")
    assert (report.created, report.updated, report.unchanged) == (0, 5, 0)
    assert Participant.objects.count() == people_before
    assert Participation.objects.filter(project=target).count() == 5


def test_update_by_pesel_changes_the_person_and_participation(coordinator):
    project = empty_project(coordinator.institution)
    number = generate(dt.date(1985, 3, 14), "F", 7)
    person = ParticipantFactory(
        institution=coordinator.institution,
        pesel=number,
        last_name="Nowak",
        locality="Giedlarowa",
        first_name="Anna",
        birth_date=dt.date(1985, 3, 14),
    )
    ParticipationFactory(project=project, participant=person, start_on=dt.date(2011, 2, 1))
    data = xlsx_file([row(c5=number, c14="Leżajsk", c23="30.09.2011", c32="Osoba poszukująca pracy", c33="Tak")])
    report = import_participants(actor=coordinator.membership, project=project, data=data, filename="a.xlsx")
    assert (report.created, report.updated, report.rejected) == (0, 1, 0)
    person.refresh_from_db()
    assert person.locality == "Leżajsk" and person.version == 2
    part = Participation.objects.get(project=project, participant=person)
    assert (part.start_on, part.end_on, part.status) == (dt.date(2011, 3, 1), dt.date(2011, 9, 30), "completed")
    assert part.exit.reason == ExitReason.COMPLETED
    assert list(Result.objects.filter(participation=part).values_list("kind", "achieved_on")) == [
        (ResultKind.JOB_SEARCHING, dt.date(2011, 9, 30))
    ]
    assert sorted(FollowUp.objects.filter(participation=part).values_list("kind", "due_on")) == [
        ("3m", dt.date(2011, 12, 30)),
        ("6m", dt.date(2012, 3, 30)),
    ]


BAD_ROWS = {
    3: ("c5", "85031412346", "PESEL: 85031412346 ma błędną cyfrę kontrolną"),
    4: (
        "c24",
        "Bezrobotny",
        "Status osoby na rynku pracy w chwili przystąpienia do projektu: „Bezrobotny” nie jest dozwoloną wartością",
    ),
    5: (
        "c23",
        "15.02.2011",
        "Data zakończenia udziału w projekcie: 15.02.2011 jest wcześniejsza niż data rozpoczęcia 01.03.2011",
    ),
}


def bad_file(fmt="xlsx"):
    good_pesels = [generate(dt.date(1980, 1, 1), "M", n) for n in range(3)]
    rows = [
        row(c3="Jan", c4="Dobry", c5=good_pesels[0], c7="Mężczyzna", c8="01.01.1980"),
        row(c3="Jan", c4="Zły", **{BAD_ROWS[3][0]: BAD_ROWS[3][1]}, c7=None, c8=None),
        row(
            c3="Piotr",
            c4="Status",
            c5=good_pesels[1],
            c7="Mężczyzna",
            c8="1980-01-01",
            **{BAD_ROWS[4][0]: BAD_ROWS[4][1]},
        ),
        row(c3="Paweł", c4="Daty", c5=good_pesels[2], c7="Mężczyzna", c8=None, **{BAD_ROWS[5][0]: BAD_ROWS[5][1]}),
        row(c3="Jan", c4="Podwójny", c5=good_pesels[0], c7=None, c8=None),
        row(c3="Anna", c4="Dobra"),
    ]
    return xlsx_file(rows) if fmt == "xlsx" else csv_file(rows)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_bad_rows_are_reported_with_every_reason_and_not_written(coordinator, fmt):
    project = empty_project(coordinator.institution)
    report = import_participants(actor=coordinator.membership, project=project, data=bad_file(fmt), filename=f"x.{fmt}")
    assert (report.read, report.created, report.rejected) == (6, 2, 4)
    problems = dict(report.problems)
    assert sorted(problems) == [3, 4, 5, 6]
    for number, (_col, _value, message) in BAD_ROWS.items():
        assert any(message in reason for reason in problems[number]), problems[number]
    assert problems[6] == [f"PESEL: {generate(dt.date(1980, 1, 1), 'M', 0)} występuje już w wierszu 2 tego pliku"]
    assert sorted(
        Participant.objects.filter(institution=coordinator.institution).values_list("last_name", flat=True)
    ) == [
        "Dobra",
        "Dobry",
    ]
    errors = xlsx_values(report.error_xlsx())
    assert errors[0] == [*HEADERS, "Błędy"]
    assert [r[3] for r in errors[1:]] == ["Zły", "Status", "Daty", "Podwójny"]
    assert "błędną cyfrę kontrolną" in errors[1][-1]


def test_error_file_can_be_fixed_and_imported_again(coordinator):
    project = empty_project(coordinator.institution)
    report = import_participants(
        actor=coordinator.membership, project=project, data=xlsx_file([row(c18="37300")]), filename="a.xlsx"
    )
    assert report.problems == [(2, ["Kod pocztowy: „37300” nie jest kodem pocztowym w formacie NN-NNN"])]
    values = xlsx_values(report.error_xlsx())
    fixed = list(values[1][:-1])
    fixed[17] = "37-300"
    report = import_participants(
        actor=coordinator.membership, project=project, data=xlsx_file([fixed]), filename="b.xlsx"
    )
    assert (report.created, report.rejected) == (1, 0)


def test_dry_run_reports_counts_and_writes_nothing(coordinator):
    project = empty_project(coordinator.institution)
    counts = (Participant.objects.count(), Participation.objects.count(), Exit.objects.count(), Result.objects.count())
    data = xlsx_file([row(c23="30.06.2011", c32="Osoba pracująca", c33="Tak")])
    report = import_participants(
        actor=coordinator.membership, project=project, data=data, filename="a.xlsx", dry_run=True
    )
    assert (report.read, report.created, report.rejected) == (1, 1, 0)
    assert (
        Participant.objects.count(),
        Participation.objects.count(),
        Exit.objects.count(),
        Result.objects.count(),
    ) == counts


def test_missing_required_column_stops_before_any_row(coordinator):
    project = empty_project(coordinator.institution)
    headers = [h for h in HEADERS if h not in ("PESEL", "Kod pocztowy")]
    rows = [[v for h, v in zip(HEADERS, row(), strict=True) if h in headers]]
    report = import_participants(
        actor=coordinator.membership, project=project, data=xlsx_file(rows, headers), filename="a.xlsx"
    )
    assert report.error == "Brak wymaganych kolumn: PESEL, Kod pocztowy. Nie zaimportowano żadnego wiersza."
    assert (report.read, report.created) == (0, 0)
    assert Participant.objects.count() == 0


def test_headers_match_ignoring_case_and_spaces_and_unknown_columns_warn(coordinator):
    project = empty_project(coordinator.institution)
    headers = [f"  {h.upper()} " for h in HEADERS] + ["Uwagi"]
    data = csv_file([[*row(), "cokolwiek"]], headers, delimiter=",", bom=False)
    report = import_participants(actor=coordinator.membership, project=project, data=data, filename="a.csv")
    assert report.warnings == ["Nieznana kolumna „Uwagi” została pominięta."]
    assert (report.created, report.rejected) == (1, 0)


def test_row_rules_each_give_a_polish_reason(coordinator):
    project = empty_project(coordinator.institution)
    rows = [
        row(c7="Mężczyzna"),
        row(c5=generate(dt.date(1985, 3, 14), "F", 8), c8="15.03.1985"),
        row(c5=generate(dt.date(1985, 3, 14), "F", 9), c22="2010-12-31"),
        row(c5=generate(dt.date(1985, 3, 14), "F", 10), c24="Osoba pracująca", c25="Tak"),
        row(c5=generate(dt.date(1985, 3, 14), "F", 11), c21="anna@", c26="Może"),
        row(c5=None, c6="Tak", c7=None, c8=None),
        row(c5=generate(dt.date(1985, 3, 14), "F", 12), c32="Inna"),
        row(c5=generate(dt.date(1985, 3, 14), "F", 13), c8="31.02.1985"),
    ]
    report = import_participants(actor=coordinator.membership, project=project, data=xlsx_file(rows), filename="a.xlsx")
    problems = dict(report.problems)
    assert problems[2] == ["Płeć: „Mężczyzna” nie zgadza się z numerem PESEL"]
    assert problems[3] == ["Data urodzenia: 15.03.1985 nie zgadza się z numerem PESEL (14.03.1985)"]
    assert problems[4] == [
        "Data rozpoczęcia udziału w projekcie: 31.12.2010 jest poza okresem realizacji projektu (01.01.2011 – 31.12.2011)"
    ]
    assert problems[5] == [
        "Osoba długotrwale bezrobotna: wartość Tak jest dozwolona tylko przy statusie osoby bezrobotnej"
    ]
    assert problems[6][0] == "Adres e-mail: „anna@” nie jest poprawnym adresem e-mail"
    assert problems[6][1].startswith("Osoba z niepełnosprawnościami: „Może” nie jest dozwoloną wartością")
    assert problems[7] == ["Płeć: wartość jest wymagana", "Data urodzenia: wartość jest wymagana"]
    assert problems[8] == [
        "Sytuacja osoby w momencie zakończenia udziału w projekcie: wymaga daty zakończenia udziału (kolumna 23)"
    ]
    assert problems[9] == ["Data urodzenia: „31.02.1985” nie jest datą (użyj dd.mm.rrrr lub rrrr-mm-dd)"]
    assert report.created == 0 and Participant.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Plik jest pusty."),
        (
            b"PK\x03\x04garbage",
            "Plik nie jest poprawnym skoroszytem XLSX (może być uszkodzony lub zapisany w innym formacie).",
        ),
        (
            "Imię;Nazwisko\nŻaneta;Źdźbło\n".encode("cp1250"),
            "Plik CSV nie jest tekstem UTF-8: zapisz go jako „CSV UTF-8” i spróbuj ponownie.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
            "Stare pliki Excela (.xls) nie są obsługiwane: zapisz arkusz jako XLSX lub CSV i spróbuj ponownie.",
        ),
    ],
)
def test_malformed_files_give_a_clear_error_and_write_nothing(coordinator, data, message):
    project = empty_project(coordinator.institution)
    report = import_participants(
        actor=coordinator.membership, project=project, data=data, filename="plik.xlsx" if data[:2] == b"PK" else "plik"
    )
    assert report.error == message
    assert Participant.objects.count() == 0


def test_zip_bomb_is_refused_before_decompression(coordinator):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(60):
                handle.write(chunk)
    project = empty_project(coordinator.institution)
    report = import_participants(
        actor=coordinator.membership, project=project, data=buffer.getvalue(), filename="bomb.xlsx"
    )
    assert report.error == "Skoroszyt XLSX rozpakowuje się do zbyt wielu danych, by można go było bezpiecznie odczytać."


def test_huge_csv_cell_is_a_clear_error(coordinator):
    project = empty_project(coordinator.institution)
    data = csv_file([row(c15="x" * 200_000)])
    report = import_participants(actor=coordinator.membership, project=project, data=data, filename="a.csv")
    assert report.error.startswith("Plik CSV nie mógł zostać odczytany") or "dłuższą niż" in report.error
    assert Participant.objects.count() == 0


def test_too_long_text_is_a_row_error(coordinator):
    project = empty_project(coordinator.institution)
    report = import_participants(
        actor=coordinator.membership, project=project, data=xlsx_file([row(c4="N" * 101)]), filename="a.xlsx"
    )
    assert report.problems == [(2, ["Nazwisko: tekst jest za długi (najwyżej 100 znaków)"])]


def test_refused_rows_are_kept_up_to_a_bound_and_the_report_says_so(coordinator, monkeypatch):
    project = empty_project(coordinator.institution)
    monkeypatch.setattr("integra.outcomes.importer.MAX_KEPT_PROBLEMS", 3)
    report = import_participants(
        actor=None, project=project, data=csv_file([row(c3="") for _ in range(5)]), filename="a.csv", dry_run=True
    )
    assert report.rejected == 5 and len(report.problems) == len(report.rejected_rows) == 3
    assert report.warnings == [
        "Wymieniono tylko pierwsze 3 odrzucone wiersze (tutaj i w pliku z błędami); popraw je "
        "i sprawdź arkusz ponownie, aby zobaczyć pozostałe."
    ]


def _styled_sheet(extra) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(row())
    extra(sheet, Font)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_value_past_the_column_limit_is_refused_but_styled_empty_cells_are_not(coordinator):
    """The stream counts only cells that hold a value (issue 24): formatting far to the right is no column."""
    project = empty_project(coordinator.institution)

    def styled(sheet, font):
        sheet.cell(row=1, column=250).font = font(bold=True)
        sheet.cell(row=5000, column=3).font = font(bold=True)

    report = import_participants(actor=None, project=project, data=_styled_sheet(styled), filename="a.xlsx")
    assert (report.error, report.read, report.created) == ("", 1, 1)
    written = _styled_sheet(lambda sheet, font: sheet.cell(row=2, column=201, value="x"))
    report = import_participants(actor=None, project=project, data=written, filename="a.xlsx", dry_run=True)
    assert report.error == "Plik ma więcej niż 200 kolumn."
