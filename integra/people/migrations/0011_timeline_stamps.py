from django.db import migrations, models

from integra.people import stamps
from integra.people.stamps import Stamped

# The tables of this app and of the apps below it that the participant page's timeline shows.
TABLES = [
    Stamped("people_participant", "id", "person", events=("UPDATE", "DELETE")),
    Stamped("people_consent", "participant_id", "person"),
    Stamped("people_household", "id", "household", events=("UPDATE",)),
    Stamped("institutions_membership", "institution_id", "centre"),
    Stamped("institutions_partner", "institution_id", "centre", events=("UPDATE", "DELETE")),
]


def install(apps, schema_editor):
    stamps.install(TABLES, schema_editor.connection)


def uninstall(apps, schema_editor):
    stamps.drop(TABLES, schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0010_field_names_in_polish"),
        ("institutions", "0003_service_account_content_type"),
    ]

    operations = [
        migrations.CreateModel(
            name="TimelineStamp",
            fields=[
                ("participant_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField()),
            ],
            options={"verbose_name": "version of a person's timeline"},
        ),
        migrations.CreateModel(
            name="CentreTimelineStamp",
            fields=[
                ("institution_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField()),
            ],
            options={"verbose_name": "version of a centre's timelines"},
        ),
        migrations.RunPython(install, uninstall),
    ]
