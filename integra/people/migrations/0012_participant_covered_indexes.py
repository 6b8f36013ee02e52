"""People: no index of their own on the centre, nor the (centre, PESEL) one beside the unique (centre, PESEL).

The surname, Polish-order, prefix and unique PESEL indexes all start with institution_id; a PESEL is only ever
looked up by equality, which the partial unique index serves. Two index entries less per person written (issue
26, point 6).
"""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, Django's name for the column's own index): each covered by an index that starts with the column.
COVERED = [
    ("people_participant", "institution_id", "people_participant_institution_id_8886faa7"),
]


def _drop(table: str, column: str, name: str) -> migrations.RunSQL:
    # SQL, not AlterField: SQLite would rebuild the table for it, losing the triggers of the summaries.
    return migrations.RunSQL(f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})")


class Migration(migrations.Migration):
    dependencies = [("people", "0011_timeline_stamps")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="participant",
                    name="institution",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="institutions.institution",
                        verbose_name="centre",
                    ),
                ),
            ],
            database_operations=[_drop(*index) for index in COVERED],
        ),
        migrations.RemoveIndex(model_name="participant", name="participant_pesel_idx"),
    ]
