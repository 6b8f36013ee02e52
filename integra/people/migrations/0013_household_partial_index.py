"""People: the household index holds only the people who have one.

Most people, and every one a sheet creates, have no household: a NULL entry each in a full index (issue 26,
point 6). A household's people are looked up by equality, which the partial index serves.
"""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, Django's name for the column's own index): replaced by a partial index of the rows that have one.
REPLACED = [
    ("people_participant", "household_id", "people_participant_household_id_e00522f5"),
]


def _drop(table: str, column: str, name: str) -> migrations.RunSQL:
    # SQL, not AlterField: SQLite would rebuild the table for it, losing the triggers of the summaries.
    return migrations.RunSQL(f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})")


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0003_service_account_content_type"),
        ("people", "0012_participant_covered_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="participant",
                    name="household",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="participants",
                        to="people.household",
                        verbose_name="household",
                    ),
                ),
            ],
            database_operations=[_drop(*index) for index in REPLACED],
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                condition=models.Q(("household__isnull", False)), fields=["household"], name="participant_household_idx"
            ),
        ),
    ]
