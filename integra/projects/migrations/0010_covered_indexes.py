"""Person-years: no index of their own on the centre; person_year_once starts with it (issue 26, point 6: index
entries written per imported person).

Participations keep theirs on the centre and the project although participation_project_idx and
participation_once_per_project start with them: without them the planner read a project's participations by a
parallel scan of the whole table (EXPLAIN ANALYZE on the 200,000-person bench set).
"""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, Django's name for the column's own index): each covered by an index that starts with the column.
COVERED = [
    ("projects_personyear", "institution_id", "projects_personyear_institution_id_fae64aca"),
]


def _drop(table: str, column: str, name: str) -> migrations.RunSQL:
    # SQL, not AlterField: SQLite would rebuild the table for it, losing the triggers of the summaries.
    return migrations.RunSQL(f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})")


class Migration(migrations.Migration):
    dependencies = [("projects", "0009_dashboard_counts_cheaper_triggers")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="personyear",
                    name="institution",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="institutions.institution",
                        verbose_name="centre",
                    ),
                ),
            ],
            database_operations=[_drop(*index) for index in COVERED],
        ),
    ]
