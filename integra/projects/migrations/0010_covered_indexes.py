"""Participations and person-years: no single-column indexes that a composite one already starts with.

participation_project_idx starts with institution_id, participation_once_per_project with project_id,
person_year_once with institution_id (issue 26, point 6: index entries written per imported person).
"""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, Django's name for the column's own index): each covered by an index that starts with the column.
COVERED = [
    ("projects_participation", "institution_id", "projects_participation_institution_id_b57d5591"),
    ("projects_participation", "project_id", "projects_participation_project_id_6cd5bdb9"),
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
                    model_name="participation",
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
                    model_name="participation",
                    name="project",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="participations",
                        to="projects.project",
                        verbose_name="project",
                    ),
                ),
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
