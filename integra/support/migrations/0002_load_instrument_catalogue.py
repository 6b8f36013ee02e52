"""Load the shared instrument catalogue of domain.md §5 (four groups plus social work)."""

from django.db import migrations

# (code, Polish name, group) — the names are what centres call them, so they are stored in Polish.
CATALOGUE = [
    ("social-skills-training", "Trening kompetencji i umiejętności społecznych", "social"),
    ("adaptation-training", "Trening adaptacyjny (budżet domowy, wizerunek, pułapki konsumenckie)", "social"),
    ("support-group", "Grupa wsparcia i samopomocy", "social"),
    ("psychological-counselling", "Poradnictwo psychologiczne (indywidualne, grupowe)", "social"),
    ("legal-advice", "Poradnictwo prawne", "social"),
    ("family-assistant", "Asystent rodziny", "social"),
    ("financial-advice", "Poradnictwo finansowe i oddłużeniowe", "social"),
    ("educational-workshops", "Warsztaty edukacyjne", "social"),
    ("art-therapy", "Arteterapia", "social"),
    ("community-events", "Imprezy środowiskowe (festyn)", "social"),
    ("children-tutoring", "Korepetycje dla dzieci uczestników", "social"),
    ("career-counselling", "Doradztwo zawodowe i Indywidualny Plan Działania (IPD)", "vocational"),
    ("job-search-support", "Pośrednictwo i wsparcie w poszukiwaniu pracy", "vocational"),
    ("internship", "Staż zawodowy", "vocational"),
    ("socially-useful-work", "Prace społecznie użyteczne", "vocational"),
    ("public-works", "Roboty publiczne", "vocational"),
    ("cis-referral", "Skierowanie do Centrum Integracji Społecznej", "vocational"),
    ("supported-employment", "Zatrudnienie wspierane", "vocational"),
    ("vocational-course", "Kurs zawodowy", "educational"),
    ("computer-basics", "Podstawy obsługi komputera", "educational"),
    ("formal-education", "Uzupełnianie wykształcenia", "educational"),
    ("addiction-therapy", "Terapia uzależnień", "health"),
    ("rehabilitation", "Rehabilitacja i sprzęt rehabilitacyjny", "health"),
    ("psychotherapy", "Psychoterapia", "health"),
    ("correction-education", "Program korekcyjno-edukacyjny", "health"),
    ("social-work", "Praca socjalna", "social_work"),
]


def load(apps, schema_editor):
    Instrument = apps.get_model("support", "Instrument")
    for code, name, group in CATALOGUE:
        Instrument.objects.update_or_create(institution=None, code=code, defaults={"name": name, "group": group})


def unload(apps, schema_editor):
    Instrument = apps.get_model("support", "Instrument")
    codes = [code for code, _name, _group in CATALOGUE]
    unused = Instrument.objects.filter(institution=None, code__in=codes, activities__isnull=True, consultations__isnull=True)
    unused.delete()


class Migration(migrations.Migration):
    dependencies = [("support", "0001_activities_sessions_attendance")]

    operations = [migrations.RunPython(load, unload)]
