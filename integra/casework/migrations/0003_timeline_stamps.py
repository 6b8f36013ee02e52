from django.db import migrations

from integra.people import stamps
from integra.people.stamps import Stamped

# The tables of this app that the participant page's timeline shows (integra.people.stamps).
TABLES = [
    Stamped("casework_socialcontract", "participant_id", "person"),
    Stamped("casework_individualplan", "participant_id", "person"),
    Stamped("casework_programmeparticipant", "participant_id", "person"),
    Stamped("casework_casenote", "participant_id", "person"),
    Stamped("casework_localactivityprogramme", "institution_id", "centre", events=("UPDATE", "DELETE")),
]


def install(apps, schema_editor):
    stamps.install(TABLES, schema_editor.connection)


def uninstall(apps, schema_editor):
    stamps.drop(TABLES, schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0002_field_names_in_polish"),
        ("people", "0011_timeline_stamps"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
