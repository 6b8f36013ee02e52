"""PostgreSQL: an ICU collation named "pl" so ORDER BY … COLLATE "pl" sorts Ł after L everywhere.

SQLite registers the same name on each connection (integra.core.collation).
"""

from django.db import migrations


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE COLLATION IF NOT EXISTS pl (provider = icu, locale = 'pl-PL')")


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS pl")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(create_collation, drop_collation)]
