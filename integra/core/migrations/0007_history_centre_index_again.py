"""History: its own index on the centre again.

An earlier migration of this app dropped these single-column indexes because a wider index starts with the same column. The
planner then read a centre's or a project's rows by parallel scans of the whole table (a project dashboard's
results by kind 34 ms -> 7 ms with them again, EXPLAIN ANALYZE on the 200,000-person bench set).
"""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, Django's name for the column's own index, as before they were dropped)
INDEXES = [("core_historyentry", "institution_id", "core_historyentry_institution_id_515c355b")]


def _create(table: str, column: str, name: str) -> migrations.RunSQL:
    # SQL, not AlterField: SQLite would rebuild the table for it, losing the triggers of the summaries.
    return migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})", f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("core", "0006_history_actor_partial_index"), ("institutions", "0003_service_account_content_type")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historyentry",
                    name="institution",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="institutions.institution"
                    ),
                ),
            ],
            database_operations=[_create(*index) for index in INDEXES],
        ),
    ]
