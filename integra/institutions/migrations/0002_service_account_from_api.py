"""ServiceAccount moves from integra.api to integra.institutions, beside Membership: both are principals a request
or a job acts as, and the jobs (below the API) point at it. Only Django's state moves: the table keeps its name
(`api_serviceaccount`, `Meta.db_table`), so its rows and the foreign keys to it stay as they are."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0001_service_accounts'),
        ('institutions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ServiceAccount',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('role', models.CharField(choices=[('administrator', 'administrator'), ('director', 'director'), ('coordinator', 'coordinator'), ('social_worker', 'social worker'), ('specialist', 'specialist'), ('accountant', 'accountant'), ('auditor', 'read-only auditor'), ('dpo', 'data protection officer'), ('regional_supervisor', 'regional supervisor')], max_length=30, verbose_name='role')),
                        ('specialty', models.CharField(blank=True, choices=[('social_worker', 'social worker'), ('psychologist', 'psychologist'), ('career_advisor', 'career advisor'), ('lawyer', 'lawyer'), ('therapist', 'therapist'), ('family_assistant', 'family assistant'), ('financial_advisor', 'financial advisor')], max_length=30, verbose_name='specialty')),
                        ('token_hash', models.CharField(max_length=64, unique=True)),
                        ('token_prefix', models.CharField(max_length=12, verbose_name='token begins with')),
                        ('expires_on', models.DateField(blank=True, null=True, verbose_name='valid until')),
                        ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked at')),
                        ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='last used')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('institution', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='institutions.institution', verbose_name='centre')),
                        ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='service_account', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'API service account',
                        'verbose_name_plural': 'API service accounts',
                        'ordering': ['name', 'id'],
                        'db_table': 'api_serviceaccount',
                        'constraints': [models.UniqueConstraint(fields=('institution', 'name'), name='service_account_name_unique_per_centre'), models.CheckConstraint(condition=models.Q(models.Q(('role', 'specialist'), _negated=True), models.Q(('specialty', ''), _negated=True), _connector='OR'), name='service_account_specialist_has_specialty')],
                    },
                ),
            ],
        ),
    ]
