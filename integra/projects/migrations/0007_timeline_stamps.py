from django.db import migrations

from integra.people import stamps
from integra.people.stamps import Stamped

# The tables of this app that the participant page's timeline shows (integra.people.stamps).
TABLES = [
    Stamped("projects_project", "institution_id", "centre", events=("UPDATE", "DELETE")),
    Stamped("projects_participation", "participant_id", "person"),
]


def install(apps, schema_editor):
    stamps.install(TABLES, schema_editor.connection)


def uninstall(apps, schema_editor):
    stamps.drop(TABLES, schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0006_field_names_in_polish"),
        ("people", "0011_timeline_stamps"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
