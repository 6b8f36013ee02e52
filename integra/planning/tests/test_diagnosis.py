"""Opening diagnosis (bilans otwarcia, seed 003 — Sochaczew): figures equal counts computed here."""

import datetime as dt
import io
import random
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from integra.core.models import AccessLogEntry
from integra.core.roles import Role, Specialty
from integra.core.testing.charts import bar_rows, name_and_description, pdf_drawing_pages, svg_in
from integra.core.testing.xlsx import read_report
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.people.models import EligibilityGroup, ParticipantGroup
from integra.people.tests.factories import ParticipantFactory
from integra.planning import diagnosis
from integra.planning.models import CaseloadNorm, ParticipantNeed
from integra.planning.tests.cli import report_json, run_report
from integra.recruitment.models import NeedsAssessment

pytestmark = pytest.mark.django_db
DAY = dt.date(2013, 11, 20)
GROUPS = [g for g, _label in EligibilityGroup.choices]
NEEDS = ["lawyer", "career_advisor", "psychologist", "financial_advisor", "course"]


def build_town(centre, seed=3):
    """About 60 people with random traits; returns the specs the figures must match."""
    rng = random.Random(seed)
    specs = []
    for n in range(60):
        since = rng.choice([None, dt.date(2009, 5, 1), dt.date(2013, 11, 20), dt.date(2013, 11, 21)])
        spec = {
            "sex": rng.choice("FFM"),
            "birth": dt.date(rng.randint(1950, 1998), rng.randint(1, 12), rng.randint(1, 28)),
            "status": rng.choice(["registered_unemployed", "inactive", "employed", ""]),
            "disability": rng.choice(["yes", "no", "no", "refused"]),
            "since": since,
            "groups": rng.sample(GROUPS, rng.randint(0, 3)),
            "assessed": [(need, dt.date(2013, rng.randint(1, 12), 1)) for need in rng.sample(NEEDS, rng.randint(0, 2))],
            "noted": [(need, dt.date(2013, 11, rng.randint(19, 21))) for need in rng.sample(NEEDS, rng.randint(0, 2))],
        }
        person = ParticipantFactory(
            institution=centre,
            sex=spec["sex"],
            birth_date=spec["birth"],
            labour_status=spec["status"],
            disability=spec["disability"],
            social_assistance_since=since,
            last_name=f"Kowalski{n}",
        )
        spec["pk"] = person.pk
        for group in spec["groups"]:
            ParticipantGroup.objects.create(institution=centre, participant=person, group=group)
        for need, day in spec["assessed"]:
            NeedsAssessment.objects.create(institution=centre, participant=person, need=need, recorded_on=day)
        for need, day in spec["noted"]:
            ParticipantNeed.objects.create(institution=centre, participant=person, need=need, recorded_on=day)
        specs.append(spec)
    return specs


@pytest.fixture
def sochaczew():
    centre = InstitutionFactory(slug="mops-sochaczew", name="MOPS Sochaczew", gmina="Sochaczew")
    other = InstitutionFactory(slug="mops-obcy", name="MOPS Obcy")
    specs = build_town(centre)
    build_town(other, seed=4)  # another centre's people never count
    MembershipFactory(institution=centre, role=Role.SOCIAL_WORKER, fte=Decimal("1.00"), start_on=dt.date(2010, 1, 1))
    MembershipFactory(institution=centre, role=Role.SPECIALIST, specialty=Specialty.SOCIAL_WORKER, fte=Decimal("0.50"))
    MembershipFactory(institution=centre, role=Role.SPECIALIST, specialty=Specialty.PSYCHOLOGIST, fte=Decimal("0.75"))
    MembershipFactory(
        institution=centre,
        role=Role.SPECIALIST,
        specialty=Specialty.LAWYER,
        fte=Decimal("0.25"),
        start_on=dt.date(2012, 1, 1),
        end_on=dt.date(2013, 6, 30),
    )  # gone by the diagnosis date
    MembershipFactory(
        institution=centre,
        role=Role.SPECIALIST,
        specialty=Specialty.CAREER_ADVISOR,
        fte=Decimal("0.50"),
        start_on=dt.date(2013, 12, 1),
    )  # not yet hired
    CaseloadNorm.objects.filter(specialty="psychologist").update(people_per_fte=8)
    return centre, specs


def expected(specs):
    at_risk = [s for s in specs if s["since"] and s["since"] <= DAY]

    def age(s):
        b = s["birth"]
        return DAY.year - b.year - ((DAY.month, DAY.day) < (b.month, b.day))

    needs = {}
    for s in at_risk:
        for need, day in s["assessed"] + s["noted"]:
            if day <= DAY:
                needs.setdefault(need, set()).add(s["pk"])
    return {
        "people": len(at_risk),
        "groups": {
            g: (sum(g in s["groups"] for s in at_risk), sum(g in s["groups"] and s["sex"] == "F" for s in at_risk))
            for g in GROUPS
        },
        "over_55": sum(age(s) >= 55 for s in at_risk),
        "inactive": sum(s["status"] == "inactive" for s in at_risk),
        "disabled": sum(s["disability"] == "yes" for s in at_risk),
        "needs": {k: len(v) for k, v in needs.items()},
        "needs_ids": needs,
    }


def test_json_figures_equal_independent_counts(sochaczew):
    _centre, specs = sochaczew
    want = expected(specs)
    data = report_json("opening-diagnosis", "--centre", "mops-sochaczew", "--date", "2013-11-20")
    assert data["centre"] == "mops-sochaczew" and data["date"] == "2013-11-20"
    assert data["people_at_risk"] == want["people"]
    assert want["people"] > 10
    assert {g["group"]: (g["people"], g["women"]) for g in data["groups"]} == want["groups"]
    assert len(data["groups"]) == 8  # every group, even an empty one
    needs = {row["specialty"]: row for row in data["needs"]}
    assert needs["lawyer"]["people"] == want["needs"].get("lawyer", 0)
    assert needs["psychologist"]["people"] == want["needs"]["psychologist"]
    assert needs["psychologist"]["staff_fte"] == "0.75"
    psych = want["needs"]["psychologist"]
    assert needs["psychologist"]["people_per_fte"] == f"{Decimal(psych) / Decimal('0.75'):.2f}"
    short = max(Decimal(psych) / 8 - Decimal("0.75"), Decimal(0))
    assert Decimal(needs["psychologist"]["shortfall_fte"]) == short.quantize(Decimal("0.01"), rounding="ROUND_CEILING")
    assert needs["lawyer"]["staff_fte"] == "0.00" and needs["lawyer"]["people_per_fte"] is None
    staff = {row["specialty"]: row["fte"] for row in data["staff"]}
    assert staff == {
        "social_worker": "1.50",
        "psychologist": "0.75",
        "career_advisor": "0.00",
        "lawyer": "0.00",
        "therapist": "0.00",
        "family_assistant": "0.00",
        "financial_advisor": "0.00",
    }


def test_other_dimensions_match(sochaczew):
    centre, specs = sochaczew
    want = expected(specs)
    result = diagnosis.diagnose(centre, DAY)
    assert result.count("age_band", "55+") == want["over_55"]
    assert result.count("labour_status", "inactive") == want["inactive"]
    assert result.count("disability", "yes") == want["disabled"]
    assert result.count("need", "course") == want["needs"].get("course", 0)
    assert sum(result.count("sex", s) for s in "FMX") == want["people"]


def test_screen_and_drill_down_to_the_people(sochaczew, client, settings):
    settings.INTEGRA_PAGE_SIZE = 500
    centre, specs = sochaczew
    want = expected(specs)
    director = MembershipFactory(institution=centre, role=Role.DIRECTOR)
    client.force_login(director.user)
    page = client.get("/planning/diagnosis/", {"date": "2013-11-20"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bilans otwarcia" in html and "data:image/" not in html
    # The charts are inline SVG named and described for a screen reader, with the figures of the tables.
    groups = svg_in(html, "chart-groups")
    assert name_and_description(groups) == (
        "Osoby zagrożone wykluczeniem według grup uprawnionych",
        "Te same liczby są w tabeli pod wykresem.",
    )
    labels = dict(EligibilityGroup.choices)
    drawn = bar_rows(groups)
    assert len(drawn) == len(GROUPS)
    for (label, values), group in zip(drawn, GROUPS, strict=True):
        assert str(labels[group]).startswith(label.removesuffix("…"))
        assert values == tuple(str(n) for n in want["groups"][group])  # people, women
    needs = dict(bar_rows(svg_in(html, "chart-needs")))
    psychologists = next(values for label, values in needs.items() if label.startswith("psycholog"))
    assert psychologists == (str(want["needs"]["psychologist"]), "6")  # norm 8 × 0,75 FTE
    people = client.get(
        "/planning/diagnosis/people/", {"date": "2013-11-20", "dimension": "need", "value": "psychologist"}
    )
    assert people.status_code == 200
    shown = {int(pk) for pk in re.findall(r"/people/(\d+)/", people.content.decode())}
    assert shown == want["needs_ids"]["psychologist"]
    assert AccessLogEntry.objects.filter(institution=centre, what="opening-diagnosis-people").count() == 1
    bad = client.get("/planning/diagnosis/people/", {"date": "2013-11-20", "dimension": "pesel", "value": "x"})
    assert bad.status_code == 400
    assert "Wybierz" in bad.content.decode()


def test_pdf_and_xlsx_are_real_files_in_polish(sochaczew, client, tmp_path):
    centre, specs = sochaczew
    want = expected(specs)
    director = MembershipFactory(institution=centre, role=Role.COORDINATOR)
    client.force_login(director.user)
    pdf = client.get("/planning/diagnosis/pdf/", {"date": "2013-11-20"})
    assert pdf["Content-Type"] == "application/pdf"
    content = b"".join(pdf.streaming_content)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    pages = pdf_drawing_pages(content)  # the charts are drawn as vector shapes, never as a picture
    assert sum(page["rectangles"] for page in pages) >= 8 and not any(page["images"] for page in pages)
    assert "osoby, które kadra może objąć wsparciem (norma × etaty)" in " ".join(text.split())
    assert "Bilans otwarcia" in text and "MOPS Sochaczew" in text and "20.11.2013" in text
    assert re.search(r"Wygenerowano: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", text)
    assert "osoba uzależniona od alkoholu" in text.replace("\n", " ") or "uzależni" in text
    xlsx = client.get("/planning/diagnosis/xlsx/", {"date": "2013-11-20"})
    report = read_report(xlsx.content)
    assert report.table.header[:3] == ("Sekcja", "Kategoria", "Osoby")
    assert report.table.rows[0][2] == want["people"]
    # The file says whose diagnosis it is and for which day, and has the screen's norm column.
    assert report.title == "Bilans otwarcia"
    assert (report.about["Ośrodek"], report.about["Stan na dzień"]) == (centre.name, "20.11.2013")
    norms = [r[report.table.header.index("Norma (osoby na etat)")] for r in report.table.rows if r[0] == "specjalność"]
    assert norms and all(isinstance(n, int) and n > 0 for n in norms)
    out = tmp_path / "bilans.pdf"
    run_report(
        "opening-diagnosis", "--centre", "mops-sochaczew", "--date", "2013-11-20", "--format", "pdf", "--out", str(out)
    )
    assert "Bilans otwarcia" in PdfReader(str(out)).pages[0].extract_text()


def test_invalid_date_is_a_clear_message(sochaczew, client):
    centre, _specs = sochaczew
    client.force_login(MembershipFactory(institution=centre, role=Role.DIRECTOR).user)
    page = client.get("/planning/diagnosis/", {"date": "jutro"})
    assert page.status_code == 200
    assert "Wpisz poprawną datę" in page.content.decode()
