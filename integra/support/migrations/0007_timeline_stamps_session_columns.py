from django.db import migrations

from integra.people import stamps
from integra.people.stamps import Stamped

# A session's row is written by every attendance save (its version): the timelines of the whole centre were
# invalidated each time. Only its activity and duration show (hours by group), and a new session can turn an
# activity without sessions, whose completed enrolments count its planned hours, into one with them.
BEFORE = [Stamped("support_session", "institution_id", "centre", events=("UPDATE", "DELETE"))]
AFTER = [
    Stamped(
        "support_session",
        "institution_id",
        "centre",
        events=("INSERT", "UPDATE", "DELETE"),
        shown=("activity_id", "duration_minutes"),
    )
]


def forwards(apps, schema_editor):
    stamps.drop(BEFORE, schema_editor.connection)
    stamps.install(AFTER, schema_editor.connection)


def backwards(apps, schema_editor):
    stamps.drop(AFTER, schema_editor.connection)
    stamps.install(BEFORE, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0006_timeline_stamps"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
