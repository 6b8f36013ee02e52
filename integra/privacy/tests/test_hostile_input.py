"""Hostile input: property-based tests over the participant form, the participant-sheet importer and
every export's formula neutralisation, plus zip bombs and oversized uploads.

`make test` runs a few examples of each property. The full run (≥ 10,000 generated inputs in total)
is `INTEGRA_FUZZ=full .venv/bin/python -m pytest -q -m fuzz integra/privacy/tests/test_hostile_input.py`
(or `bench/fuzz.py`). Every property: no server error, and a refused input writes nothing.
"""

from __future__ import annotations

import csv
import io
import os
import struct
import zipfile

import openpyxl
import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from integra.core.exports import FORMULA_PREFIXES, Column, cell_text, csv_lines, xlsx_bytes
from integra.outcomes import importer
from integra.outcomes.models import SheetImport
from integra.outcomes.sheet import COLUMNS
from integra.outcomes.sheetfile import MSG_BOMB, SheetFileError, open_table
from integra.people.models import Participant
from integra.people.tests.factories import ParticipantFactory
from integra.projects.models import Participation
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

FULL = os.environ.get("INTEGRA_FUZZ") == "full"
# Examples per property: quick in `make test`, ≥ 10,000 in total in the full run (4,000 + 4,000 + 3,000).
FORM_EXAMPLES = 4000 if FULL else 15
IMPORT_EXAMPLES = 4000 if FULL else 15
EXPORT_EXAMPLES = 3000 if FULL else 30


def fuzz(n: int):
    return hsettings(
        max_examples=n,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE people_participant; --",
    "' OR '1'='1",
    '=HYPERLINK("http://evil.example","klik")',
    "+48 600 100 200",
    "-2+3",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "\x00\x01\x02",
    "Zażółć gęślą jaźń",
    "𝕴𝖓𝖙𝖊𝖌𝖗𝖆 🙂",
    "\u202eevil",
    "A" * 2000,
    " ",
    "\t\r\n",
    "85031400021",
    "00000000000",
    "99999999999",
    "2024-02-30",
    "31.02.2024",
    "-1",
    "1e309",
    "NaN",
    "null",
    "{{ 7*7 }}",
    "{% debug %}",
    "../../etc/passwd",
    "%s%s%s%n",
]
# Text a browser could send (no lone surrogates: they cannot be encoded in a form post).
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
hostile = st.one_of(
    text, st.sampled_from(PAYLOADS), st.builds(lambda s, n: s * n, st.sampled_from(PAYLOADS), st.integers(1, 20))
)


def _field_value(name: str):
    choices = {
        "sex": ["F", "M", "X"],
        "education": ["isced3", "isced5_8"],
        "disability": ["yes", "no", "refused"],
        "labour_status": ["employed", "inactive"],
        "degurba": ["1", "2", "3"],
        "birth_date": ["1985-03-14", "14.03.1985"],
    }
    if name in choices:
        return st.one_of(st.sampled_from(choices[name]), hostile)
    return hostile


FORM_FIELDS = [
    "first_name",
    "last_name",
    "pesel",
    "sex",
    "birth_date",
    "education",
    "gmina",
    "locality",
    "street",
    "postal_code",
    "degurba",
    "phone",
    "email",
    "labour_status",
    "disability",
    "homeless",
    "social_assistance_since",
]
form_data = st.fixed_dictionaries(
    {name: _field_value(name) for name in FORM_FIELDS},
    optional={"no_pesel": st.sampled_from(["on", "1", "<b>"]), "groups": st.lists(hostile, max_size=3)},
)


def test_participant_form_survives_hostile_input(coordinator):
    client = coordinator.client

    @fuzz(FORM_EXAMPLES)
    @given(data=form_data)
    def run(data):
        before = Participant.objects.count()
        response = client.post("/people/new/", data)
        assert response.status_code in {200, 302, 400}, response.status_code
        after = Participant.objects.count()
        if response.status_code == 302:
            assert after == before + 1
            created = Participant.objects.latest("pk")
            page = client.get(response["Location"]).content.decode()
            assert "<script>alert(1)</script>" not in page  # stored text is escaped when shown
            assert created.institution_id == coordinator.institution.pk
        else:
            assert after == before, "a refused form wrote a row"

    run()


# ---------------------------------------------------------------- importer

HEADERS = [c.header for c in COLUMNS]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1250", "latin-1", "utf-16", "iso-8859-2"]


def _csv_bytes(rows: list[list[str]], encoding: str, header: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    if header:
        writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def _xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", str(c))[:32000] for c in row])  # what Excel itself can store
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _mangle(data: bytes, cut: int, flip: int) -> bytes:
    if not data:
        return data
    cut = cut % (len(data) + 1)
    data = bytearray(data[:cut] or data)
    data[flip % len(data)] ^= 0xFF
    return bytes(data)


cells = st.lists(st.lists(hostile, min_size=0, max_size=len(HEADERS) + 3), min_size=0, max_size=4)
sheet_files = st.one_of(
    st.binary(max_size=2000).map(lambda b: (b, "plik.csv")),
    st.binary(max_size=2000).map(lambda b: (b"PK\x03\x04" + b, "plik.xlsx")),
    st.builds(lambda r, e, h: (_csv_bytes(r, e, h), "plik.csv"), cells, st.sampled_from(ENCODINGS), st.booleans()),
    st.builds(lambda r: (_xlsx(r), "plik.xlsx"), cells),
    st.builds(
        lambda r, c, f: (_mangle(_xlsx(r), c, f), "plik.xlsx"), cells, st.integers(0, 10**6), st.integers(0, 10**6)
    ),
)


def test_participant_sheet_importer_survives_hostile_files(coordinator):
    project = ProjectFactory(institution=coordinator.institution, code="FUZZ")

    @fuzz(IMPORT_EXAMPLES)
    @given(file=sheet_files, dry_run=st.booleans())
    def run(file, dry_run):
        data, name = file
        people, participations = Participant.objects.count(), Participation.objects.count()
        record = importer.run_import(
            actor=coordinator.membership, project=project, data=data, filename=name, dry_run=dry_run
        )
        assert isinstance(record, SheetImport)
        if record.report.get("error") or dry_run or not (record.created or record.updated):
            assert Participant.objects.count() == people, "a refused or dry-run import wrote people"
            assert Participation.objects.count() == participations
        else:
            assert Participant.objects.count() == people + record.created

    run()


def _bomb(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def _forged(declared: int) -> bytes:
    """A small XLSX whose zip directory claims a gigantic uncompressed member."""
    data = bytearray(_bomb(1024 * 1024))
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, declared)  # uncompressed size in the central directory
    return bytes(data)


@pytest.mark.parametrize(
    "make",
    [lambda: _bomb(100 * 1024 * 1024), lambda: _forged(0xFFFFFFF0)],
    ids=["real-100MB-of-zeros", "directory-claims-4GB"],
)
def test_xlsx_zip_bomb_is_refused_from_the_zip_directory(make, coordinator):
    data = make()
    assert len(data) < 1024 * 1024
    with pytest.raises(SheetFileError) as refused:
        open_table(data, "bomba.xlsx")
    assert str(refused.value) == str(MSG_BOMB)
    project = ProjectFactory(institution=coordinator.institution, code="BOMB")
    people = Participant.objects.count()
    record = importer.run_import(
        actor=coordinator.membership, project=project, data=data, filename="bomba.xlsx", dry_run=False
    )
    assert record.report["error"] and Participant.objects.count() == people


def test_oversized_upload_gets_a_polish_message_and_writes_nothing(coordinator, settings):
    settings.INTEGRA_MAX_UPLOAD_BYTES = 1024 * 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    project = ProjectFactory(institution=coordinator.institution, code="BIG")
    imports = SheetImport.objects.count()
    big = io.BytesIO(b"a;b\n" * 400_000)
    big.name = "duzy.csv"
    response = coordinator.client.post(f"/outcomes/projects/{project.pk}/import/", {"file": big})
    assert response.status_code == 200
    assert "Plik jest za duży" in response.content.decode()
    assert SheetImport.objects.count() == imports
    assert django_settings.INTEGRA_MAX_UPLOAD_BYTES == 1024 * 1024


# ---------------------------------------------------------------- exports: formula injection


@fuzz(EXPORT_EXAMPLES)
@given(value=hostile, prefix=st.sampled_from(["", *FORMULA_PREFIXES]))
def test_every_export_neutralises_formulas(value, prefix):
    dangerous = prefix + value
    columns = [Column("Tekst", lambda r: r)]
    line = list(csv_lines(columns, [dangerous], bom=False))[1]
    cell = next(csv.reader(io.StringIO(line), delimiter=";"))[0]
    assert cell == cell_text(dangerous)
    if dangerous.startswith(FORMULA_PREFIXES):
        assert cell.startswith("'")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(columns, [dangerous]))).active
    stored = sheet.cell(row=2, column=1)
    assert stored.data_type != "f"
    if dangerous.startswith(FORMULA_PREFIXES):
        assert str(stored.value).startswith("'")


def test_participant_sheet_export_neutralises_a_hostile_name(coordinator):
    project = ProjectFactory(institution=coordinator.institution, code="EXP")
    person = ParticipantFactory(
        institution=coordinator.institution, first_name='=HYPERLINK("http://evil.example")', last_name="@SUM(A1)"
    )
    ParticipationFactory(project=project, participant=person)
    body = b"".join(coordinator.client.get(f"/outcomes/projects/{project.pk}/export.csv").streaming_content).decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK" in body and "'@SUM(A1)" in body
    assert ";=HYPERLINK" not in body and ";@SUM" not in body
