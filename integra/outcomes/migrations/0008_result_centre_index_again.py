"""Results: their own index on the centre again.

An earlier migration of this app dropped these single-column indexes because a wider index starts with the same column. The
planner then read a centre's or a project's rows by parallel scans of the whole table (a project dashboard's
results by kind 34 ms -> 7 ms with them again, EXPLAIN ANALYZE on the 200,000-person bench set).
"""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, Django's name for the column's own index, as before they were dropped)
INDEXES = [("outcomes_result", "institution_id", "outcomes_result_institution_id_1b5bb570")]


def _create(table: str, column: str, name: str) -> migrations.RunSQL:
    # SQL, not AlterField: SQLite would rebuild the table for it, losing the triggers of the summaries.
    return migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})", f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0003_service_account_content_type"),
        ("outcomes", "0007_partial_optional_key_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="result",
                    name="institution",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="institutions.institution",
                        verbose_name="centre",
                    ),
                ),
            ],
            database_operations=[_create(*index) for index in INDEXES],
        ),
    ]
