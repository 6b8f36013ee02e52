"""The shared cache's table (settings.CACHES: DatabaseCache `integra_cache` unless Redis is configured).

Every app server reads the same cache, so nothing depends on one process's memory; `createcachetable`
creates nothing when the cache is Redis, and nothing twice.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_access_log"),
    ]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
