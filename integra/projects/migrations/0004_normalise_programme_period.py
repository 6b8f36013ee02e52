"""Programming periods typed as free text become the keys of the choice (`2021-2027`).

Until now the field took any text, so „2021–2027” (an en dash), „2014 - 2020” or „2014/2020” were saved and
the indicators screen then refused the project. Dashes, slashes and spaces between two years are normalised to
the key. A value that names no known period (blank, „2000-2006”, „RPO”) gets the period in which the project
started (up to 2013: 2007-2013; up to 2020: 2014-2020; later: 2021-2027), which is the set its indicators
were reported in; each such project is named on the console so that staff can check it.

Reverse: nothing to undo — every value written here was a valid free-text period before.
"""

import re

from django.db import migrations

KNOWN = ("2007-2013", "2014-2020", "2021-2027")
_BETWEEN_YEARS = re.compile(r"^\s*(\d{4})\s*[-‐‑‒–—―−/]\s*(\d{4})\s*$")


def period_for(value: str, start_year: int) -> tuple[str, bool]:
    """(the key, whether it had to be guessed from the start year)."""
    match = _BETWEEN_YEARS.match(value or "")
    if match and f"{match[1]}-{match[2]}" in KNOWN:
        return f"{match[1]}-{match[2]}", False
    if start_year <= 2013:
        return KNOWN[0], True
    if start_year <= 2020:
        return KNOWN[1], True
    return KNOWN[2], True


def normalise(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    for project in Project.objects.exclude(programme_period__in=KNOWN).only("pk", "code", "programme_period", "start_on"):
        period, guessed = period_for(project.programme_period, project.start_on.year)
        if guessed:
            print(f"  project {project.pk} ({project.code}): programming period {project.programme_period!r} -> {period}")
        Project.objects.filter(pk=project.pk).update(programme_period=period)


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_severe_disability_threshold")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
