"""History: no index of its own on the centre; history_object_idx starts with it (issue 26, point 6)."""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, Django's name for the column's own index): each covered by an index that starts with the column.
COVERED = [
    ("core_historyentry", "institution_id", "core_historyentry_institution_id_515c355b"),
]


def _drop(table: str, column: str, name: str) -> migrations.RunSQL:
    # SQL, not AlterField: SQLite would rebuild the table for it, losing the triggers of the summaries.
    return migrations.RunSQL(f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_cache_table")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historyentry",
                    name="institution",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="institutions.institution",
                    ),
                ),
            ],
            database_operations=[_drop(*index) for index in COVERED],
        ),
    ]
