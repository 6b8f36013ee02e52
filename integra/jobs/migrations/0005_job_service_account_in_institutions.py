"""A job's service account is now `institutions.ServiceAccount` (moved from the API app): the same table, so the
column and its foreign key stay; only Django's state follows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('institutions', '0002_service_account_from_api'),
        ('jobs', '0004_job_request_hash'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='job',
                    name='service_account',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='institutions.serviceaccount'),
                ),
            ],
        ),
    ]
