"""The content type of the service accounts follows the model to `institutions`, so their history entries
(`HistoryEntry.content_type`), permissions and admin log entries still find them."""

from django.db import migrations


def _rename(apps, from_app: str, to_app: str, model: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label=from_app, model=model).first()
    if old is None:
        return  # a fresh database: the content type is made after migrating, under its new app
    new = ContentType.objects.filter(app_label=to_app, model=model).first()
    if new is not None:
        # Made by a `migrate` that stopped between the steps: what points at it moves to the old row first.
        HistoryEntry = apps.get_model("core", "HistoryEntry")
        HistoryEntry.objects.filter(content_type=new).update(content_type=old)
        apps.get_model("auth", "Permission").objects.filter(content_type=new).delete()
        new.delete()
    old.app_label = to_app
    old.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _rename(apps, "api", "institutions", "serviceaccount")


def backwards(apps, schema_editor):
    _rename(apps, "institutions", "api", "serviceaccount")


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0002_service_account_to_institutions'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0004_cache_table'),
        ('institutions', '0002_service_account_from_api'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
