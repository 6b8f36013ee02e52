from django.db import migrations

from integra.people import stamps
from integra.people.stamps import Stamped

# The tables of this app that the participant page's timeline shows (integra.people.stamps).
TABLES = [
    Stamped("support_instrument", "id", "everyone", events=("UPDATE", "DELETE")),
    Stamped("support_activity", "institution_id", "centre", events=("UPDATE", "DELETE")),
    Stamped("support_session", "institution_id", "centre", events=("UPDATE", "DELETE")),
    Stamped("support_event", "institution_id", "centre", events=("UPDATE", "DELETE")),
    Stamped("support_sessionmarks", "session_id", "session", events=("INSERT", "DELETE")),
    Stamped("support_enrolment", "participant_id", "person"),
    Stamped("support_attendance", "participant_id", "person"),
    Stamped("support_consultation", "participant_id", "person"),
    Stamped("support_internship", "participant_id", "person"),
    Stamped("support_communitywork", "participant_id", "person"),
    Stamped("support_referral", "participant_id", "person"),
    Stamped("support_eventparticipant", "participant_id", "person"),
    Stamped("support_familyassistantvisit", "household_id", "household"),
]


def install(apps, schema_editor):
    stamps.install(TABLES, schema_editor.connection)


def uninstall(apps, schema_editor):
    stamps.drop(TABLES, schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("support", "0005_sessionmarks"),
        ("people", "0011_timeline_stamps"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
