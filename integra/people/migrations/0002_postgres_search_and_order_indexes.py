"""PostgreSQL indexes for the participant list of a large centre (measured by bench/list_search.py).

- Surname prefix search (`last_name_key LIKE 'kowal%'`) can use a B-tree only with a pattern
  operator class unless the database collation is "C"; without it a search scanned the whole centre.
- The list is ordered by surname and first name in Polish order (`COLLATE "pl"`) and paginated; an
  index in that order lets a page be read from the index instead of sorting the whole centre.

Both start with institution_id, like every index serving a screen. SQLite needs neither (its LIKE
is not index-assisted here and its collation lives in Python), so they are created on PostgreSQL only.
"""

from django.db import migrations

INDEXES = {
    "participant_surname_prefix_idx":
        "ON people_participant (institution_id, last_name_key varchar_pattern_ops)",
    "participant_polish_order_idx":
        'ON people_participant (institution_id, (last_name COLLATE "pl"), (first_name COLLATE "pl"), id)',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial"), ("core", "0002_polish_collation")]
    operations = [migrations.RunPython(create, drop)]
