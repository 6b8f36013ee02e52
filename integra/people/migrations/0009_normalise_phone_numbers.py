"""Phone numbers stored normalised (+48…), as every door now stores them (integra.core.phone).

A number that cannot be normalised is never lost: it is kept exactly as it was typed, and the person's page
flags it („numer do sprawdzenia”, `Participant.phone_needs_check`); no text message goes to it until staff
correct it. The reverse keeps the normalised numbers (the typed spelling is not needed to reach anyone).
"""

import re

from django.db import migrations

_SEPARATORS = re.compile(r"[\s\-./()]")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")


def _normalise(raw):
    """A frozen copy of integra.core.phone.normalise (a migration must not change when that module does)."""
    compact = _SEPARATORS.sub("", (raw or "").strip())
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+"):
        number = compact
    elif compact.isdigit() and len(compact) == 9:
        number = "+48" + compact
    elif compact.isdigit() and len(compact) == 11 and compact.startswith("48"):
        number = "+" + compact
    else:
        return None
    if not _E164.match(number) or (number.startswith("+48") and len(number) != 12):
        return None
    return number


def normalise_numbers(apps, schema_editor):
    Participant = apps.get_model("people", "Participant")
    changed = []
    for pk, phone in Participant.objects.exclude(phone="").values_list("pk", "phone").iterator(chunk_size=2000):
        number = _normalise(phone)
        if number is not None and number != phone:
            changed.append(Participant(pk=pk, phone=number))
        if len(changed) >= 1000:
            Participant.objects.bulk_update(changed, ["phone"])
            changed = []
    if changed:
        Participant.objects.bulk_update(changed, ["phone"])


class Migration(migrations.Migration):
    dependencies = [("people", "0008_consent_channels_given_via")]

    operations = [migrations.RunPython(normalise_numbers, migrations.RunPython.noop)]
