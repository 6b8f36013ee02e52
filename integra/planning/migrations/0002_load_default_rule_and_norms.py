"""The default staffing rule (domain.md §9) and caseload norms; administrators change them later."""

import datetime as dt

from django.db import migrations

NORMS = {
    "social_worker": 50,
    "psychologist": 60,
    "career_advisor": 80,
    "lawyer": 120,
    "therapist": 40,
    "family_assistant": 15,
    "financial_advisor": 100,
}


def load(apps, schema_editor):
    StaffingRule = apps.get_model("planning", "StaffingRule")
    CaseloadNorm = apps.get_model("planning", "CaseloadNorm")
    if not StaffingRule.objects.exists():
        StaffingRule.objects.create(
            valid_from=dt.date(2004, 5, 1), inhabitants_per_worker=2000, households_per_worker=50, minimum_workers=3,
            legal_basis="art. 110 ust. 11 ustawy o pomocy społecznej",
        )
    for specialty, people in NORMS.items():
        CaseloadNorm.objects.get_or_create(specialty=specialty, defaults={"people_per_fte": people})


def unload(apps, schema_editor):
    apps.get_model("planning", "StaffingRule").objects.filter(valid_from=dt.date(2004, 5, 1)).delete()
    apps.get_model("planning", "CaseloadNorm").objects.filter(specialty__in=NORMS).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_staffing_rule_norms_needs")]

    operations = [migrations.RunPython(load, unload)]
