"""Follow-ups and results: the optional keys' indexes hold only the rows that have one.

Every follow-up and result a sheet creates has no confirming membership, employer or (from the command line)
recording membership: a NULL entry each in a full index (issue 26, point 6). Every lookup by these keys is by
equality, which the partial indexes serve.
"""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, Django's name for the column's own index): replaced by a partial index of the rows that have one.
REPLACED = [
    ("outcomes_followup", "confirmed_by_id", "outcomes_followup_confirmed_by_id_32fe1033"),
    ("outcomes_result", "employer_id", "outcomes_result_employer_id_f6556efe"),
    ("outcomes_result", "recorded_by_id", "outcomes_result_recorded_by_id_a7b498f6"),
]


def _drop(table: str, column: str, name: str) -> migrations.RunSQL:
    # SQL, not AlterField: SQLite would rebuild the table for it, losing the triggers of the summaries.
    return migrations.RunSQL(f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})")


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0003_service_account_content_type"),
        ("outcomes", "0006_covered_indexes"),
        ("projects", "0010_covered_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="followup",
                    name="confirmed_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="institutions.membership",
                        verbose_name="confirmed by",
                    ),
                ),
                migrations.AlterField(
                    model_name="result",
                    name="employer",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="institutions.partner",
                        verbose_name="employer",
                    ),
                ),
                migrations.AlterField(
                    model_name="result",
                    name="recorded_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="institutions.membership",
                        verbose_name="recorded by",
                    ),
                ),
            ],
            database_operations=[_drop(*index) for index in REPLACED],
        ),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(
                condition=models.Q(("confirmed_by__isnull", False)),
                fields=["confirmed_by"],
                name="follow_up_confirmed_by_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="result",
            index=models.Index(
                condition=models.Q(("employer__isnull", False)), fields=["employer"], name="result_employer_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="result",
            index=models.Index(
                condition=models.Q(("recorded_by__isnull", False)),
                fields=["recorded_by"],
                name="result_recorded_by_idx",
            ),
        ),
    ]
