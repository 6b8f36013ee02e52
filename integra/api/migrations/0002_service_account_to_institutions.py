"""ServiceAccount now lives in integra.institutions (institutions.0002); the API app keeps no model. The table
stays (`api_serviceaccount`, owned by institutions.ServiceAccount), so nothing is dropped here: state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0001_service_accounts'),
        ('institutions', '0002_service_account_from_api'),
        ('jobs', '0005_job_service_account_in_institutions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name='ServiceAccount')],
        ),
    ]
