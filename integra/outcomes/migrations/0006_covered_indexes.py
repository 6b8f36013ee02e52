"""Results and follow-ups: no single-column indexes that a composite one already starts with.

result_kind_idx starts with institution_id, follow_up_once_per_kind with participation_id (issue 26, point 6).
"""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, Django's name for the column's own index): each covered by an index that starts with the column.
COVERED = [
    ("outcomes_result", "institution_id", "outcomes_result_institution_id_1b5bb570"),
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
                    model_name="result",
                    name="institution",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="institutions.institution",
                        verbose_name="centre",
                    ),
                ),
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
