"""History: the actor's index holds only the entries that have one (none for the system or a command line).

Every person a sheet imports from the command line wrote a NULL entry into it (issue 26, point 6); every
lookup by actor is by equality, which the partial index serves.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (table, column, Django's name for the column's own index): replaced by a partial index of the rows that have one.
REPLACED = [
    ("core_historyentry", "actor_id", "core_historyentry_actor_id_2e9a38b0"),
]


def _drop(table: str, column: str, name: str) -> migrations.RunSQL:
    # SQL, not AlterField: SQLite would rebuild the table for it, losing the triggers of the summaries.
    return migrations.RunSQL(f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_cache_table"),
        ("institutions", "0003_service_account_content_type"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historyentry",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[_drop(*index) for index in REPLACED],
        ),
        migrations.AddIndex(
            model_name="historyentry",
            index=models.Index(
                condition=models.Q(("actor__isnull", False)), fields=["actor"], name="history_actor_idx"
            ),
        ),
    ]
