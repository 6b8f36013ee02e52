"""Contract numbers proposed in the centre's own numbering: the pattern of its newest contract, the next number.

Centres number contracts as a prefix, a running number and the year („KS/LEZ/004/2026”, „KS/12/2025”). The
proposal takes the prefix and the width of the running number from the centre's newest contract, and the next
running number after the highest one of that prefix in the year of the contract; a new year starts at 1. A centre
without contracts starts with `DEFAULT_PREFIX`. Staff may still correct the proposal; the service refuses a
number the centre already has (`services.NUMBER_TAKEN`).
"""

from __future__ import annotations

import re

from integra.casework.models import SocialContract

NUMBERED = re.compile(r"^(?P<prefix>.*?)(?P<n>\d+)/(?P<year>\d{4})$")
DEFAULT_PREFIX, DEFAULT_WIDTH = "KS/", 3


def propose_contract_number(institution_id: int, year: int) -> str:
    """The next free number of the centre's numbering in `year`."""
    numbers = SocialContract.objects.for_institution(institution_id).order_by("-pk").values_list("number", flat=True)
    prefix, width = DEFAULT_PREFIX, DEFAULT_WIDTH
    for number in numbers[:50]:
        if match := NUMBERED.match(number):
            prefix, width = match["prefix"], len(match["n"])
            break
    taken = set(numbers.filter(number__startswith=prefix, number__endswith=f"/{year}"))
    used = [int(m["n"]) for m in map(NUMBERED.match, taken) if m and m["prefix"] == prefix]
    return f"{prefix}{max(used, default=0) + 1:0{width}d}/{year}"
