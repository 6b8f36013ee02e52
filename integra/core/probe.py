"""Which of a page's short lists have any row, asked in one query, so that only those lists are read.

A person's page shows a dozen lists (contracts, plans, consultations, internships, referrals…) and most people
have rows in few of them. Each list read through the ORM costs ~0.6 ms of CPU even when it is empty (the SQL is
compiled, sent and its answer turned into objects), which is most of the page's time when the page is not cached
(issue 26, point 3). `nonempty` asks `EXISTS` of every table in one hand-written statement (~0.1 ms); a caller
then reads only the lists whose table has a row of the person:

    present = nonempty({"contracts": (SocialContract, "participant", person.pk), ...})
    contracts = list(scoped_query) if "contracts" in present else []

A probe must be a necessary condition of the list having a row (its field and value are among the list's own
filters), so leaving a list out never changes the page: only lists that would be empty are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import connections, models


def nonempty(probes: Mapping[str, tuple[type[models.Model], str, Any]], using: str = "default") -> set[str]:
    """The names of the probes `(model, field, value)` whose table has a row with `field` = value.

    A probe whose value is None is never asked (and never present); no query at all when none is left."""
    asked = [(name, model, field, value) for name, (model, field, value) in probes.items() if value is not None]
    if not asked:
        return set()
    connection = connections[using]
    quote = connection.ops.quote_name
    exists = [
        # Table and column names come from the models' own metadata, never from input; the values are parameters.
        f"EXISTS (SELECT 1 FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.get_field(field).column)} = %s)"  # noqa: S608
        for _name, model, field, _value in asked
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(exists), [value for *_rest, value in asked])
        answers = cursor.fetchone()
    return {name for (name, *_rest), present in zip(asked, answers, strict=True) if present}
