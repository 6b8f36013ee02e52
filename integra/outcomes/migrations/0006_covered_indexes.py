"""Follow-ups: no index of their own on the participation; follow_up_once_per_kind starts with it (issue 26, point 6).

Results keep theirs on the centre although result_kind_idx starts with it: without it the planner read a
centre's results by a parallel scan of the whole table (a project dashboard's results by kind 34 ms against 7 ms,
EXPLAIN ANALYZE on the 200,000-person bench set).
"""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, Django's name for the column's own index): each covered by an index that starts with the column.
COVERED = [
    ("outcomes_followup", "participation_id", "outcomes_followup_participation_id_02b45871"),
]


def _drop(table: str, column: str, name: str) -> migrations.RunSQL:
    # SQL, not AlterField: SQLite would rebuild the table for it, losing the triggers of the summaries.
    return migrations.RunSQL(f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})")


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0005_timeline_stamps")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="followup",
                    name="participation",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="follow_ups",
                        to="projects.participation",
                        verbose_name="participation in the project",
                    ),
                ),
            ],
            database_operations=[_drop(*index) for index in COVERED],
        ),
    ]
