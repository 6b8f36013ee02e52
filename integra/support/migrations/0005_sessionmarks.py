import django.db.models.deletion
from django.db import migrations, models


def install(apps, schema_editor):
    from integra.support import marks

    marks.install_triggers(schema_editor.connection)
    marks.rebuild(schema_editor.connection)  # the marks already written


def uninstall(apps, schema_editor):
    from integra.support import marks

    marks.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('support', '0004_field_names_in_polish'),
    ]

    operations = [
        migrations.CreateModel(
            name='SessionMarks',
            fields=[
                ('session', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='marks', serialize=False, to='support.session', verbose_name='session')),
                ('marks', models.PositiveIntegerField(verbose_name='marks on the list')),
                ('present', models.PositiveIntegerField(verbose_name='present')),
            ],
            options={
                'verbose_name': 'attendance summary of a session',
                'verbose_name_plural': 'attendance summaries of sessions',
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
